import { describe, expect, it } from "vitest";
import {
  DEFAULT_REFERENCE_POLICY,
  newReference,
  REFERENCE_ALPHABETS,
  type ReferencePolicy,
} from "./reference-code.ts";

const digits: ReferencePolicy = { length: 6, alphabet: "digits" };
const alphanumeric: ReferencePolicy = { length: 5, alphabet: "alphanumeric" };

/** A deterministic stand-in for crypto.randomInt that records the bounds it was asked for. */
function scripted(values: readonly number[]) {
  const bounds: number[] = [];
  let next = 0;
  const random = (maxExclusive: number): number => {
    bounds.push(maxExclusive);
    const value = values[next % values.length] ?? 0;
    next++;
    return value;
  };
  return { random, bounds };
}

describe("newReference", () => {
  it("defaults to six digits", () => {
    expect(DEFAULT_REFERENCE_POLICY).toEqual({ length: 6, alphabet: "digits" });
    for (let i = 0; i < 200; i++) expect(newReference(DEFAULT_REFERENCE_POLICY)).toMatch(/^\d{6}$/);
  });

  it("honours the policy's length", () => {
    for (const length of [3, 4, 8, 12]) {
      expect(newReference({ length, alphabet: "digits" })).toHaveLength(length);
      expect(newReference({ length, alphabet: "alphanumeric" })).toHaveLength(length);
    }
  });

  it("draws only from the policy's alphabet", () => {
    const allowed = new Set(REFERENCE_ALPHABETS.alphanumeric);
    for (let i = 0; i < 500; i++) {
      for (const char of newReference(alphanumeric)) expect(allowed.has(char), char).toBe(true);
    }
  });

  it("leaves confusable characters out of the alphanumeric alphabet", () => {
    for (const char of ["0", "O", "1", "I", "L", "5", "S", "2", "Z"]) {
      expect(REFERENCE_ALPHABETS.alphanumeric).not.toContain(char);
    }
  });

  it("uses upper-case letters and digits only, each once", () => {
    const alphabet = REFERENCE_ALPHABETS.alphanumeric;
    expect(alphabet).toMatch(/^[A-Z0-9]+$/);
    expect(new Set(alphabet).size).toBe(alphabet.length);
    expect(REFERENCE_ALPHABETS.digits).toBe("0123456789");
  });

  it("maps the injected random numbers onto the alphabet", () => {
    const { random, bounds } = scripted([4, 8, 2, 1, 0, 9]);
    expect(newReference(digits, 0, random)).toBe("482109");
    expect(bounds).toEqual([10, 10, 10, 10, 10, 10]);

    const alpha = scripted([0, 25, 6]);
    expect(newReference({ length: 3, alphabet: "alphanumeric" }, 0, alpha.random)).toBe("3YA");
    expect(alpha.bounds).toEqual([26, 26, 26]);
  });

  it.each([
    [0, 6],
    [1, 6],
    [2, 7],
    [3, 7],
    [4, 8],
    [5, 8],
    [9, 10],
  ])("after %i collisions the reference has %i characters", (attempt, length) => {
    expect(newReference(digits, attempt, scripted([7]).random)).toBe("7".repeat(length));
  });

  it("spreads over the whole alphabet", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) for (const char of newReference(alphanumeric)) seen.add(char);
    expect(seen.size).toBe(REFERENCE_ALPHABETS.alphanumeric.length);
  });
});

import { describe, expect, it } from "vitest";
import { type IdPrefix, newApiKey, newId } from "./ids.ts";

// Crockford-style base32, lower case: no i, l, o, u.
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const PREFIXES: readonly IdPrefix[] = ["pay", "mer", "key", "msg", "mt", "eff", "in", "sbx"];

describe("newId", () => {
  it.each(PREFIXES)("starts with %s_ and carries 26 base32 characters (128 bits)", (prefix) => {
    const id = newId(prefix);
    expect(id.startsWith(`${prefix}_`)).toBe(true);
    expect(id.slice(prefix.length + 1)).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it("uses only the base32 alphabet, and all of it", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) for (const char of newId("pay").slice(4)) seen.add(char);
    expect([...seen].sort().join("")).toBe(ALPHABET);
  });

  it("ends on a character carrying the last 3 bits (128 = 25 x 5 + 3)", () => {
    // The last character holds 3 bits shifted left by 2, so it is one of 8 characters.
    const allowed = new Set(["0", "4", "8", "c", "g", "m", "r", "w"]);
    for (let i = 0; i < 200; i++) expect(allowed.has(newId("pay").slice(-1))).toBe(true);
  });

  it("never repeats over 10,000 ids", () => {
    const ids = new Set<string>();
    for (let i = 0; i < 10_000; i++) ids.add(newId("pay"));
    expect(ids.size).toBe(10_000);
  });
});

describe("newApiKey", () => {
  it("starts with sk_ and carries 39 base32 characters (192 bits)", () => {
    const apiKey = newApiKey();
    expect(apiKey).toMatch(/^sk_[0-9a-hjkmnp-tv-z]{39}$/);
  });

  it("never repeats over 10,000 keys", () => {
    const keys = new Set<string>();
    for (let i = 0; i < 10_000; i++) keys.add(newApiKey());
    expect(keys.size).toBe(10_000);
  });
});

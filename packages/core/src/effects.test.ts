import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from "./effects.ts";

const POLICY: RetryPolicy = { maxAttempts: 12, baseDelayMs: 1_000, maxDelayMs: 60_000 };
const lowest = (): number => 0;
const highest = (): number => 1;

describe("retryDelayMs", () => {
  it("doubles the ceiling with every attempt", () => {
    const ceilings = [1, 2, 3, 4, 5, 6].map((attempts) => retryDelayMs(attempts, POLICY, highest));
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000]);
  });

  it("never waits less than half the ceiling", () => {
    const floors = [1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, POLICY, lowest));
    expect(floors).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it("is capped by maxDelayMs", () => {
    expect(retryDelayMs(7, POLICY, highest)).toBe(60_000);
    expect(retryDelayMs(12, POLICY, highest)).toBe(60_000);
    expect(retryDelayMs(12, POLICY, lowest)).toBe(30_000);
    expect(retryDelayMs(10_000, POLICY, highest)).toBe(60_000);
  });

  it("stays within [ceiling/2, ceiling] for any random value", () => {
    for (let attempts = 1; attempts <= 15; attempts++) {
      const ceiling = Math.min(POLICY.maxDelayMs, POLICY.baseDelayMs * 2 ** (attempts - 1));
      for (const r of [0, 0.001, 0.25, 0.5, 0.75, 0.999, 1]) {
        const delay = retryDelayMs(attempts, POLICY, () => r);
        expect(delay, `attempt ${attempts}, random ${r}`).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay, `attempt ${attempts}, random ${r}`).toBeLessThanOrEqual(ceiling);
        expect(Number.isInteger(delay)).toBe(true);
      }
    }
  });

  it("treats attempts below 1 as the first attempt", () => {
    expect(retryDelayMs(0, POLICY, highest)).toBe(1_000);
    expect(retryDelayMs(-3, POLICY, highest)).toBe(1_000);
  });

  it("uses the default policy's 15 minute cap", () => {
    expect(retryDelayMs(DEFAULT_RETRY_POLICY.maxAttempts, DEFAULT_RETRY_POLICY, highest)).toBe(
      15 * 60_000,
    );
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, highest)).toBe(1_000);
  });
});

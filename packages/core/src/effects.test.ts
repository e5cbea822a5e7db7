import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETRY_POLICY,
  effectFromStorage,
  NOTIFICATION_RETRY_POLICY,
  type RetryPolicy,
  retryDelayMs,
  retryPolicyFor,
} from "./effects.ts";

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

describe("retryPolicyFor", () => {
  it("keeps SMS and charges on the configured policy", () => {
    expect(retryPolicyFor("send_mt", POLICY)).toBe(POLICY);
    expect(retryPolicyFor("charge", POLICY)).toBe(POLICY);
  });

  it("retries notifications for about a day, as shared/webhooks.md promises shops", () => {
    expect(retryPolicyFor("deliver_webhook", POLICY)).toBe(NOTIFICATION_RETRY_POLICY);
    expect(retryPolicyFor("notify_platform", POLICY)).toBe(NOTIFICATION_RETRY_POLICY);
    // Waits happen between attempts: maxAttempts - 1 of them, each 3/4 of its ceiling on average.
    let averageMs = 0;
    for (let attempts = 1; attempts < NOTIFICATION_RETRY_POLICY.maxAttempts; attempts++) {
      const low = retryDelayMs(attempts, NOTIFICATION_RETRY_POLICY, lowest);
      const high = retryDelayMs(attempts, NOTIFICATION_RETRY_POLICY, highest);
      averageMs += (low + high) / 2;
    }
    expect(averageMs / 3_600_000).toBeGreaterThan(20);
    expect(averageMs / 3_600_000).toBeLessThan(28);
  });
});

describe("effectFromStorage", () => {
  const row = { id: "eff_1", paymentId: "pay_1", attempts: 2 };

  it("types the payload by the effect's kind", () => {
    const effect = effectFromStorage({
      ...row,
      kind: "deliver_webhook",
      payload: { eventId: "evt_1", endpointId: "we_1" },
    });
    expect(effect).toEqual({
      ...row,
      kind: "deliver_webhook",
      payload: { eventId: "evt_1", endpointId: "we_1" },
    });
  });

  it("refuses a payload that does not fit its kind", () => {
    expect(() =>
      effectFromStorage({ ...row, kind: "send_mt", payload: { paymentId: "pay_1" } }),
    ).toThrow(/does not fit kind send_mt/);
    expect(() =>
      effectFromStorage({
        ...row,
        kind: "notify_platform",
        payload: { paymentId: "pay_1", event: "payment.shipped", eventId: "evt_1" },
      }),
    ).toThrow(/does not fit/);
  });
});

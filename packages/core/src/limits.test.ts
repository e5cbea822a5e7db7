import { describe, expect, it } from "vitest";
import { SmspayError } from "./errors.ts";
import {
  assertWithinTransactionLimit,
  DEFAULT_LIMITS,
  type Limits,
  limitsFor,
  limitsSchema,
  spendPeriod,
} from "./limits.ts";
import type { Money } from "./money.ts";

function errorOf(run: () => void): SmspayError {
  try {
    run();
  } catch (error) {
    if (error instanceof SmspayError) return error;
    throw error;
  }
  throw new Error("expected an SmspayError, nothing was thrown");
}

const LIMITS: Limits = { EUR: { perTransaction: 30_00, monthly: 300_00 } };

describe("DEFAULT_LIMITS", () => {
  it("are the PSD2 telecom exclusion caps: EUR 50 per transaction, EUR 300 per month", () => {
    expect(DEFAULT_LIMITS).toEqual({ EUR: { perTransaction: 5000, monthly: 30000 } });
  });
});

describe("limitsFor", () => {
  it("returns the currency's limits, and nothing for other currencies", () => {
    expect(limitsFor(LIMITS, "EUR")).toEqual({ perTransaction: 3000, monthly: 30000 });
    expect(limitsFor(LIMITS, "GBP")).toBeUndefined();
  });

  it("does not treat inherited properties as a currency", () => {
    expect(limitsFor(LIMITS, "toString")).toBeUndefined();
    expect(limitsFor(LIMITS, "__proto__")).toBeUndefined();
  });
});

describe("assertWithinTransactionLimit", () => {
  it.each([1, 99, 29_99, 30_00])("accepts EUR %i (at or under the limit)", (amount) => {
    expect(() => assertWithinTransactionLimit(LIMITS, { amount, currency: "EUR" })).not.toThrow();
  });

  it.each([30_01, 50_00, 1_000_00])("refuses EUR %i with limit_exceeded", (amount) => {
    const error = errorOf(() => assertWithinTransactionLimit(LIMITS, { amount, currency: "EUR" }));
    expect(error.code).toBe("limit_exceeded");
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(String(amount));
  });

  it("applies the PSD2 default of EUR 50", () => {
    expect(() =>
      assertWithinTransactionLimit(DEFAULT_LIMITS, { amount: 50_00, currency: "EUR" }),
    ).not.toThrow();
    expect(
      errorOf(() =>
        assertWithinTransactionLimit(DEFAULT_LIMITS, { amount: 50_01, currency: "EUR" }),
      ).code,
    ).toBe("limit_exceeded");
  });

  it("refuses a currency without limits with amount_not_payable", () => {
    const price: Money = { amount: 1, currency: "GBP" };
    const error = errorOf(() => assertWithinTransactionLimit(LIMITS, price));
    expect(error.code).toBe("amount_not_payable");
    expect(error.message).toContain("GBP");
    expect(
      errorOf(() => assertWithinTransactionLimit({}, { amount: 1, currency: "EUR" })).code,
    ).toBe("amount_not_payable");
  });
});

describe("limitsSchema", () => {
  it("accepts per-currency limits", () => {
    const input = {
      EUR: { perTransaction: 5000, monthly: 30000 },
      GBP: { perTransaction: 3000, monthly: 3000 },
    };
    expect(limitsSchema.parse(input)).toEqual(input);
    expect(limitsSchema.parse({})).toEqual({});
  });

  it("rejects a per-transaction limit above the monthly one", () => {
    const result = limitsSchema.safeParse({ EUR: { perTransaction: 30001, monthly: 30000 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain(
      "perTransaction must not exceed monthly",
    );
  });

  it.each([
    ["a zero limit", { EUR: { perTransaction: 0, monthly: 30000 } }],
    ["a negative limit", { EUR: { perTransaction: -1, monthly: 30000 } }],
    ["a fractional limit", { EUR: { perTransaction: 49.5, monthly: 30000 } }],
    ["a limit as a string", { EUR: { perTransaction: "5000", monthly: 30000 } }],
    ["a missing monthly limit", { EUR: { perTransaction: 5000 } }],
    ["a lower-case currency", { eur: { perTransaction: 5000, monthly: 30000 } }],
    ["a currency that is not 3 letters", { EURO: { perTransaction: 5000, monthly: 30000 } }],
  ])("rejects %s", (_what, input) => {
    expect(limitsSchema.safeParse(input).success).toBe(false);
  });
});

describe("spendPeriod", () => {
  it("names the UTC calendar month", () => {
    expect(spendPeriod(new Date("2026-11-15T12:00:00Z"))).toBe("2026-11");
    expect(spendPeriod(new Date("2026-01-01T00:00:00Z"))).toBe("2026-01");
  });

  it("switches month exactly at midnight UTC", () => {
    expect(spendPeriod(new Date("2026-11-30T23:59:59.999Z"))).toBe("2026-11");
    expect(spendPeriod(new Date("2026-12-01T00:00:00Z"))).toBe("2026-12");
  });

  it("switches year at midnight UTC on 1 January", () => {
    expect(spendPeriod(new Date("2026-12-31T23:59:59.999Z"))).toBe("2026-12");
    expect(spendPeriod(new Date("2027-01-01T00:00:00Z"))).toBe("2027-01");
  });

  it("ignores the local offset of the instant", () => {
    // 00:30 on 1 December in Paris is still 30 November in UTC.
    expect(spendPeriod(new Date("2026-12-01T00:30:00+01:00"))).toBe("2026-11");
    // 20:00 on 30 November in New York is already 1 December in UTC.
    expect(spendPeriod(new Date("2026-11-30T20:00:00-05:00"))).toBe("2026-12");
  });
});

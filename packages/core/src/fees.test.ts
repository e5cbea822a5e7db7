import { describe, expect, it } from "vitest";
import { type FeeRule, feeRuleId, feesFor, pickFeeRule, validateFeeRule } from "./fees.ts";

function rule(overrides: Partial<FeeRule> = {}): FeeRule {
  const key = { merchantId: null, flow: "shortcode" as const, shortCode: "81450", currency: "EUR" };
  return {
    ...key,
    id: feeRuleId(key),
    operator: { bps: 3200, fixed: 0 },
    aggregator: { bps: 1000, fixed: 10 },
    ...overrides,
  };
}

describe("feesFor", () => {
  it("takes each party's percentage, rounded half up, plus its fixed part", () => {
    expect(feesFor(rule(), 450)).toEqual({ operator: 144, aggregator: 55 });
    // 99 * 45% = 44.55 -> 45; 99 * 15% = 14.85 -> 15, + 10 fixed
    const cheap = rule({ operator: { bps: 4500, fixed: 0 }, aggregator: { bps: 1500, fixed: 10 } });
    expect(feesFor(cheap, 99)).toEqual({ operator: 45, aggregator: 25 });
    // exactly half a minor unit rounds up: 50 * 1% = 0.5 -> 1
    expect(feesFor(rule({ operator: { bps: 100, fixed: 0 } }), 50).operator).toBe(1);
    expect(feesFor(rule({ operator: { bps: 100, fixed: 0 } }), 49).operator).toBe(0);
  });

  it("pays out less, in proportion, at low price points (fixed costs)", () => {
    const payout = (gross: number) => {
      const fees = feesFor(rule({ aggregator: { bps: 1000, fixed: 30 } }), gross);
      return (gross - fees.operator - fees.aggregator) / gross;
    };
    expect(payout(99)).toBeLessThan(payout(450));
    expect(payout(450)).toBeLessThan(payout(2000));
  });

  it("never takes more than the gross, and nothing from nothing", () => {
    const greedy = rule({
      operator: { bps: 9000, fixed: 50 },
      aggregator: { bps: 1000, fixed: 50 },
    });
    const fees = feesFor(greedy, 60);
    expect(fees.operator + fees.aggregator).toBe(60);
    expect(fees.operator).toBe(60);
    expect(feesFor(greedy, 0)).toEqual({ operator: 0, aggregator: 0 });
    expect(feesFor(greedy, -450)).toEqual({ operator: 0, aggregator: 0 });
  });
});

describe("pickFeeRule", () => {
  it("prefers the merchant's own rule over the shared one", () => {
    const shared = rule();
    const own = rule({ merchantId: "mer_1", id: "fee_own" });
    expect(pickFeeRule([shared, own], "mer_1")).toBe(own);
    expect(pickFeeRule([shared, own], "mer_2")).toBe(shared);
    expect(pickFeeRule([own], "mer_2")).toBeUndefined();
  });
});

describe("validateFeeRule", () => {
  it("accepts a sound rule and names each problem of a bad one", () => {
    expect(validateFeeRule(rule())).toEqual([]);
    expect(
      validateFeeRule(
        rule({ operator: { bps: 9000, fixed: -1 }, aggregator: { bps: 2000.5, fixed: 0 } }),
      ),
    ).toEqual([
      "operator fixed fee must be a whole number of minor units, 0 or more",
      "aggregator bps must be a whole number from 0 to 10000",
      "operator and aggregator together cannot take more than 100%",
    ]);
    expect(validateFeeRule(rule({ shortCode: null }))).toEqual([
      "a short-code rule names its short code",
    ]);
    expect(validateFeeRule(rule({ flow: "otp" }))).toEqual([
      "a carrier-billing rule has no short code",
    ]);
  });

  it("gives the same key the same id, so setting a rule again replaces it", () => {
    const key = { merchantId: "mer_1", flow: "otp" as const, shortCode: null, currency: "EUR" };
    expect(feeRuleId(key)).toBe(feeRuleId({ ...key }));
    expect(feeRuleId(key)).not.toBe(feeRuleId({ ...key, merchantId: null }));
  });
});

// What the sandbox's operator and aggregator keep, so fees and net are
// estimated realistically from the first payment (DOMAIN.md 2: payouts of
// ~30% at low price points to ~55-70% at high ones). The fixed part per
// transaction is what makes cheap codes pay out so little:
//   71099 (EUR 0.99): 45 + 25 kept, 29 paid out (29%)
//   81200 (EUR 2.00): 80 + 34 kept, 86 paid out (43%)
//   81450 (EUR 4.50): 144 + 55 kept, 251 paid out (56%)
//   carrier billing EUR 12.34: 309 + 109 kept, 816 paid out (66%)

import { type FeeRule, feeRuleId } from "@smspay/core";

function rule(
  flow: FeeRule["flow"],
  shortCode: string | null,
  operator: FeeRule["operator"],
  aggregator: FeeRule["aggregator"],
): FeeRule {
  const key = { merchantId: null, flow, shortCode, currency: "EUR" };
  return { ...key, id: feeRuleId(key), operator, aggregator };
}

export const SANDBOX_FEE_RULES: readonly FeeRule[] = [
  rule("shortcode", "71099", { bps: 4500, fixed: 0 }, { bps: 1500, fixed: 10 }),
  rule("shortcode", "81200", { bps: 4000, fixed: 0 }, { bps: 1200, fixed: 10 }),
  rule("shortcode", "81450", { bps: 3200, fixed: 0 }, { bps: 1000, fixed: 10 }),
  rule("otp", null, { bps: 2500, fixed: 0 }, { bps: 800, fixed: 10 }),
];

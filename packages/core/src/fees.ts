// What the operator and the aggregator keep of a payment (DOMAIN.md 2: payouts
// of ~30% at low price points to ~55-70% at high ones). A fee rule gives each
// party a percentage (basis points) plus a fixed part per transaction; the
// fixed part is why cheap short codes pay out so little. The rule only
// estimates: the settlement report's figures replace it when they arrive.

import type { PaymentFlow } from "./payment.ts";

export type FeeShare = {
  /** Percentage of the gross in basis points (1% = 100). */
  readonly bps: number;
  /** Fixed part per transaction, in minor units. */
  readonly fixed: number;
};

export type FeeRule = {
  readonly id: string;
  /** null: applies to every merchant without a rule of its own. */
  readonly merchantId: string | null;
  readonly flow: PaymentFlow;
  /** The short code it prices (short-code flow); null for carrier billing. */
  readonly shortCode: string | null;
  readonly currency: string;
  readonly operator: FeeShare;
  readonly aggregator: FeeShare;
};

export type Fees = {
  readonly operator: number;
  readonly aggregator: number;
};

export interface FeeRuleRepository {
  /** Creates or replaces the rule with this id. */
  upsert(rule: FeeRule): Promise<void>;
  /** Rules that may price a payment: the merchant's own and the shared ones, for its flow, code and currency. */
  candidates(input: {
    merchantId: string;
    flow: PaymentFlow;
    shortCode: string | null;
    currency: string;
  }): Promise<FeeRule[]>;
  list(input: { merchantId?: string }): Promise<FeeRule[]>;
}

/** The same (merchant, flow, code, currency) always gets the same id, so setting a rule twice replaces it. */
export function feeRuleId(rule: Pick<FeeRule, "merchantId" | "flow" | "shortCode" | "currency">) {
  return `fee_${rule.merchantId ?? "all"}_${rule.flow}_${rule.shortCode ?? "any"}_${rule.currency}`;
}

/** The merchant's own rule wins over the shared one. */
export function pickFeeRule(rules: readonly FeeRule[], merchantId: string): FeeRule | undefined {
  return rules.find((r) => r.merchantId === merchantId) ?? rules.find((r) => r.merchantId === null);
}

/**
 * Each party's cut of `gross` minor units: its percentage, rounded half up,
 * plus its fixed part; together never more than the gross (a payout is never
 * negative), and nothing on nothing.
 */
export function feesFor(rule: Pick<FeeRule, "operator" | "aggregator">, gross: number): Fees {
  if (gross <= 0) return { operator: 0, aggregator: 0 };
  const operator = Math.min(gross, share(rule.operator, gross));
  const aggregator = Math.min(gross - operator, share(rule.aggregator, gross));
  return { operator, aggregator };
}

function share(fee: FeeShare, gross: number): number {
  return Math.floor((gross * fee.bps + 5_000) / 10_000) + fee.fixed;
}

/** Problems in a rule (empty when sound). */
export function validateFeeRule(rule: FeeRule): string[] {
  const problems: string[] = [];
  for (const [party, fee] of [
    ["operator", rule.operator],
    ["aggregator", rule.aggregator],
  ] as const) {
    if (!Number.isInteger(fee.bps) || fee.bps < 0 || fee.bps > 10_000)
      problems.push(`${party} bps must be a whole number from 0 to 10000`);
    if (!Number.isSafeInteger(fee.fixed) || fee.fixed < 0)
      problems.push(`${party} fixed fee must be a whole number of minor units, 0 or more`);
  }
  if (rule.operator.bps + rule.aggregator.bps > 10_000)
    problems.push("operator and aggregator together cannot take more than 100%");
  if (rule.flow === "shortcode" && !rule.shortCode)
    problems.push("a short-code rule names its short code");
  if (rule.flow === "otp" && rule.shortCode !== null)
    problems.push("a carrier-billing rule has no short code");
  return problems;
}

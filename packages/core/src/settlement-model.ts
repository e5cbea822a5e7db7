// Settlement: what the operator (and the aggregator) actually paid out, line
// by line, 2-3 months after the payments (DOMAIN.md 2). A sale line carries
// the gross the customer was billed, each party's fee and the net payout; bad
// debt and operator refunds come back later as negative lines (clawbacks).

export type SettlementKind = "sale" | "refund" | "bad_debt";

export const SETTLEMENT_KINDS: readonly SettlementKind[] = ["sale", "refund", "bad_debt"];

/** How a line names the payment it is about. */
export type SettlementReference =
  | { readonly by: "payment"; readonly value: string }
  /** The provider's id of the billed MT (premium SMS reports). */
  | { readonly by: "message"; readonly value: string }
  /** The OneAPI clientCorrelator we charged (payment id) or refunded (refund id) with. */
  | { readonly by: "correlator"; readonly value: string };

/** One valid line of a report, as its format's mapping read it. */
export type SettlementLineInput = {
  /** Line in the file (the header is line 1). */
  readonly line: number;
  /** The report's own id for the line: importing it again changes nothing. */
  readonly lineId: string;
  readonly kind: SettlementKind;
  readonly reference: SettlementReference;
  /** Signed minor units: negative on clawbacks. */
  readonly gross: number;
  readonly operatorFee: number;
  readonly aggregatorFee: number;
  readonly net: number;
  readonly currency: string;
  /** YYYY-MM-DD. */
  readonly settledOn: string;
};

export type SettlementLine = SettlementLineInput & {
  readonly id: string;
  readonly reportId: string;
  readonly provider: string;
  /** Who imported it: a merchant id, or "all" for the operator's CLI import across merchants. */
  readonly scope: string;
  readonly paymentId: string | null;
  readonly merchantId: string | null;
  readonly createdAt: Date;
};

export type SettlementReport = {
  readonly id: string;
  readonly provider: string;
  readonly scope: string;
  readonly lines: number;
  readonly imported: number;
  readonly duplicates: number;
  readonly unmatched: number;
  readonly malformed: number;
  readonly createdAt: Date;
};

/** Totals of a payment's settlement lines. */
export type SettledTotals = {
  readonly lines: number;
  readonly gross: number;
  readonly operatorFee: number;
  readonly aggregatorFee: number;
  readonly net: number;
  readonly lastSettledOn: string;
};

export type PaymentMatch = {
  readonly paymentId: string;
  readonly merchantId: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: string;
};

export interface SettlementRepository {
  saveReport(report: SettlementReport): Promise<void>;
  /** Stores a line unless (provider, scope, lineId) was imported before; returns whether it was new. */
  insertLine(line: SettlementLine): Promise<boolean>;
  /** The payment a reference names, within `merchantId` when given (else any merchant's). */
  findPayment(input: {
    reference: SettlementReference;
    merchantId: string | null;
  }): Promise<PaymentMatch | undefined>;
  /** Lines still without a payment, least recently tried first (never tried before all). */
  unmatched(input: { limit: number }): Promise<SettlementLine[]>;
  /** Records a failed attempt to match the line, so the next ones try others first. */
  markTried(input: { id: string; at: Date }): Promise<void>;
  attach(input: { id: string; paymentId: string; merchantId: string }): Promise<void>;
  totalsFor(paymentId: string): Promise<SettledTotals | undefined>;
}

/** The payment a scope may match: a merchant's import sees only its own payments. */
export function scopeMerchant(scope: string): string | null {
  return scope === ALL_MERCHANTS ? null : scope;
}

export const ALL_MERCHANTS = "all";

// A dispute: the operator voided (part of) a charge after the customer
// complained. There are no card-style chargebacks in SMS payments (DOMAIN.md
// 2): the operator decides and claws the money back from a later payout. smspay
// only records the fact, reduces the payment's expected net, and tells the shop.

export type DisputeSource = "merchant" | "operator";

export const DISPUTE_SOURCES: readonly DisputeSource[] = ["merchant", "operator"];

export type Dispute = {
  readonly id: string;
  readonly paymentId: string;
  readonly merchantId: string;
  readonly amount: number;
  readonly currency: string;
  readonly reason: string;
  /** Who reported it: the merchant's back office (API) or a transport relaying the operator. */
  readonly source: DisputeSource;
  /** The reporter's id for it (Idempotency-Key, or the operator's void id): a second report is the same dispute. */
  readonly externalId: string | null;
  readonly requestHash: string | null;
  readonly createdAt: Date;
};

export interface DisputeRepository {
  /** Inserts unless a dispute with this external id exists for the payment (then writes nothing). */
  insert(dispute: Dispute): Promise<"inserted" | "duplicate">;
  findByExternalId(input: { paymentId: string; externalId: string }): Promise<Dispute | undefined>;
  /** A payment's disputes, oldest first. */
  listForPayment(paymentId: string): Promise<Dispute[]>;
}

export function disputedTotal(disputes: readonly Dispute[]): number {
  return disputes.reduce((sum, d) => sum + d.amount, 0);
}

export function disputeResource(dispute: Dispute) {
  return {
    id: dispute.id,
    paymentId: dispute.paymentId,
    amount: dispute.amount,
    currency: dispute.currency,
    reason: dispute.reason,
    source: dispute.source,
    createdAt: dispute.createdAt.toISOString(),
  };
}

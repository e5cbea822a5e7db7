// A refund of (part of) a paid payment, and how it reaches the customer.
// Carrier billing charged the phone through the operator's API, which can
// credit it back (GSMA OneAPI `transactionOperationStatus: Refunded`):
// `phone_credit`. A premium SMS was billed by the operator on the customer's
// bill and most operators cannot credit it back: the merchant refunds the
// customer another way and smspay records it (`merchant_credit`).

import type { PaymentFlow } from "./payment.ts";

export type RefundStatus = "pending" | "succeeded" | "failed";
export type RefundMethod = "phone_credit" | "merchant_credit";

export const REFUND_STATUSES: readonly RefundStatus[] = ["pending", "succeeded", "failed"];
export const REFUND_METHODS: readonly RefundMethod[] = ["phone_credit", "merchant_credit"];

export type Refund = {
  readonly id: string;
  readonly paymentId: string;
  readonly merchantId: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: RefundStatus;
  readonly method: RefundMethod;
  readonly reason: string | null;
  readonly idempotencyKey: string | null;
  readonly requestHash: string | null;
  /** The operator's id for the credit, once it answered. */
  readonly operatorRefundId: string | null;
  readonly failureCode: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
};

export interface RefundRepository {
  /** Inserts unless the merchant already used the idempotency key (then writes nothing). */
  insert(refund: Refund): Promise<"inserted" | "idempotency_key_taken">;
  get(input: { merchantId: string; id: string }): Promise<Refund | undefined>;
  getById(id: string): Promise<Refund | undefined>;
  findByIdempotencyKey(input: { merchantId: string; key: string }): Promise<Refund | undefined>;
  /** A payment's refunds, oldest first. */
  listForPayment(paymentId: string): Promise<Refund[]>;
  /** Moves a pending refund to its outcome (compare-and-set: false when it is no longer pending). */
  finish(input: {
    id: string;
    status: "succeeded" | "failed";
    operatorRefundId?: string;
    failureCode?: string;
    at: Date;
  }): Promise<boolean>;
}

export function refundMethodFor(flow: PaymentFlow): RefundMethod {
  return flow === "otp" ? "phone_credit" : "merchant_credit";
}

/** Refunds still owed or already given back: what no later refund may take again. */
export function committedRefunds(refunds: readonly Refund[]): number {
  return refunds.filter((r) => r.status !== "failed").reduce((sum, r) => sum + r.amount, 0);
}

/** The refund as the API and the webhooks show it (shared/webhooks.md). */
export function refundResource(refund: Refund) {
  return {
    id: refund.id,
    paymentId: refund.paymentId,
    amount: refund.amount,
    currency: refund.currency,
    status: refund.status,
    method: refund.method,
    reason: refund.reason,
    createdAt: refund.createdAt.toISOString(),
  };
}

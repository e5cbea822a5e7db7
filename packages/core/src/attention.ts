// The needs-attention list: drift smspay found but must not repair by itself,
// because only a person can decide (ship the order anyway? refund the
// customer? ask the operator?). Raising the same open item twice keeps one.

import { SmspayError } from "./errors.ts";
import { newId } from "./ids.ts";
import type { Repositories, Store } from "./ports.ts";

export type AttentionKind =
  /** The shop cancelled the order, but the customer paid by SMS. */
  | "order_cancelled_but_paid"
  /** The shop shows the order paid, but the payment failed, expired or was canceled here. */
  | "paid_in_shop_but_failed"
  /** The shop refunded the order, but no refund went through smspay. */
  | "platform_refund_unknown"
  /** A paid payment's order does not exist in the shop. */
  | "order_not_found"
  /** The operator's settlement report bills another amount (or currency) than the payment's. */
  | "amount_mismatch"
  /** The operator's settlement report bills a payment that did not succeed here. */
  | "settled_but_not_paid"
  /** The payment waits for the operator's confirmation far longer than it should. */
  | "stuck_processing"
  /** The operator refused or never confirmed a phone-credit refund: the customer is still owed. */
  | "refund_failed"
  /** Refunds and operator voids together give back more than the customer paid. */
  | "over_refunded"
  /** The shop was never told about the payment's outcome and smspay cannot tell it again. */
  | "notification_missed";

export const ATTENTION_KINDS: readonly AttentionKind[] = [
  "order_cancelled_but_paid",
  "paid_in_shop_but_failed",
  "platform_refund_unknown",
  "order_not_found",
  "amount_mismatch",
  "settled_but_not_paid",
  "stuck_processing",
  "refund_failed",
  "over_refunded",
  "notification_missed",
];

export type AttentionItem = {
  readonly id: string;
  readonly kind: AttentionKind;
  readonly merchantId: string;
  readonly paymentId: string | null;
  /** What was found, in words a merchant understands. */
  readonly detail: string;
  readonly createdAt: Date;
  readonly resolvedAt: Date | null;
  readonly resolution: string | null;
};

export interface AttentionRepository {
  /** Adds an open item unless one of this kind is already open for the payment; returns whether it was added. */
  raise(item: AttentionItem): Promise<boolean>;
  /** The merchant's items, newest first: open ones, or resolved ones. */
  list(input: { merchantId: string; open: boolean; limit: number }): Promise<AttentionItem[]>;
  get(input: { merchantId: string; id: string }): Promise<AttentionItem | undefined>;
  /** Closes an open item (false when it was already resolved or is not the merchant's). */
  resolve(input: {
    merchantId: string;
    id: string;
    at: Date;
    resolution: string | null;
  }): Promise<boolean>;
  /** Open items of one payment (reconciliation and tests). */
  openForPayment(paymentId: string): Promise<AttentionItem[]>;
}

/** Raises an item in the caller's transaction, with a timeline event on its payment. */
export async function raiseAttention(
  tx: Repositories,
  input: { kind: AttentionKind; merchantId: string; paymentId: string | null; detail: string },
  at: Date,
): Promise<boolean> {
  const added = await tx.attention.raise({
    id: newId("att"),
    ...input,
    createdAt: at,
    resolvedAt: null,
    resolution: null,
  });
  if (added && input.paymentId) {
    await tx.payments.appendEvent({
      paymentId: input.paymentId,
      type: "needs_attention",
      data: { kind: input.kind, detail: input.detail },
      at,
    });
  }
  return added;
}

export class AttentionService {
  readonly #store: Store;
  readonly #now: () => Date;

  constructor(store: Store, now: () => Date) {
    this.#store = store;
    this.#now = now;
  }

  list(merchantId: string, options: { open: boolean; limit: number }): Promise<AttentionItem[]> {
    return this.#store.attention.list({ merchantId, ...options });
  }

  /** Marks the item handled; resolving a resolved item again changes nothing. */
  async resolve(merchantId: string, id: string, resolution: string | null): Promise<AttentionItem> {
    await this.#store.attention.resolve({ merchantId, id, at: this.#now(), resolution });
    const item = await this.#store.attention.get({ merchantId, id });
    if (!item) throw new SmspayError("not_found", `no attention item ${id}`);
    return item;
  }
}

export function attentionResource(item: AttentionItem) {
  return {
    id: item.id,
    kind: item.kind,
    paymentId: item.paymentId,
    detail: item.detail,
    createdAt: item.createdAt.toISOString(),
    resolvedAt: item.resolvedAt?.toISOString() ?? null,
    resolution: item.resolution,
  };
}

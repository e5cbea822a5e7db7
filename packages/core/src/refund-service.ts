// Refunding a paid payment, in full or in part. The payment row is locked
// while the refund is weighed and written, so concurrent refunds (or a refund
// racing an operator's void) can never give back more than was paid.

import { z } from "zod";
import type { CoreDeps } from "./core-deps.ts";
import { disputedTotal } from "./dispute-model.ts";
import { SmspayError } from "./errors.ts";
import { newId } from "./ids.ts";
import { isValidAmount } from "./money.ts";
import type { Payment } from "./payment.ts";
import { parseOrThrow, requestFingerprint } from "./payment-input.ts";
import { transition } from "./payment-lifecycle.ts";
import type { PaymentStatus } from "./payment-states.ts";
import type { Repositories } from "./ports.ts";
import { committedRefunds, type Refund, refundMethodFor, refundResource } from "./refund-model.ts";

export const refundInputSchema = z
  .object({
    amount: z
      .number()
      .refine(isValidAmount, "must be a positive whole number of minor units")
      .optional(),
    reason: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

/** Statuses of a payment whose money reached the merchant's side: refunds and disputes apply. */
export const PAID_STATUSES: readonly PaymentStatus[] = [
  "succeeded",
  "partially_refunded",
  "refunded",
];

export type CreatedRefund = { readonly refund: Refund; readonly replayed: boolean };

export class RefundService {
  readonly #deps: CoreDeps;

  constructor(deps: CoreDeps) {
    this.#deps = deps;
  }

  /**
   * Refunds `body.amount` (default: all that is left) of a paid payment. The
   * same idempotency key and body give the same refund, also when requests race.
   */
  async create(input: {
    merchantId: string;
    paymentId: string;
    body: unknown;
    idempotencyKey: string;
  }): Promise<CreatedRefund> {
    const { merchantId, paymentId, idempotencyKey } = input;
    const body = parseOrThrow(refundInputSchema, input.body ?? {}, "refund");
    const requestHash = requestFingerprint({ paymentId, ...body });
    const earlier = await replay(this.#deps.store, merchantId, idempotencyKey, requestHash);
    if (earlier) return { refund: earlier, replayed: true };

    const outcome = await this.#deps.store.transaction(async (tx) => {
      const payment = await tx.payments.lock(paymentId);
      if (!payment || payment.merchantId !== merchantId)
        throw new SmspayError("not_found", `no payment ${paymentId}`);
      // A request racing this one with the same key waited on the lock above.
      const raced = await replay(tx, merchantId, idempotencyKey, requestHash);
      if (raced) return { refund: raced, replayed: true };
      if (!PAID_STATUSES.includes(payment.status)) {
        throw new SmspayError(
          "invalid_state",
          `only a paid payment can be refunded; this one is ${payment.status}`,
        );
      }
      const left =
        payment.amount -
        committedRefunds(await tx.refunds.listForPayment(paymentId)) -
        disputedTotal(await tx.disputes.listForPayment(paymentId));
      const amount = body.amount ?? left;
      if (amount <= 0 || amount > left) {
        throw new SmspayError(
          "refund_exceeds_payment",
          `${Math.max(left, 0)} ${payment.currency} is left to refund on this payment`,
          { fields: [{ path: "amount", message: `at most ${Math.max(left, 0)}` }] },
        );
      }
      const at = this.#deps.clock.now();
      const method = refundMethodFor(payment.flow);
      const refund: Refund = {
        id: newId("re"),
        paymentId,
        merchantId,
        amount,
        currency: payment.currency,
        // The merchant gives the money back itself: smspay only records it.
        status: method === "merchant_credit" ? "succeeded" : "pending",
        method,
        reason: body.reason ?? null,
        idempotencyKey,
        requestHash,
        operatorRefundId: null,
        failureCode: null,
        createdAt: at,
        updatedAt: at,
      };
      if ((await tx.refunds.insert(refund)) === "idempotency_key_taken") return undefined;
      await tx.payments.appendEvent({
        paymentId,
        type: "refund_requested",
        data: { refundId: refund.id, amount, method, reason: refund.reason },
        at,
      });
      if (refund.status === "succeeded") {
        await applySucceededRefund(tx, payment, refund, at);
      } else {
        await tx.effects.enqueue({
          id: newId("eff"),
          kind: "refund",
          payload: { refundId: refund.id },
          paymentId,
          runAt: at,
        });
      }
      return { refund, replayed: false };
    });
    if (outcome) {
      if (outcome.refund.status === "pending") this.#deps.effectsQueued?.();
      return outcome;
    }
    // The key went to a refund of another payment in the meantime.
    const winner = await replay(this.#deps.store, merchantId, idempotencyKey, requestHash);
    if (!winner) throw new SmspayError("idempotency_conflict", "this Idempotency-Key is taken");
    return { refund: winner, replayed: true };
  }

  async list(merchantId: string, paymentId: string): Promise<Refund[]> {
    const payment = await this.#deps.store.payments.get({ merchantId, id: paymentId });
    if (!payment) throw new SmspayError("not_found", `no payment ${paymentId}`);
    return this.#deps.store.refunds.listForPayment(paymentId);
  }
}

async function replay(
  repos: Repositories,
  merchantId: string,
  key: string,
  requestHash: string,
): Promise<Refund | undefined> {
  const earlier = await repos.refunds.findByIdempotencyKey({ merchantId, key });
  if (earlier && earlier.requestHash !== requestHash) {
    throw new SmspayError(
      "idempotency_conflict",
      "this Idempotency-Key was already used with a different refund request",
    );
  }
  return earlier;
}

/**
 * The money went back: counts the refund on the (locked) payment and moves it
 * to partially_refunded or refunded, whose events carry the refund.
 */
export async function applySucceededRefund(
  tx: Repositories,
  payment: Payment,
  refund: Refund,
  at: Date,
): Promise<void> {
  const refundedAmount = payment.refundedAmount + refund.amount;
  await transition(
    tx,
    payment,
    refundedAmount >= payment.amount ? "refunded" : "partially_refunded",
    {
      at,
      changes: { refundedAmount },
      data: { refundId: refund.id, amount: refund.amount, method: refund.method },
      refund: refundResource({ ...refund, status: "succeeded" }),
    },
  );
}

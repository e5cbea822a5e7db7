// Recording an operator's void of (part of) a charge: from the merchant's back
// office through the API, or from a transport when its operator reports one.
// The payment row is locked like for a refund, so a void racing a refund is
// weighed against it; when together they give back more than was paid, a
// person must sort it out with the customer.

import { z } from "zod";
import { raiseAttention } from "./attention.ts";
import type { CoreDeps } from "./core-deps.ts";
import {
  type Dispute,
  type DisputeSource,
  disputedTotal,
  disputeResource,
} from "./dispute-model.ts";
import { SmspayError } from "./errors.ts";
import { newId } from "./ids.ts";
import { isValidAmount } from "./money.ts";
import { parseOrThrow, requestFingerprint } from "./payment-input.ts";
import { emitPaymentEvent } from "./payment-lifecycle.ts";
import { committedRefunds } from "./refund-model.ts";
import { PAID_STATUSES } from "./refund-service.ts";

export const disputeInputSchema = z
  .object({
    reason: z.string().trim().min(1).max(200),
    amount: z
      .number()
      .refine(isValidAmount, "must be a positive whole number of minor units")
      .optional(),
  })
  .strict();

export type RecordedDispute = { readonly dispute: Dispute; readonly replayed: boolean };

export class DisputeService {
  readonly #deps: CoreDeps;

  constructor(deps: CoreDeps) {
    this.#deps = deps;
  }

  /** The merchant reports what the operator told it (`POST /v1/payments/{id}/disputes`). */
  reportByMerchant(input: {
    merchantId: string;
    paymentId: string;
    body: unknown;
    idempotencyKey?: string;
  }): Promise<RecordedDispute> {
    return this.#record({
      ...input,
      source: "merchant",
      externalId: input.idempotencyKey ?? null,
    });
  }

  /** A transport relays the operator's void; `voidId` is the operator's id for it (reported twice, recorded once). */
  recordOperatorVoid(input: {
    paymentId: string;
    reason: string;
    amount?: number;
    voidId: string;
  }): Promise<RecordedDispute> {
    return this.#record({
      merchantId: undefined,
      paymentId: input.paymentId,
      body: {
        reason: input.reason,
        ...(input.amount === undefined ? {} : { amount: input.amount }),
      },
      source: "operator",
      externalId: input.voidId,
    });
  }

  async list(merchantId: string, paymentId: string): Promise<Dispute[]> {
    const payment = await this.#deps.store.payments.get({ merchantId, id: paymentId });
    if (!payment) throw new SmspayError("not_found", `no payment ${paymentId}`);
    return this.#deps.store.disputes.listForPayment(paymentId);
  }

  async #record(input: {
    /** undefined: any merchant's payment (the operator's report names it by our id). */
    merchantId: string | undefined;
    paymentId: string;
    body: unknown;
    source: DisputeSource;
    externalId: string | null;
  }): Promise<RecordedDispute> {
    const { paymentId, externalId } = input;
    const body = parseOrThrow(disputeInputSchema, input.body ?? {}, "dispute");
    const requestHash = requestFingerprint({ paymentId, ...body });
    const result = await this.#deps.store.transaction(async (tx) => {
      const payment = await tx.payments.lock(paymentId);
      if (!payment || (input.merchantId !== undefined && payment.merchantId !== input.merchantId))
        throw new SmspayError("not_found", `no payment ${paymentId}`);
      if (externalId !== null) {
        const earlier = await tx.disputes.findByExternalId({ paymentId, externalId });
        if (earlier && earlier.requestHash !== requestHash) {
          throw new SmspayError(
            "idempotency_conflict",
            "this dispute was already reported with different details",
          );
        }
        if (earlier) return { dispute: earlier, replayed: true };
      }
      if (!PAID_STATUSES.includes(payment.status)) {
        throw new SmspayError(
          "invalid_state",
          `only a paid payment can be disputed; this one is ${payment.status}`,
        );
      }
      const disputes = await tx.disputes.listForPayment(paymentId);
      const left = payment.amount - disputedTotal(disputes);
      const amount = body.amount ?? left;
      if (amount <= 0 || amount > left) {
        throw new SmspayError(
          "dispute_exceeds_payment",
          `the operator can void at most ${Math.max(left, 0)} ${payment.currency} more of this payment`,
          { fields: [{ path: "amount", message: `at most ${Math.max(left, 0)}` }] },
        );
      }
      const at = this.#deps.clock.now();
      const dispute: Dispute = {
        id: newId("dp"),
        paymentId,
        merchantId: payment.merchantId,
        amount,
        currency: payment.currency,
        reason: body.reason,
        source: input.source,
        externalId,
        requestHash,
        createdAt: at,
      };
      // Only a concurrent report with the same external id can be refused, and it waited on the lock.
      await tx.disputes.insert(dispute);
      await tx.payments.appendEvent({
        paymentId,
        type: "disputed",
        data: { disputeId: dispute.id, amount, reason: dispute.reason, source: dispute.source },
        at,
      });
      await emitPaymentEvent(tx, {
        type: "payment.disputed",
        payment,
        at,
        dispute: disputeResource(dispute),
      });
      const givenBack =
        committedRefunds(await tx.refunds.listForPayment(paymentId)) +
        disputedTotal(disputes) +
        amount;
      if (givenBack > payment.amount) {
        await raiseAttention(
          tx,
          {
            kind: "over_refunded",
            merchantId: payment.merchantId,
            paymentId,
            detail: `the operator voided ${amount} ${payment.currency} of a payment already refunded in part: ${givenBack} of ${payment.amount} went back to the customer`,
          },
          at,
        );
      }
      return { dispute, replayed: false };
    });
    this.#deps.effectsQueued?.();
    return result;
  }
}

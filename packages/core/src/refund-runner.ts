// Carries out a `refund` effect: asks the operator to credit a carrier-billing
// charge back to the phone, then records the outcome with the payment locked.
// The operator call carries the refund id as its clientCorrelator, so a worker
// that dies after the call and runs it again gets the first answer back
// instead of a second credit.

import { raiseAttention } from "./attention.ts";
import type { CoreDeps } from "./core-deps.ts";
import type { Effect } from "./effects.ts";
import { SmspayError } from "./errors.ts";
import type { Repositories } from "./ports.ts";
import type { Refund } from "./refund-model.ts";
import { applySucceededRefund } from "./refund-service.ts";
import { type CarrierBillingChannels, refundThrough } from "./test-mode.ts";

export class RefundRunner {
  readonly #deps: CoreDeps;
  readonly #billing: CarrierBillingChannels;

  constructor(deps: CoreDeps, billing: CarrierBillingChannels) {
    this.#deps = deps;
    this.#billing = billing;
  }

  async run(effect: Effect<"refund">): Promise<void> {
    const { store, vault, clock } = this.#deps;
    const refund = await store.refunds.getById(effect.payload.refundId);
    const payment = refund && (await store.payments.getById(refund.paymentId));
    if (refund?.status !== "pending" || !payment) {
      await store.effects.complete({ id: effect.id, at: clock.now() });
      return;
    }
    if (!payment.phoneCipher) {
      throw new SmspayError("invalid_state", `payment ${payment.id} has no phone to credit`);
    }
    const chargeId = await this.#chargeIdOf(payment.id);
    // The refund goes back the way the charge went: a test payment's through the sandbox.
    const outcome = await refundThrough(this.#billing, payment, this.#deps.settings.testMode, {
      clientCorrelator: refund.id,
      ...(chargeId ? { chargeId } : {}),
      phone: vault.open(payment.phoneCipher),
      amount: refund.amount,
      currency: refund.currency,
    });
    await store.transaction(async (tx) => {
      const at = clock.now();
      const locked = await tx.payments.lock(payment.id);
      if (outcome.status === "refunded") {
        const finished = await tx.refunds.finish({
          id: refund.id,
          status: "succeeded",
          operatorRefundId: outcome.operatorRefundId,
          at,
        });
        if (finished && locked) await applySucceededRefund(tx, locked, refund, at);
      } else {
        await failRefund(tx, refund, outcome.reason, at);
      }
      await tx.effects.complete({ id: effect.id, at });
    });
    this.#deps.effectsQueued?.();
  }

  /** The worker gave up on the operator: the refund failed and a person must follow up. */
  async giveUp(tx: Repositories, effect: Effect<"refund">): Promise<void> {
    const refund = await tx.refunds.getById(effect.payload.refundId);
    if (refund) await failRefund(tx, refund, "operator_error", this.#deps.clock.now());
  }

  /** The operator's id of the charge, kept on the payment's timeline when it succeeded. */
  async #chargeIdOf(paymentId: string): Promise<string | undefined> {
    const events = await this.#deps.store.payments.events(paymentId);
    const charged = events.find(
      (e) => e.type === "succeeded" && typeof e.data.chargeId === "string",
    );
    return charged?.data.chargeId as string | undefined;
  }
}

async function failRefund(
  tx: Repositories,
  refund: Refund,
  failureCode: string,
  at: Date,
): Promise<void> {
  if (!(await tx.refunds.finish({ id: refund.id, status: "failed", failureCode, at }))) return;
  await tx.payments.appendEvent({
    paymentId: refund.paymentId,
    type: "refund_failed",
    data: { refundId: refund.id, amount: refund.amount, failureCode },
    at,
  });
  await raiseAttention(
    tx,
    {
      kind: "refund_failed",
      merchantId: refund.merchantId,
      paymentId: refund.paymentId,
      detail: `the operator did not credit refund ${refund.id} (${refund.amount} ${refund.currency}) back to the phone (${failureCode}): the customer is still owed it`,
    },
    at,
  );
}

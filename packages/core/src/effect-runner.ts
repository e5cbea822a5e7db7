// Carries out one outbox effect and records its result, marking the effect
// done in the same transaction. Throwing leaves the effect to the worker's
// retry policy. Effects can run more than once (a worker may die after the
// provider call and before the commit): the provider calls carry our ids
// (MT id, clientCorrelator) so providers that de-duplicate can.

import type { CoreDeps } from "./core-deps.ts";
import type { Effect } from "./effects.ts";
import { SmspayError } from "./errors.ts";
import { releaseSpend } from "./inbound-handler.ts";
import { translate } from "./messages.ts";
import { formatMoney } from "./money.ts";
import { queueMt, transition } from "./payment-lifecycle.ts";
import type { CarrierBilling, SmsTransport } from "./ports.ts";

export class EffectRunner {
  readonly #deps: CoreDeps;
  readonly #transports: ReadonlyMap<string, SmsTransport>;
  readonly #billing: CarrierBilling;

  constructor(
    deps: CoreDeps,
    transports: ReadonlyMap<string, SmsTransport>,
    billing: CarrierBilling,
  ) {
    this.#deps = deps;
    this.#transports = transports;
    this.#billing = billing;
  }

  async run(effect: Effect): Promise<void> {
    switch (effect.kind) {
      case "send_mt":
        return this.#sendMt(effect, String(effect.payload.outboundMessageId));
      case "charge":
        return this.#charge(effect, String(effect.payload.paymentId));
    }
  }

  /** The worker gave up on `effect`: settle what depended on it. */
  async giveUp(effect: Effect, error: string): Promise<void> {
    const at = this.#deps.clock.now();
    await this.#deps.store.transaction(async (tx) => {
      await tx.effects.bury({ id: effect.id, error, at });
      if (!effect.paymentId) return;
      const payment = await tx.payments.lock(effect.paymentId);
      if (payment?.status !== "processing") return;
      const billedMtLost =
        effect.kind === "send_mt" &&
        (await tx.outbound.get(String(effect.payload.outboundMessageId)))?.purpose ===
          "billed_confirmation";
      if (effect.kind === "charge" || billedMtLost) {
        const failureCode = effect.kind === "charge" ? "operator_error" : "transport_error";
        await transition(tx, payment, "failed", {
          at,
          changes: { failureCode },
          data: { failureCode, error },
        });
        await releaseSpend(tx, payment);
      }
    });
  }

  async #sendMt(effect: Effect, messageId: string): Promise<void> {
    const { store, vault, clock } = this.#deps;
    const mt = await store.outbound.get(messageId);
    if (mt?.status !== "queued") {
      await store.effects.complete({ id: effect.id, at: clock.now() });
      return;
    }
    const transport = this.#transports.get(mt.transport);
    if (!transport) throw new SmspayError("transport_error", `no transport named ${mt.transport}`);
    const { providerMessageId } = await transport.send({
      id: mt.id,
      from: mt.sender,
      to: vault.open(mt.toCipher),
      text: mt.text,
      ...(mt.billedAmount !== null && mt.currency !== null
        ? { billed: { amount: mt.billedAmount, currency: mt.currency } }
        : {}),
    });
    await store.transaction(async (tx) => {
      const at = clock.now();
      await tx.outbound.markSent({ id: mt.id, providerMessageId, at });
      if (mt.paymentId) {
        await tx.payments.appendEvent({
          paymentId: mt.paymentId,
          type: "mt_sent",
          data: { messageId: mt.id, purpose: mt.purpose, billedAmount: mt.billedAmount },
          at,
        });
      }
      await tx.effects.complete({ id: effect.id, at });
    });
  }

  async #charge(effect: Effect, paymentId: string): Promise<void> {
    const { store, vault, clock, settings } = this.#deps;
    const payment = await store.payments.getById(paymentId);
    if (payment?.status !== "processing" || !payment.phoneCipher) {
      await store.effects.complete({ id: effect.id, at: clock.now() });
      return;
    }
    const phone = vault.open(payment.phoneCipher);
    const merchant = await store.merchants.get(payment.merchantId);
    const outcome = await this.#billing.charge({
      clientCorrelator: payment.id,
      phone,
      amount: payment.amount,
      currency: payment.currency,
      description: `${merchant?.name ?? "smspay"} ${payment.orderRef}`.slice(0, 60),
    });
    await store.transaction(async (tx) => {
      const at = clock.now();
      const current = await tx.payments.lock(paymentId);
      if (current?.status === "processing") {
        if (outcome.status === "charged") {
          await transition(tx, current, "succeeded", {
            at,
            changes: { succeededAt: at },
            data: { chargeId: outcome.chargeId },
          });
          const locale = current.customerLocale ?? settings.defaultLocale;
          await queueMt(
            tx,
            this.#deps,
            {
              merchantId: current.merchantId,
              paymentId,
              purpose: "receipt",
              transport: settings.pinRoute.transport,
              sender: settings.pinRoute.sender,
              to: phone,
              text: translate(locale, "sms.receipt", {
                merchant: merchant?.name ?? "",
                amount: formatMoney(current, locale),
                reference: current.orderRef,
              }),
            },
            at,
          );
        } else {
          await transition(tx, current, "failed", {
            at,
            changes: { failureCode: outcome.reason },
            data: { failureCode: outcome.reason },
          });
          await releaseSpend(tx, current);
        }
      }
      await tx.effects.complete({ id: effect.id, at });
    });
    this.#deps.effectsQueued?.();
  }
}

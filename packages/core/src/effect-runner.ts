// Carries out one outbox effect and records its result, marking the effect
// done in the same transaction. Throwing leaves the effect to the worker's
// retry policy. Effects can run more than once (a worker may die after the
// provider call and before the commit): the provider calls carry our ids
// (MT id, clientCorrelator) so providers that de-duplicate can; webhooks carry
// the event id, and platform adapters are idempotent (platform.ts).

import type { CoreDeps } from "./core-deps.ts";
import type { Effect } from "./effects.ts";
import { SmspayError } from "./errors.ts";
import { applyReceipt, releaseSpend } from "./inbound-handler.ts";
import { translate } from "./messages.ts";
import { formatMoney } from "./money.ts";
import { suppressIfOptedOut } from "./opt-outs.ts";
import type { OutboundMessage, Payment } from "./payment.ts";
import { queueMt, transition } from "./payment-lifecycle.ts";
import type { PlatformAdapter, PlatformPayment } from "./platform.ts";
import type { PlatformConnection, SmsTransport } from "./ports.ts";
import { RefundRunner } from "./refund-runner.ts";
import {
  type CarrierBillingChannels,
  chargeThrough,
  mayMessage,
  transportChannel,
} from "./test-mode.ts";
import type { WebhookEvent, WebhookEventType } from "./webhook-events.ts";

/** Sends one webhook; resolves on a 2xx answer, throws otherwise (or on a timeout). */
export interface WebhookSender {
  send(delivery: { url: string; secret: string; event: WebhookEvent }): Promise<void>;
}

/** Builds the adapter for a merchant's connection (from its sealed config). */
export interface PlatformAdapters {
  adapterFor(connection: PlatformConnection): PlatformAdapter;
}

/** What effects reach the outside world through. */
export type EffectPorts = {
  readonly transports: ReadonlyMap<string, SmsTransport>;
  /** Test payments are charged by the sandbox, live ones by the operators (test-mode.ts). */
  readonly billing: CarrierBillingChannels;
  readonly webhooks: WebhookSender;
  readonly platforms: PlatformAdapters;
};

const FAILURE_REASONS: Readonly<
  Partial<Record<WebhookEventType, "failed" | "expired" | "canceled">>
> = {
  "payment.failed": "failed",
  "payment.expired": "expired",
  "payment.canceled": "canceled",
};

export class EffectRunner {
  readonly #deps: CoreDeps;
  readonly #ports: EffectPorts;
  readonly #refunds: RefundRunner;

  constructor(deps: CoreDeps, ports: EffectPorts) {
    this.#deps = deps;
    this.#ports = ports;
    this.#refunds = new RefundRunner(deps, ports.billing);
  }

  async run(effect: Effect): Promise<void> {
    switch (effect.kind) {
      case "send_mt":
        return this.#sendMt(effect);
      case "charge":
        return this.#charge(effect);
      case "deliver_webhook":
        return this.#deliverWebhook(effect);
      case "notify_platform":
        return this.#notifyPlatform(effect);
      case "refund":
        return this.#refunds.run(effect);
    }
  }

  /** The worker gave up on `effect`: settle what depended on it. */
  async giveUp(effect: Effect, error: string): Promise<void> {
    const at = this.#deps.clock.now();
    await this.#deps.store.transaction(async (tx) => {
      await tx.effects.bury({ id: effect.id, error, at });
      if (effect.kind === "refund") return this.#refunds.giveUp(tx, effect);
      if (!effect.paymentId) return;
      const payment = await tx.payments.lock(effect.paymentId);
      if (payment?.status !== "processing") return;
      const billedMtLost =
        effect.kind === "send_mt" &&
        (await tx.outbound.get(effect.payload.outboundMessageId))?.purpose ===
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

  async #sendMt(effect: Effect<"send_mt">): Promise<void> {
    const { store, vault, clock } = this.#deps;
    const mt = await store.outbound.get(effect.payload.outboundMessageId);
    if (mt?.status !== "queued" || !(await this.#maySend(mt))) {
      await store.effects.complete({ id: effect.id, at: clock.now() });
      return;
    }
    if (await suppressIfOptedOut(this.#deps, mt, effect.id)) return;
    const transport = this.#ports.transports.get(mt.transport);
    if (!transport) throw new SmspayError("transport_error", `no transport named ${mt.transport}`);
    const sent = await transport.send({
      id: mt.id,
      from: mt.sender,
      to: vault.open(mt.toCipher),
      text: mt.text,
      ...(mt.billedAmount !== null && mt.currency !== null
        ? { billed: { amount: mt.billedAmount, currency: mt.currency } }
        : {}),
    });
    const key = {
      transport: sent.transport ?? mt.transport,
      providerMessageId: sent.providerMessageId,
    };
    const earlyReceipts = await store.transaction(async (tx) => {
      const at = clock.now();
      // The receipt path takes the same lock: a receipt faster than this commit was parked, and is applied here.
      await tx.parkedReceipts.lockProviderId(key);
      await tx.outbound.markSent({ id: mt.id, ...key, at });
      if (mt.paymentId) {
        await tx.payments.appendEvent({
          paymentId: mt.paymentId,
          type: "mt_sent",
          data: { messageId: mt.id, purpose: mt.purpose, billedAmount: mt.billedAmount },
          at,
        });
      }
      const parked = await tx.parkedReceipts.take(key);
      for (const receipt of parked) await applyReceipt(tx, this.#deps, mt, receipt);
      await tx.effects.complete({ id: effect.id, at });
      return parked.length;
    });
    if (earlyReceipts > 0) this.#deps.effectsQueued?.();
  }

  /**
   * A billed MT charges the customer: only while its payment awaits that
   * charge (a replayed dead letter must not bill a payment that failed since).
   * A test payment's MTs reach only the sandbox's virtual phones (test-mode.ts).
   */
  async #maySend(mt: OutboundMessage): Promise<boolean> {
    const billed = mt.billedAmount !== null;
    const { testMode } = this.#deps.settings;
    // Through the sandbox, only a billed MT needs its payment read.
    if (!mt.paymentId || (!billed && transportChannel(mt.transport, testMode) === "sandbox")) {
      return true;
    }
    const payment = await this.#deps.store.payments.getById(mt.paymentId);
    if (billed && payment?.status !== "processing") return false;
    return !payment || mayMessage(payment, mt.transport, testMode);
  }

  async #charge(effect: Effect<"charge">): Promise<void> {
    const { store, vault, clock, settings } = this.#deps;
    const { paymentId } = effect.payload;
    const payment = await store.payments.getById(paymentId);
    if (payment?.status !== "processing" || !payment.phoneCipher) {
      await store.effects.complete({ id: effect.id, at: clock.now() });
      return;
    }
    const phone = vault.open(payment.phoneCipher);
    const merchant = await store.merchants.get(payment.merchantId);
    const outcome = await chargeThrough(this.#ports.billing, payment, settings.testMode, {
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

  async #deliverWebhook(effect: Effect<"deliver_webhook">): Promise<void> {
    const { store, vault, clock } = this.#deps;
    const { eventId, endpointId } = effect.payload;
    const delivery = await store.webhookEvents.delivery({ eventId, endpointId });
    if (!delivery) throw new SmspayError("not_found", `webhook event ${eventId} is missing`);
    const { event, endpoint } = delivery;
    // A deleted endpoint gets nothing more, not even what was queued for it.
    if (endpoint?.active) {
      await this.#ports.webhooks.send({
        url: endpoint.url,
        secret: vault.open(endpoint.secretCipher),
        event,
      });
    }
    await store.effects.complete({ id: effect.id, at: clock.now() });
  }

  async #notifyPlatform(effect: Effect<"notify_platform">): Promise<void> {
    const { store, clock } = this.#deps;
    const { paymentId, event: type, eventId } = effect.payload;
    const payment = await store.payments.getById(paymentId);
    if (!payment) throw new SmspayError("not_found", `payment ${paymentId} is missing`);
    // Disconnected since: the shop no longer wants to hear from us.
    const connection = await store.platformConnections.get(payment.merchantId);
    if (connection?.active) {
      const adapter = this.#ports.platforms.adapterFor(connection);
      const target = platformPayment(payment);
      const reason = FAILURE_REASONS[type];
      if (type === "payment.succeeded") {
        await adapter.notifyPaid({ payment: target });
      } else if (reason) {
        await adapter.notifyFailed({ payment: target, reason });
      } else if (type === "payment.refunded" || type === "payment.partially_refunded") {
        const refund = (await store.webhookEvents.get(eventId))?.data.refund;
        if (!refund) throw new SmspayError("not_found", `event ${eventId} carries no refund`);
        await adapter.notifyRefunded({
          payment: target,
          refund: {
            id: refund.id,
            amount: refund.amount,
            currency: refund.currency,
            reason: refund.reason,
          },
        });
      }
    }
    await store.effects.complete({ id: effect.id, at: clock.now() });
  }
}

function platformPayment(payment: Payment): PlatformPayment {
  return {
    id: payment.id,
    orderRef: payment.orderRef,
    amount: payment.amount,
    currency: payment.currency,
    reference: payment.reference,
    failureCode: payment.failureCode,
    test: payment.test,
  };
}

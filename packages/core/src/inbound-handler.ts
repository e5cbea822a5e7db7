// What an inbound SMS or delivery receipt does to payments. Every message is
// recorded once per (transport, provider message id) in the same transaction
// as its consequences: a provider's retry, or the same MO delivered twice,
// finds the record and changes nothing.

import type { CoreDeps } from "./core-deps.ts";
import { answerYes, revokeExpressOnStop } from "./express-flow.ts";
import { newId } from "./ids.ts";
import type { DeliveryReceipt, InboundEvent, InboundSms } from "./inbound.ts";
import { answerKeyword } from "./keywords.ts";
import { limitsFor, spendPeriod } from "./limits.ts";
import { type MessageKey, translate } from "./messages.ts";
import { parseMo } from "./mo-parser.ts";
import { formatMoney } from "./money.ts";
import type { OutboundMessage, Payment } from "./payment.ts";
import { queueMt, transition } from "./payment-lifecycle.ts";
import { lastDigits } from "./phone.ts";
import type { Repositories } from "./ports.ts";
import { maySettle, transportChannel } from "./test-mode.ts";

export type InboundOutcome =
  | "duplicate"
  | "payment_processing"
  | "replied"
  | "payment_succeeded"
  | "payment_failed"
  | "receipt_recorded"
  | "receipt_unmatched";

export class InboundHandler {
  readonly #deps: CoreDeps;

  constructor(deps: CoreDeps) {
    this.#deps = deps;
  }

  async handle(event: InboundEvent): Promise<InboundOutcome> {
    const outcome = await this.#deps.store.transaction((tx) =>
      event.type === "mo_received" ? this.#onMo(tx, event) : this.#onReceipt(tx, event),
    );
    if (
      outcome === "payment_processing" ||
      outcome === "replied" ||
      outcome === "payment_succeeded"
    ) {
      this.#deps.effectsQueued?.();
    }
    return outcome;
  }

  async #onMo(tx: Repositories, sms: InboundSms): Promise<InboundOutcome> {
    const { vault, clock } = this.#deps;
    const inboundId = newId("in");
    const fresh = await tx.inbound.record({
      id: inboundId,
      transport: sms.transport,
      providerMessageId: sms.providerMessageId,
      kind: "mo",
      fromHash: vault.hash(sms.from),
      to: sms.to,
      text: sms.text,
      paymentId: null,
      at: sms.receivedAt,
    });
    if (!fresh) return "duplicate";

    const now = clock.now();
    const reply = async (key: MessageKey, params: Record<string, string>, payment?: Payment) => {
      await queueMt(
        tx,
        this.#deps,
        {
          merchantId: payment?.merchantId ?? null,
          paymentId: payment?.id ?? null,
          purpose: "service_reply",
          transport: sms.transport,
          sender: sms.to,
          to: sms.from,
          text: translate(
            payment?.customerLocale ?? this.#deps.settings.defaultLocale,
            key,
            params,
          ),
        },
        now,
      );
      return "replied" as const;
    };

    const intent = parseMo(sms.text, await tx.shortCodes.keywordsFor(sms.to));
    // STOP also ends the phone's one-reply (express) payments (express-flow.ts).
    if (intent.kind === "stop") await revokeExpressOnStop(tx, this.#deps, sms);
    switch (intent.kind) {
      case "stop":
      case "start":
      case "help":
      case "contact": {
        const answer = await answerKeyword(tx, this.#deps, sms, intent.kind);
        return reply(answer.key, answer.params);
      }
      case "yes": {
        const answer = await answerYes(tx, this.#deps, sms, inboundId);
        if (answer.kind === "charging") return "payment_processing";
        return reply(answer.key, answer.params, answer.payment);
      }
      case "unknown":
        return reply("sms.not_understood", {});
      case "payment":
        break;
    }

    const payment = await tx.payments.lockByReference({
      shortCode: sms.to,
      reference: intent.reference,
    });
    const reference = intent.reference;
    // A transport that may not settle this payment (test-mode.ts) learns nothing more about it.
    const { testMode } = this.#deps.settings;
    if (
      !payment ||
      payment.keyword !== intent.keyword ||
      !maySettle(payment, transportChannel(sms.transport, testMode), testMode)
    )
      return reply("sms.unknown_reference", { reference });
    await tx.inbound.attachPayment({ id: inboundId, paymentId: payment.id });
    switch (payment.status) {
      case "pending":
        break;
      case "processing":
        return reply("sms.in_progress", { reference }, payment);
      case "succeeded":
      case "partially_refunded":
      case "refunded":
        return reply("sms.already_paid", { reference }, payment);
      default:
        return reply("sms.expired", { reference }, payment);
    }
    if (payment.expiresAt <= now) {
      await transition(tx, payment, "expired", { at: now, data: { by: "late_mo" } });
      return reply("sms.expired", { reference }, payment);
    }

    const phoneHash = vault.hash(sms.from);
    const merchant = await tx.merchants.get(payment.merchantId);
    const cap = merchant ? limitsFor(merchant.limits, payment.currency) : undefined;
    const reserved =
      cap !== undefined &&
      (await tx.spend.reserve({
        merchantId: payment.merchantId,
        phoneHash,
        period: spendPeriod(now),
        currency: payment.currency,
        amount: payment.amount,
        cap: cap.monthly,
      }));
    if (!reserved) {
      await tx.payments.appendEvent({
        paymentId: payment.id,
        type: "mo_refused",
        data: { reason: "monthly_limit" },
        at: now,
      });
      return reply("sms.monthly_limit", {}, payment);
    }

    await transition(tx, payment, "processing", {
      at: now,
      changes: { phoneHash, phoneCipher: vault.seal(sms.from), phoneLast4: lastDigits(sms.from) },
      data: { via: "mo", transport: sms.transport, providerMessageId: sms.providerMessageId },
    });
    const locale = payment.customerLocale ?? this.#deps.settings.defaultLocale;
    // The operator bills the customer for this MT (SMS+ style): its delivery receipt confirms the charge.
    await queueMt(
      tx,
      this.#deps,
      {
        merchantId: payment.merchantId,
        paymentId: payment.id,
        purpose: "billed_confirmation",
        transport: sms.transport,
        sender: sms.to,
        to: sms.from,
        text: translate(locale, "sms.billed_confirmation", {
          merchant: merchant?.name ?? "",
          amount: formatMoney(payment, locale),
          reference,
        }),
        billed: { amount: payment.amount, currency: payment.currency },
      },
      now,
    );
    return "payment_processing";
  }

  async #onReceipt(tx: Repositories, receipt: DeliveryReceipt): Promise<InboundOutcome> {
    const fresh = await tx.inbound.record({
      id: newId("in"),
      transport: receipt.transport,
      // A provider may send several receipts per MT (accepted, then delivered): one per outcome counts.
      providerMessageId: `dlr:${receipt.providerMessageId}:${receipt.outcome}`,
      kind: "dlr",
      fromHash: null,
      to: null,
      text: receipt.providerError ?? null,
      paymentId: null,
      at: receipt.receivedAt,
    });
    if (!fresh) return "duplicate";
    const key = { transport: receipt.transport, providerMessageId: receipt.providerMessageId };
    // The send path takes the same lock before recording the provider id: one of the two sees the other.
    await tx.parkedReceipts.lockProviderId(key);
    const mt =
      (receipt.messageId ? await tx.outbound.get(receipt.messageId) : undefined) ??
      (await tx.outbound.findByProviderId(key));
    if (!mt) {
      // Faster than the submit answer being recorded: applied when markSent records the id.
      await tx.parkedReceipts.park({ receipt, at: this.#deps.clock.now() });
      return "receipt_unmatched";
    }
    return applyReceipt(tx, this.#deps, mt, receipt);
  }
}

/** What a receipt does to its MT and, for a billed confirmation, to the payment. */
export async function applyReceipt(
  tx: Repositories,
  deps: CoreDeps,
  mt: OutboundMessage,
  receipt: DeliveryReceipt,
): Promise<InboundOutcome> {
  await tx.outbound.setStatus({ id: mt.id, status: receipt.outcome });
  if (mt.purpose !== "billed_confirmation" || !mt.paymentId) return "receipt_recorded";

  const payment = await tx.payments.lock(mt.paymentId);
  if (payment?.status !== "processing") return "receipt_recorded";
  const now = deps.clock.now();
  const data = { messageId: mt.id, providerError: receipt.providerError ?? null };
  if (receipt.outcome === "delivered") {
    await transition(tx, payment, "succeeded", { at: now, changes: { succeededAt: now }, data });
    return "payment_succeeded";
  }
  const failureCode = receipt.failure ?? "unknown";
  await transition(tx, payment, "failed", {
    at: now,
    changes: { failureCode },
    data: { ...data, failureCode },
  });
  await releaseSpend(tx, payment);
  return "payment_failed";
}

/** Gives back a failed payment's share of the phone's monthly cap. */
export async function releaseSpend(tx: Repositories, payment: Payment): Promise<void> {
  if (!payment.phoneHash) return;
  await tx.spend.release({
    merchantId: payment.merchantId,
    phoneHash: payment.phoneHash,
    // The charge counted against the month the customer acted in (the move to processing).
    period: spendPeriod(payment.updatedAt),
    currency: payment.currency,
    amount: payment.amount,
  });
}

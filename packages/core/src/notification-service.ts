// Who a shop may text, and when (DOMAIN.md 2: consent, opt-out):
// - order confirmations and shipping updates go to a customer who paid by SMS
//   (smspay knows the number from the payment) or whose number the shop gives
//   with a record of explicit consent;
// - a payment reminder goes out for a payment still pending, at most once;
// - nothing goes to a number that sent STOP.
// Texts come from the shared catalogs; the MT leaves through the outbox.

import type { CoreDeps } from "./core-deps.ts";
import { SmspayError } from "./errors.ts";
import { newId } from "./ids.ts";
import { type MessageKey, translate } from "./messages.ts";
import { formatMoney } from "./money.ts";
import {
  type Notification,
  type NotificationInput,
  type NotificationRecord,
  type NotificationType,
  notificationSchema,
} from "./notification.ts";
import { assertNotOptedOut } from "./opt-outs.ts";
import type { Payment } from "./payment.ts";
import { parseOrThrow, requestFingerprint } from "./payment-input.ts";
import { queueMt } from "./payment-lifecycle.ts";
import type { PaymentStatus } from "./payment-states.ts";
import { lastDigits, parsePhone } from "./phone.ts";
import type { Repositories } from "./ports.ts";

const TEXTS: Readonly<Record<NotificationType, MessageKey>> = {
  order_confirmation: "sms.notification.order_confirmation",
  shipping_update: "sms.notification.shipping_update",
  payment_reminder: "sms.notification.payment_reminder",
};

// A customer who paid by SMS (refunded or not) gave the shop their number by paying.
const PAID: ReadonlySet<PaymentStatus> = new Set(["succeeded", "partially_refunded", "refunded"]);

export type SentNotification = { readonly notification: Notification; readonly replayed: boolean };

/** Thrown inside the transaction to roll the queued MT back when the insert lost. */
class InsertLost extends Error {
  readonly result: "idempotency_key_taken" | "reminder_taken";
  constructor(result: "idempotency_key_taken" | "reminder_taken") {
    super(result);
    this.result = result;
  }
}

export class NotificationService {
  readonly #deps: CoreDeps;
  readonly #checkoutUrl: (paymentId: string) => string;

  /** `checkoutUrl`: where a reminder sends the customer to pay. */
  constructor(deps: CoreDeps, checkoutUrl: (paymentId: string) => string) {
    this.#deps = deps;
    this.#checkoutUrl = checkoutUrl;
  }

  /** Queues a notification, or returns the one sent earlier with the same idempotency key and body. */
  async send(
    merchant: { id: string; name: string },
    body: unknown,
    idempotencyKey?: string,
  ): Promise<SentNotification> {
    const input = parseOrThrow(notificationSchema, body, "notification");
    const requestHash = requestFingerprint(input);
    if (idempotencyKey !== undefined) {
      const earlier = await this.#replay(merchant.id, idempotencyKey, requestHash);
      if (earlier) return { notification: earlier, replayed: true };
    }
    try {
      const notification = await this.#deps.store.transaction((tx) =>
        this.#queue(tx, merchant, input, { idempotencyKey, requestHash }),
      );
      this.#deps.effectsQueued?.();
      return { notification, replayed: false };
    } catch (error) {
      if (!(error instanceof InsertLost)) throw error;
      if (error.result === "reminder_taken") {
        throw new SmspayError(
          "notification_already_sent",
          "this payment already had its payment reminder",
        );
      }
      // A concurrent request with the same key won: answer as it did.
      const winner = await this.#replay(merchant.id, idempotencyKey ?? "", requestHash);
      if (!winner) throw new SmspayError("service_unavailable", "retry", { retryable: true });
      return { notification: winner, replayed: true };
    }
  }

  async get(merchantId: string, id: string): Promise<Notification> {
    const notification = await this.#deps.store.notifications.get({ merchantId, id });
    if (!notification) throw new SmspayError("not_found", `no notification ${id}`);
    return notification;
  }

  async #queue(
    tx: Repositories,
    merchant: { id: string; name: string },
    input: NotificationInput,
    idempotency: { idempotencyKey: string | undefined; requestHash: string },
  ): Promise<Notification> {
    const { clock, settings, vault } = this.#deps;
    const now = clock.now();
    const payment = input.paymentId
      ? await tx.payments.get({ merchantId: merchant.id, id: input.paymentId })
      : undefined;
    if (input.paymentId && !payment) {
      throw new SmspayError("not_found", `no payment ${input.paymentId}`);
    }
    if (input.type === "payment_reminder" && !isPayable(payment, now)) {
      throw new SmspayError(
        "invalid_state",
        `a reminder is only for a pending payment; this one is ${payment?.status ?? "unknown"}`,
      );
    }
    const phone = this.#recipient(input, payment);
    const phoneHash = vault.hash(phone);
    const route = settings.pinRoute;
    await assertNotOptedOut(tx, {
      phoneHash,
      sender: route.sender,
      paymentId: payment?.id ?? null,
    });
    const orderRef = input.orderRef ?? payment?.orderRef;
    if (orderRef === undefined) {
      throw new SmspayError("invalid_request", "invalid notification: orderRef is required", {
        fields: [{ path: "orderRef", message: "required without a paymentId" }],
      });
    }
    const locale = payment?.customerLocale ?? input.locale ?? settings.defaultLocale;
    const outboundMessageId = await queueMt(
      tx,
      this.#deps,
      {
        merchantId: merchant.id,
        paymentId: payment?.id ?? null,
        purpose: "notification",
        transport: route.transport,
        sender: route.sender,
        to: phone,
        text: translate(locale, TEXTS[input.type], {
          ...input.params,
          merchant: merchant.name,
          orderRef,
          ...(payment
            ? { amount: formatMoney(payment, locale), url: this.#checkoutUrl(payment.id) }
            : {}),
        }),
      },
      now,
    );
    const record: NotificationRecord = {
      id: newId("ntf"),
      merchantId: merchant.id,
      type: input.type,
      paymentId: payment?.id ?? null,
      orderRef,
      phoneHash,
      phoneLast4: lastDigits(phone),
      outboundMessageId,
      consent: input.phone && input.consent ? input.consent : null,
      idempotencyKey: idempotency.idempotencyKey ?? null,
      requestHash: idempotency.requestHash,
      createdAt: now,
    };
    const inserted = await tx.notifications.insert(record);
    if (inserted !== "inserted") throw new InsertLost(inserted);
    if (payment) {
      await tx.payments.appendEvent({
        paymentId: payment.id,
        type: "notification_queued",
        data: { notificationId: record.id, type: input.type, messageId: outboundMessageId },
        at: now,
      });
    }
    return { ...record, status: "queued" };
  }

  /** The number the shop may text for this request, or why there is none. */
  #recipient(input: NotificationInput, payment: Payment | undefined): string {
    if (input.phone !== undefined) {
      if (!input.consent) {
        throw new SmspayError(
          "consent_required",
          "texting a number the shop provides needs the customer's explicit consent (consent.givenAt, consent.method)",
          { fields: [{ path: "consent", message: "required with phone" }] },
        );
      }
      return parsePhone(input.phone).e164;
    }
    const known = payment?.phoneCipher ? this.#deps.vault.open(payment.phoneCipher) : undefined;
    // A reminder may use the number the customer gave for this very payment.
    if (known && (input.type === "payment_reminder" || PAID.has(payment?.status ?? "pending"))) {
      return known;
    }
    throw new SmspayError(
      "consent_required",
      "this customer did not pay by SMS: give phone with the customer's explicit consent",
      { fields: [{ path: "phone", message: "required unless the payment was paid by SMS" }] },
    );
  }

  async #replay(
    merchantId: string,
    key: string,
    requestHash: string,
  ): Promise<Notification | undefined> {
    const earlier = await this.#deps.store.notifications.findByIdempotencyKey({ merchantId, key });
    if (earlier && earlier.requestHash !== requestHash) {
      throw new SmspayError(
        "idempotency_conflict",
        "this Idempotency-Key was already used with a different request body",
      );
    }
    return earlier;
  }
}

function isPayable(payment: Payment | undefined, now: Date): boolean {
  return payment?.status === "pending" && payment.expiresAt > now;
}

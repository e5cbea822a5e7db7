// The one way a payment changes status, the one way an MT is queued, and the
// one way the outside world hears of a payment. All write inside the caller's
// transaction, so the change, its timeline event and its side effects
// (including webhooks and the shop platform's notification) commit together
// or not at all.

import { recordStatusStep } from "./checkout-events.ts";
import type { CoreDeps } from "./core-deps.ts";
import { SmspayError } from "./errors.ts";
import { newId } from "./ids.ts";
import type { Money } from "./money.ts";
import type { OutboundPurpose, Payment } from "./payment.ts";
import { paymentResource } from "./payment-resource.ts";
import { assertTransition, type PaymentStatus } from "./payment-states.ts";
import type { PaymentChanges, Repositories } from "./ports.ts";
import {
  type RefundResource,
  STATUS_EVENTS,
  type WebhookEvent,
  type WebhookEventData,
  type WebhookEventType,
} from "./webhook-events.ts";

export async function transition(
  tx: Repositories,
  payment: Payment,
  to: PaymentStatus,
  options: {
    at: Date;
    changes?: PaymentChanges;
    data?: Record<string, unknown>;
    /** The refund behind a move to (partially_)refunded: its events carry it. */
    refund?: RefundResource;
  },
): Promise<void> {
  assertTransition(payment.status, to);
  const moved = await tx.payments.setStatus({
    id: payment.id,
    from: payment.status,
    to,
    at: options.at,
    ...(options.changes ? { changes: options.changes } : {}),
  });
  // Callers lock the row first; losing the compare-and-set means a caller forgot to.
  if (!moved) {
    throw new SmspayError("invalid_state", `payment ${payment.id} is no longer ${payment.status}`, {
      retryable: true,
    });
  }
  await tx.payments.appendEvent({
    paymentId: payment.id,
    type: to,
    data: { from: payment.status, ...options.data },
    at: options.at,
  });
  await recordStatusStep(tx, payment, to, options.at);
  const type = STATUS_EVENTS[to];
  if (type) {
    await emitPaymentEvent(tx, {
      type,
      payment: { ...payment, ...options.changes, status: to, updatedAt: options.at },
      at: options.at,
      ...(options.refund ? { refund: options.refund } : {}),
    });
  }
}

// Events the platform adapter port has a call for (platform.ts); a dispute
// stays between smspay, the operator and the merchant.
const PLATFORM_EVENTS: readonly WebhookEventType[] = [
  "payment.succeeded",
  "payment.failed",
  "payment.expired",
  "payment.canceled",
  "payment.partially_refunded",
  "payment.refunded",
];

/**
 * Records an outward event about `payment` (as it is now) and queues its
 * deliveries: one per active webhook endpoint of the merchant subscribed to
 * the type, and one to the merchant's shop platform when connected.
 * `transition` calls it for every status it announces; call it directly only
 * for events that are not a status change (`payment.disputed`). Returns the
 * event id.
 */
export async function emitPaymentEvent(
  tx: Repositories,
  input: {
    type: WebhookEventType;
    payment: Payment;
    at: Date;
    refund?: RefundResource;
    dispute?: WebhookEventData["dispute"];
  },
): Promise<string> {
  const { payment, type, at } = input;
  const event: WebhookEvent = {
    id: newId("evt"),
    merchantId: payment.merchantId,
    paymentId: payment.id,
    type,
    createdAt: at,
    data: {
      // Root-relative checkout URL: the sender, which knows the public URL, completes it.
      payment: paymentResource(payment, ""),
      ...(input.refund ? { refund: input.refund } : {}),
      ...(input.dispute ? { dispute: input.dispute } : {}),
    },
  };
  await tx.webhookEvents.create(event);
  for (const endpointId of await tx.webhookEndpoints.subscribedTo({
    merchantId: payment.merchantId,
    type,
  })) {
    await tx.effects.enqueue({
      id: newId("eff"),
      kind: "deliver_webhook",
      payload: { eventId: event.id, endpointId },
      paymentId: payment.id,
      runAt: at,
    });
  }
  if (PLATFORM_EVENTS.includes(type)) {
    const connection = await tx.platformConnections.get(payment.merchantId);
    if (connection?.active) {
      await tx.effects.enqueue({
        id: newId("eff"),
        kind: "notify_platform",
        payload: { paymentId: payment.id, event: type, eventId: event.id },
        paymentId: payment.id,
        runAt: at,
      });
    }
  }
  return event.id;
}

export type MtRequest = {
  readonly merchantId: string | null;
  readonly paymentId: string | null;
  readonly purpose: OutboundPurpose;
  readonly transport: string;
  readonly sender: string;
  /** E.164 recipient. */
  readonly to: string;
  readonly text: string;
  readonly billed?: Money;
};

/** Stores the MT and queues its delivery; returns the MT's id. */
export async function queueMt(
  tx: Repositories,
  deps: CoreDeps,
  request: MtRequest,
  at: Date,
): Promise<string> {
  const id = newId("mt");
  await tx.outbound.create({
    id,
    merchantId: request.merchantId,
    paymentId: request.paymentId,
    purpose: request.purpose,
    transport: request.transport,
    sender: request.sender,
    toHash: deps.vault.hash(request.to),
    toCipher: deps.vault.seal(request.to),
    text: request.text,
    billedAmount: request.billed?.amount ?? null,
    currency: request.billed?.currency ?? null,
    status: "queued",
    providerMessageId: null,
    createdAt: at,
    sentAt: null,
  });
  await tx.effects.enqueue({
    id: newId("eff"),
    kind: "send_mt",
    payload: { outboundMessageId: id },
    paymentId: request.paymentId,
    runAt: at,
  });
  return id;
}

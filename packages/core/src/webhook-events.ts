// Outward events: what smspay tells a merchant (webhooks) and its shop
// platform when a payment reaches a state they act on. Each event is stored
// once with a stable id (`evt_…`) in the transaction that caused it; every
// delivery of it, first or retried, carries the same id and body, so
// receivers de-duplicate on the id (shared/webhooks.md).

import type { PaymentResource } from "./payment-resource.ts";
import { withPublicUrl } from "./payment-resource.ts";
import type { PaymentStatus } from "./payment-states.ts";

export const WEBHOOK_EVENT_TYPES = [
  "payment.succeeded",
  "payment.failed",
  "payment.expired",
  "payment.canceled",
  "payment.refunded",
  "payment.partially_refunded",
  "payment.disputed",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** The statuses whose reaching is announced, and as what. */
export const STATUS_EVENTS: Readonly<Partial<Record<PaymentStatus, WebhookEventType>>> = {
  succeeded: "payment.succeeded",
  failed: "payment.failed",
  expired: "payment.expired",
  canceled: "payment.canceled",
  partially_refunded: "payment.partially_refunded",
  refunded: "payment.refunded",
};

/** A refund as the merchant API shows it (refund events carry it in data.refund). */
export type RefundResource = {
  readonly id: string;
  readonly paymentId: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: string;
  readonly method: string;
  readonly reason: string | null;
  readonly createdAt: string;
};

export type WebhookEventData = {
  /** The payment right after the change, with a root-relative `checkoutUrl` (see paymentResource). */
  readonly payment: PaymentResource;
  readonly refund?: RefundResource;
  /** payment.disputed: what the operator reported. */
  readonly dispute?: Readonly<Record<string, unknown>>;
};

export type WebhookEvent = {
  readonly id: string;
  readonly merchantId: string;
  readonly paymentId: string;
  readonly type: WebhookEventType;
  readonly data: WebhookEventData;
  readonly createdAt: Date;
};

/** The exact JSON body a webhook endpoint receives for `event`. */
export function webhookBody(event: WebhookEvent, publicUrl: string): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.createdAt.toISOString(),
    data: { ...event.data, payment: withPublicUrl(event.data.payment, publicUrl) },
  });
}

/** A merchant's endpoint; its signing secret stays sealed (AES-GCM) at rest. */
export type WebhookEndpoint = {
  readonly id: string;
  readonly merchantId: string;
  readonly url: string;
  readonly events: readonly WebhookEventType[];
  readonly secretCipher: string;
  readonly active: boolean;
  readonly createdAt: Date;
};

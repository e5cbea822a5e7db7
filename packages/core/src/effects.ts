// Side effects leave through the transactional outbox: written in the same
// transaction as the change that causes them, delivered by workers with
// retries. A crash between "charged" and "told the customer" loses nothing.

import { z } from "zod";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./webhook-events.ts";

export type EffectPayloads = {
  /** Send the stored outbound message with this id. */
  send_mt: { readonly outboundMessageId: string };
  /** Charge the payment through carrier billing. */
  charge: { readonly paymentId: string };
  /** POST the stored event to one merchant endpoint. */
  deliver_webhook: { readonly eventId: string; readonly endpointId: string };
  /** Tell the merchant's shop platform what the event did to the order. */
  notify_platform: {
    readonly paymentId: string;
    readonly event: WebhookEventType;
    readonly eventId: string;
  };
  /** Ask the operator to credit a phone-credit refund back to the phone (refund-runner.ts). */
  refund: { readonly refundId: string };
};

export type EffectKind = keyof EffectPayloads;

const PAYLOADS: { readonly [K in EffectKind]: z.ZodType<EffectPayloads[K]> } = {
  send_mt: z.object({ outboundMessageId: z.string().min(1) }),
  charge: z.object({ paymentId: z.string().min(1) }),
  deliver_webhook: z.object({ eventId: z.string().min(1), endpointId: z.string().min(1) }),
  notify_platform: z.object({
    paymentId: z.string().min(1),
    event: z.enum(WEBHOOK_EVENT_TYPES),
    eventId: z.string().min(1),
  }),
  refund: z.object({ refundId: z.string().min(1) }),
};

export const EFFECT_KINDS = Object.keys(PAYLOADS) as readonly EffectKind[];

/** One effect, its payload typed by its kind (a union: switch on `kind`). */
export type Effect<K extends EffectKind = EffectKind> = {
  [P in K]: {
    readonly id: string;
    readonly kind: P;
    readonly payload: EffectPayloads[P];
    readonly paymentId: string | null;
    readonly attempts: number;
  };
}[K];

/** What a transaction queues. */
export type NewEffect = {
  [P in EffectKind]: {
    readonly id: string;
    readonly kind: P;
    readonly payload: EffectPayloads[P];
    readonly paymentId: string | null;
    readonly runAt: Date;
  };
}[EffectKind];

/** Checks a stored payload against its kind's shape (storage is not trusted blindly). */
export function parseEffectPayload<K extends EffectKind>(
  kind: K,
  payload: unknown,
  effectId: string,
): EffectPayloads[K] {
  const parsed = PAYLOADS[kind].safeParse(payload);
  if (!parsed.success) {
    throw new Error(`effect ${effectId}: stored payload does not fit kind ${kind}`);
  }
  return parsed.data;
}

/** An effect read back from storage, its payload checked against its kind. */
export function effectFromStorage<K extends EffectKind>(row: {
  id: string;
  kind: K;
  payload: unknown;
  paymentId: string | null;
  attempts: number;
}): Effect<K> {
  const payload = parseEffectPayload(row.kind, row.payload, row.id);
  // TypeScript cannot correlate `kind` and `payload` through the generic; the schema did.
  return { ...row, payload } as Effect<K>;
}

/** pending: due or leased; done: carried out; dead: given up on (dead letter, replayable). */
export type EffectStatus = "pending" | "done" | "dead";

export const EFFECT_STATUSES: readonly EffectStatus[] = ["pending", "done", "dead"];

export function isEffectStatus(value: string): value is EffectStatus {
  return (EFFECT_STATUSES as readonly string[]).includes(value);
}

/** An effect as operators and merchants see it. */
export type EffectRecord = {
  readonly id: string;
  readonly kind: EffectKind;
  /** What it acts on (which message, event and endpoint, payment...). */
  readonly payload: EffectPayloads[EffectKind];
  readonly status: EffectStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly paymentId: string | null;
  readonly createdAt: Date;
  readonly nextAttemptAt: Date;
  readonly doneAt: Date | null;
};

/** Effects that tell merchants and platforms what happened (as opposed to SMS and charges). */
export const NOTIFICATION_KINDS: readonly EffectKind[] = ["deliver_webhook", "notify_platform"];

export type RetryPolicy = {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 12,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
};

/**
 * Shops are told "we retry for about a day" (shared/webhooks.md): 27 waits,
 * doubling from 1 s up to 2 h, average about 23 h. SMS and charges give up
 * far sooner (DEFAULT_RETRY_POLICY): a customer is waiting on them.
 */
export const NOTIFICATION_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 28,
  baseDelayMs: 1_000,
  maxDelayMs: 2 * 3600_000,
};

/** The policy an effect of `kind` retries under; `base` is the configured one for SMS and charges. */
export function retryPolicyFor(kind: EffectKind, base: RetryPolicy): RetryPolicy {
  return NOTIFICATION_KINDS.includes(kind) ? NOTIFICATION_RETRY_POLICY : base;
}

/**
 * Exponential backoff with "equal jitter" (half fixed, half random):
 * spreads retries of many failed effects so they do not hit a recovering
 * provider at once. `attempts` counts tries made so far (>= 1).
 */
export function retryDelayMs(
  attempts: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

// Side effects leave through the transactional outbox: written in the same
// transaction as the change that causes them, delivered by workers with
// retries. A crash between "charged" and "told the customer" loses nothing.

export type EffectKind = "send_mt" | "charge";

export type EffectPayloads = {
  /** Send the stored outbound message with this id. */
  send_mt: { outboundMessageId: string };
  /** Charge the payment through carrier billing. */
  charge: { paymentId: string };
};

export type Effect = {
  readonly id: string;
  readonly kind: EffectKind;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly paymentId: string | null;
  readonly attempts: number;
};

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

// The one way a payment changes status, and the one way an MT is queued.
// Both write inside the caller's transaction, so the change, its timeline
// event and its side effects commit together or not at all.

import type { CoreDeps } from "./core-deps.ts";
import { SmspayError } from "./errors.ts";
import { newId } from "./ids.ts";
import type { Money } from "./money.ts";
import type { OutboundPurpose, Payment } from "./payment.ts";
import { assertTransition, type PaymentStatus } from "./payment-states.ts";
import type { PaymentChanges, Repositories } from "./ports.ts";

export async function transition(
  tx: Repositories,
  payment: Payment,
  to: PaymentStatus,
  options: { at: Date; changes?: PaymentChanges; data?: Record<string, unknown> },
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

// The opt-out registry (DOMAIN.md 2: STOP). A phone that sent STOP to a short
// code gets one confirmation, then silence from that code until it writes
// again: answers to its own MOs still go out (a new PAY, HELP, START), nothing
// else does (PINs, receipts, notifications, reminders). STOPALL (or an
// all-codes opt-out) silences every code. START lifts it.

import type { CoreDeps } from "./core-deps.ts";
import { SmspayError } from "./errors.ts";
import type { OutboundMessage, OutboundPurpose } from "./payment.ts";
import type { Repositories } from "./ports.ts";

export interface OptOutRepository {
  /** Records that the phone opted out of `shortCode` (null: of every code); repeating it changes nothing. */
  add(input: { phoneHash: string; shortCode: string | null; at: Date }): Promise<void>;
  /** Lifts the phone's opt-out of `shortCode` and its all-codes opt-out; false when there was none. */
  remove(input: { phoneHash: string; shortCode: string }): Promise<boolean>;
  /** Whether the phone opted out of any of `shortCodes`, or of every code. */
  isOptedOut(input: { phoneHash: string; shortCodes: readonly string[] }): Promise<boolean>;
}

// Replies to the customer's own MO: the only MTs an opted-out phone still gets.
const ANSWERS_TO_MO: ReadonlySet<OutboundPurpose> = new Set([
  "billed_confirmation",
  "service_reply",
]);

export function answersMo(purpose: OutboundPurpose): boolean {
  return ANSWERS_TO_MO.has(purpose);
}

/**
 * Whether an unsolicited MT from `sender` about `paymentId` may not reach the
 * phone: an opt-out of the sender, or of the short code the customer paid
 * with (a STOP sent to the shop's payment number covers its follow-ups too).
 */
export async function optedOut(
  tx: Pick<Repositories, "optOuts" | "payments">,
  input: { phoneHash: string; sender: string; paymentId: string | null },
): Promise<boolean> {
  const payment = input.paymentId ? await tx.payments.getById(input.paymentId) : undefined;
  const shortCodes = payment?.shortCode ? [input.sender, payment.shortCode] : [input.sender];
  return tx.optOuts.isOptedOut({ phoneHash: input.phoneHash, shortCodes });
}

export async function assertNotOptedOut(
  tx: Pick<Repositories, "optOuts" | "payments">,
  input: { phoneHash: string; sender: string; paymentId: string | null },
): Promise<void> {
  if (await optedOut(tx, input)) {
    throw new SmspayError(
      "phone_opted_out",
      "this phone number opted out of messages (STOP); it can opt back in by sending START",
    );
  }
}

/**
 * The last check before a provider: an unsolicited MT queued before its
 * phone sent STOP is dropped (marked failed, effect done) instead of sent.
 * Returns whether it was.
 */
export async function suppressIfOptedOut(
  deps: CoreDeps,
  mt: OutboundMessage,
  effectId: string,
): Promise<boolean> {
  if (answersMo(mt.purpose)) return false;
  const { store, clock } = deps;
  const blocked = await optedOut(store, {
    phoneHash: mt.toHash,
    sender: mt.sender,
    paymentId: mt.paymentId,
  });
  if (!blocked) return false;
  await store.transaction(async (tx) => {
    const at = clock.now();
    await tx.outbound.setStatus({ id: mt.id, status: "failed" });
    if (mt.paymentId) {
      await tx.payments.appendEvent({
        paymentId: mt.paymentId,
        type: "mt_suppressed",
        data: { messageId: mt.id, purpose: mt.purpose, reason: "opted_out" },
        at,
      });
    }
    await tx.effects.complete({ id: effectId, at });
  });
  return true;
}

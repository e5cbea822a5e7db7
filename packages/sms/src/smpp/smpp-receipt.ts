// SMSC delivery receipts (deliver_sm with esm_class 0x04): the MT's id and
// final state from the receipted_message_id / message_state TLVs when the
// SMSC sends them, else from the receipt text of SMPP 3.4 appendix B:
//   id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:...

import type { DeliveryFailure, DeliveryOutcome } from "@smspay/core";

export type ReceiptFields = {
  readonly id?: string;
  readonly stat?: string;
  readonly err?: string;
};

export type FinalState = { readonly outcome: DeliveryOutcome; readonly failure?: DeliveryFailure };

const FIELD = /(id|sub|dlvrd|submit date|done date|stat|err):(\S*)/gi;

export function parseReceiptText(text: string): ReceiptFields {
  // "text:" starts the (free) original text: nothing after it is a field.
  const head = text.split(/\btext:/i)[0] ?? "";
  const fields: Record<string, string> = {};
  for (const match of head.matchAll(FIELD)) {
    const key = (match[1] ?? "").toLowerCase();
    if (!(key in fields)) fields[key] = match[2] ?? "";
  }
  return {
    ...(fields.id ? { id: fields.id } : {}),
    ...(fields.stat ? { stat: fields.stat.toUpperCase() } : {}),
    ...(fields.err ? { err: fields.err } : {}),
  };
}

/** message_state TLV values (SMPP 3.4 5.3.2.35) and the receipt's stat words. */
const BY_STATE: Readonly<Record<number, string>> = {
  1: "ENROUTE",
  2: "DELIVRD",
  3: "EXPIRED",
  4: "DELETED",
  5: "UNDELIV",
  6: "ACCEPTD",
  7: "UNKNOWN",
  8: "REJECTD",
};

export function statOf(
  messageState: number | undefined,
  stat: string | undefined,
): string | undefined {
  return (messageState !== undefined ? BY_STATE[messageState] : undefined) ?? stat;
}

/** Final states only: ENROUTE, ACCEPTD and UNKNOWN leave the MT where it is. */
export function finalState(stat: string | undefined): FinalState | undefined {
  switch (stat) {
    case "DELIVRD":
      return { outcome: "delivered" };
    case "EXPIRED":
      return { outcome: "failed", failure: "expired" };
    case "UNDELIV":
      return { outcome: "failed", failure: "undeliverable" };
    case "REJECTD":
      return { outcome: "failed", failure: "rejected" };
    case "DELETED":
      return { outcome: "failed", failure: "unknown" };
    default:
      return undefined;
  }
}

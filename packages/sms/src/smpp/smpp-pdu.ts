// SMPP 3.4 numbers smspay relies on, and typed reads of a received PDU's
// parameters (the smpp package hands them over untyped).

import type { PDU } from "smpp";

export const STATUS = {
  OK: 0x00,
  SYSTEM_ERROR: 0x08,
  INVALID_DESTINATION: 0x0b,
  BIND_FAILED: 0x0d,
  INVALID_PASSWORD: 0x0e,
  INVALID_SYSTEM_ID: 0x0f,
  QUEUE_FULL: 0x14,
  THROTTLED: 0x58,
  /** deliver_sm_resp: "temporary application error", the SMSC delivers the PDU again later. */
  TEMPORARY_APP_ERROR: 0x64,
} as const;

/** esm_class bits: message type (bits 2-5) and the UDH indicator. */
export const ESM_DELIVERY_RECEIPT = 0x04;
export const ESM_MESSAGE_TYPE_MASK = 0x3c;
export const ESM_UDH_INDICATOR = 0x40;

export const DATA_CODING_DEFAULT = 0x00;
export const DATA_CODING_UCS2 = 0x08;

/** A PDU's text parameter after the package decoded it: its UDH elements, then the text. */
export type DecodedMessage = {
  readonly udh?: readonly Buffer[];
  readonly message: string | Buffer;
};

export function readString(pdu: PDU, name: string): string {
  const value = pdu[name];
  if (typeof value === "string") return value;
  if (Buffer.isBuffer(value)) return value.toString("latin1");
  return "";
}

export function readNumber(pdu: PDU, name: string): number | undefined {
  const value = pdu[name];
  return typeof value === "number" ? value : undefined;
}

export function readMessage(
  pdu: PDU,
  name: "short_message" | "message_payload",
): DecodedMessage | undefined {
  const value = pdu[name];
  if (Buffer.isBuffer(value)) return { message: value };
  if (typeof value === "object" && value !== null && "message" in value) {
    return value as DecodedMessage;
  }
  return undefined;
}

/** Bind answers that mean the credentials or the account are wrong: retrying will not fix them. */
export function isCredentialError(status: number): boolean {
  return (
    status === STATUS.BIND_FAILED ||
    status === STATUS.INVALID_PASSWORD ||
    status === STATUS.INVALID_SYSTEM_ID
  );
}

// Text <-> submit_sm / deliver_sm parameters: addresses with their TON/NPI,
// GSM 7-bit (data_coding 0, unpacked, extension table) or UCS-2 (data_coding
// 8), and long messages as concatenated parts (UDH, 8-bit reference) or as
// one PDU with the message_payload TLV, whichever the SMSC supports.

import type { PDU, PduParams } from "smpp";
import {
  encodeGsm7,
  encodeUcs2,
  encodingFor,
  splitForConcatenation,
} from "../transport-encoding.ts";
import {
  DATA_CODING_DEFAULT,
  DATA_CODING_UCS2,
  type DecodedMessage,
  readMessage,
  readNumber,
  readString,
} from "./smpp-pdu.ts";

export type LongMessages = "udh" | "payload";

const TON_INTERNATIONAL = 0x01;
const TON_NATIONAL = 0x02;
const TON_NETWORK_SPECIFIC = 0x03;
const TON_ALPHANUMERIC = 0x05;
const NPI_ISDN = 0x01;
const NPI_UNKNOWN = 0x00;

/** An address as SMPP carries it: "+3361..." is international, digits alone a short code, else alphanumeric. */
export function toAddress(address: string): { ton: number; npi: number; addr: string } {
  if (/^\+\d+$/.test(address))
    return { ton: TON_INTERNATIONAL, npi: NPI_ISDN, addr: address.slice(1) };
  if (/^\d{1,8}$/.test(address))
    return { ton: TON_NETWORK_SPECIFIC, npi: NPI_UNKNOWN, addr: address };
  if (/^\d+$/.test(address)) return { ton: TON_NATIONAL, npi: NPI_ISDN, addr: address };
  return { ton: TON_ALPHANUMERIC, npi: NPI_UNKNOWN, addr: address };
}

/** An SMPP address back to smspay's form: international numbers get their "+". */
export function fromAddress(addr: string, ton: number | undefined): string {
  return ton === TON_INTERNATIONAL && !addr.startsWith("+") ? `+${addr}` : addr;
}

/**
 * The submit_sm PDUs for one MT. Only the first asks for a receipt
 * (registered_delivery 1): smspay follows an MT by the id of its first part.
 */
export function submitParams(input: {
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly longMessages: LongMessages;
  /** Concatenation reference (0-255), the same for every part of this MT. */
  readonly reference: number;
}): PduParams[] {
  const encoding = encodingFor(input.text);
  const encode = encoding === "gsm7" ? encodeGsm7 : encodeUcs2;
  const source = toAddress(input.from);
  const destination = toAddress(input.to);
  const base = {
    source_addr_ton: source.ton,
    source_addr_npi: source.npi,
    source_addr: source.addr,
    dest_addr_ton: destination.ton,
    dest_addr_npi: destination.npi,
    destination_addr: destination.addr,
    data_coding: encoding === "gsm7" ? DATA_CODING_DEFAULT : DATA_CODING_UCS2,
  };
  const pieces = splitForConcatenation(input.text, encoding);
  if (pieces.length === 1) {
    return [{ ...base, registered_delivery: 1, short_message: encode(input.text) }];
  }
  if (input.longMessages === "payload") {
    return [{ ...base, registered_delivery: 1, message_payload: encode(input.text) }];
  }
  return pieces.map((piece, index) => ({
    ...base,
    registered_delivery: index === 0 ? 1 : 0,
    short_message: {
      udh: Buffer.from([0x05, 0x00, 0x03, input.reference & 0xff, pieces.length, index + 1]),
      message: encode(piece),
    },
  }));
}

/** Where a part sits in a concatenated message (UDH IE 0x00 / 0x08, or the sar_* TLVs). */
export type Concatenation = { readonly ref: number; readonly total: number; readonly seq: number };

export type ReceivedText = {
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly part?: Concatenation;
};

/** The text of a deliver_sm (or submit_sm, for the simulator), as the package decoded it. */
export function readText(pdu: PDU): ReceivedText {
  const message = readMessage(pdu, "short_message");
  const payload = readMessage(pdu, "message_payload");
  const chosen = message && messageLength(message) > 0 ? message : (payload ?? message);
  const part = concatenationOf(chosen, pdu);
  return {
    from: fromAddress(readString(pdu, "source_addr"), readNumber(pdu, "source_addr_ton")),
    to: fromAddress(readString(pdu, "destination_addr"), readNumber(pdu, "dest_addr_ton")),
    text: textOf(chosen),
    ...(part ? { part } : {}),
  };
}

function messageLength(decoded: DecodedMessage): number {
  return decoded.message.length;
}

function textOf(decoded: DecodedMessage | undefined): string {
  if (!decoded) return "";
  return typeof decoded.message === "string" ? decoded.message : decoded.message.toString("latin1");
}

function concatenationOf(decoded: DecodedMessage | undefined, pdu: PDU): Concatenation | undefined {
  for (const element of decoded?.udh ?? []) {
    if (element[0] === 0x00 && element[1] === 0x03) {
      return { ref: element[2] ?? 0, total: element[3] ?? 1, seq: element[4] ?? 1 };
    }
    if (element[0] === 0x08 && element[1] === 0x04) {
      return { ref: element.readUInt16BE(2), total: element[4] ?? 1, seq: element[5] ?? 1 };
    }
  }
  const ref = readNumber(pdu, "sar_msg_ref_num");
  const total = readNumber(pdu, "sar_total_segments");
  const seq = readNumber(pdu, "sar_segment_seqnum");
  return ref !== undefined && total !== undefined && seq !== undefined
    ? { ref, total, seq }
    : undefined;
}

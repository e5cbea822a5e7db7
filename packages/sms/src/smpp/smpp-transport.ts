// SMPP 3.4 as an smspay transport (client side, one transceiver bind): MTs
// as submit_sm with registered_delivery 1, MOs and delivery receipts as
// deliver_sm pushed to the core through `deliver` (SMPP has no webhook: the
// bind itself, with its credentials, is what authenticates the traffic).
//
// Provider ids: an MT is known by the message_id of its (first) submit_sm,
// which the SMSC's receipts name. An MO carries no id in SMPP, so smspay
// derives one from what the SMSC delivers (sender, short code, text) and the
// 10-minute window it arrives in: an SMSC that delivers the same MO again
// because our deliver_sm_resp was lost gives the same id, and the core
// records it once.

import { createHash, randomInt } from "node:crypto";
import {
  type Clock,
  type InboundEvent,
  type OutgoingSms,
  type SentSms,
  type SmsTransport,
  systemClock,
} from "@smspay/core";
import type { PDU } from "smpp";
import { SmppLink, type SmppLinkOptions } from "./smpp-link.ts";
import { type LongMessages, type ReceivedText, readText, submitParams } from "./smpp-message.ts";
import {
  ESM_DELIVERY_RECEIPT,
  ESM_MESSAGE_TYPE_MASK,
  readNumber,
  readString,
  STATUS,
} from "./smpp-pdu.ts";
import { finalState, parseReceiptText, statOf } from "./smpp-receipt.ts";

export type SmppTransportOptions = Omit<SmppLinkOptions, "onDeliver"> & {
  readonly name: string;
  /** How a message longer than one SMS leaves: concatenated parts (default) or message_payload. */
  readonly longMessages?: LongMessages;
  /** The most one send may take, every part and wait included (default 10 s). */
  readonly sendTimeoutMs?: number;
  /** Where MOs and receipts go: smspay's inbound pipeline. */
  readonly deliver: (event: InboundEvent) => Promise<unknown>;
  readonly clock?: Clock;
};

const MO_WINDOW_MS = 10 * 60_000;

type PartialMo = {
  readonly parts: Map<number, string>;
  readonly total: number;
  readonly since: number;
};

export class SmppTransport implements SmsTransport {
  readonly name: string;
  readonly #link: SmppLink;
  readonly #deliver: SmppTransportOptions["deliver"];
  readonly #clock: Clock;
  readonly #longMessages: LongMessages;
  readonly #sendTimeoutMs: number;
  #reference = randomInt(256);
  readonly #partialMos = new Map<string, PartialMo>();

  constructor(options: SmppTransportOptions) {
    this.name = options.name;
    this.#deliver = options.deliver;
    this.#clock = options.clock ?? systemClock;
    this.#longMessages = options.longMessages ?? "udh";
    this.#sendTimeoutMs = options.sendTimeoutMs ?? 10_000;
    this.#link = new SmppLink({ ...options, onDeliver: (pdu) => this.#onDeliver(pdu) });
  }

  /** Connects and binds; sends wait for the bind (and fail retryably when it does not come). */
  start(): void {
    this.#link.start();
  }

  close(): Promise<void> {
    return this.#link.close();
  }

  get bound(): boolean {
    return this.#link.bound;
  }

  async send(message: OutgoingSms): Promise<SentSms> {
    this.#reference = (this.#reference + 1) % 256;
    const parts = submitParams({
      from: message.from,
      to: message.to,
      text: message.text,
      longMessages: this.#longMessages,
      reference: this.#reference,
    });
    // In order, one after the other: handsets reassemble either way, but SMSCs keep order per bind.
    const deadline = Date.now() + this.#sendTimeoutMs;
    const ids: string[] = [];
    for (const part of parts) ids.push(await this.#link.submit(part, deadline));
    return { providerMessageId: ids[0] ?? "" };
  }

  async #onDeliver(pdu: PDU): Promise<number> {
    const esmClass = readNumber(pdu, "esm_class") ?? 0;
    const received = readText(pdu);
    const events =
      (esmClass & ESM_MESSAGE_TYPE_MASK) === ESM_DELIVERY_RECEIPT
        ? this.#receipt(pdu, received.text)
        : this.#mo(received);
    for (const event of events) await this.#deliver(event);
    return STATUS.OK;
  }

  #receipt(pdu: PDU, text: string): InboundEvent[] {
    const fields = parseReceiptText(text);
    const providerMessageId = readString(pdu, "receipted_message_id") || fields.id;
    const stat = statOf(readNumber(pdu, "message_state"), fields.stat);
    const final = finalState(stat);
    if (!providerMessageId || !final) return [];
    return [
      {
        type: "dlr_received",
        transport: this.name,
        providerMessageId,
        outcome: final.outcome,
        ...(final.failure
          ? { failure: final.failure, providerError: `stat:${stat} err:${fields.err ?? ""}` }
          : {}),
        receivedAt: this.#clock.now(),
      },
    ];
  }

  #mo(received: ReceivedText): InboundEvent[] {
    const now = this.#clock.now();
    const text = received.part ? this.#reassemble(received, received.part, now) : received.text;
    if (text === undefined) return [];
    const window = Math.floor(now.getTime() / MO_WINDOW_MS);
    const providerMessageId = createHash("sha256")
      .update(`${received.from}\n${received.to}\n${text}\n${window}`)
      .digest("base64url")
      .slice(0, 32);
    return [
      {
        type: "mo_received",
        transport: this.name,
        providerMessageId: `mo-${providerMessageId}`,
        from: received.from,
        to: received.to,
        text,
        receivedAt: now,
      },
    ];
  }

  /** Keeps the parts of a concatenated MO until the last arrives (parts older than the window are dropped). */
  #reassemble(
    received: ReceivedText,
    part: { ref: number; total: number; seq: number },
    now: Date,
  ): string | undefined {
    for (const [key, partial] of this.#partialMos) {
      if (now.getTime() - partial.since > MO_WINDOW_MS) this.#partialMos.delete(key);
    }
    const key = `${received.from} ${received.to} ${part.ref}`;
    const partial = this.#partialMos.get(key) ?? {
      parts: new Map<number, string>(),
      total: part.total,
      since: now.getTime(),
    };
    partial.parts.set(part.seq, received.text);
    this.#partialMos.set(key, partial);
    if (partial.parts.size < partial.total) return undefined;
    this.#partialMos.delete(key);
    return [...partial.parts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, text]) => text)
      .join("");
  }
}

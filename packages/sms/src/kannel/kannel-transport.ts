// Kannel (open-source SMS gateway) as an smspay transport: MTs through its
// sendsms HTTP interface, MOs through an sms-service get-url and receipts
// through the dlr-url, both calling smspay's webhook /webhooks/sms/<name>.
//
// Authenticity: Kannel cannot sign requests, so the get-url carries a shared
// secret (`key=`) and every dlr-url carries an HMAC of the MT id under that
// secret (`sig=`), so the secret itself never sits in Kannel's DLR store or
// logs. An optional IP allow-list narrows callbacks to Kannel's address.

import { createHmac, timingSafeEqual } from "node:crypto";
import {
  type Clock,
  type InboundEvent,
  type InboundHttpRequest,
  type InboundWebhookTransport,
  type OutgoingSms,
  type SentSms,
  SmspayError,
  type SmsTransport,
  systemClock,
} from "@smspay/core";
import { wholeBody } from "../provider-http.ts";
import {
  checkSendsmsAnswer,
  dlrUrl,
  parseMo,
  parseReceipt,
  sendsmsUrl,
} from "./kannel-protocol.ts";

export type KannelOptions = {
  readonly name: string;
  /** Kannel's sendsms interface, e.g. http://kannel.internal:13013/cgi-bin/sendsms */
  readonly sendsmsUrl: string;
  readonly username: string;
  readonly password: string;
  /** This transport's webhook as Kannel reaches it, e.g. https://pay.example/webhooks/sms/kannel */
  readonly webhookUrl: string;
  /** Shared secret of the get-url and of the dlr-url signatures. */
  readonly secret: string;
  /** When set, callbacks are accepted from these addresses only. */
  readonly allowedIps?: readonly string[];
  /** Kannel smsc-id to send through (Kannel routes by itself otherwise). */
  readonly smsc?: string;
  readonly timeoutMs?: number;
  readonly clock?: Clock;
};

export class KannelTransport implements SmsTransport, InboundWebhookTransport {
  readonly name: string;
  readonly #options: KannelOptions;
  readonly #clock: Clock;

  constructor(options: KannelOptions) {
    this.name = options.name;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  async send(message: OutgoingSms): Promise<SentSms> {
    const o = this.#options;
    const url = sendsmsUrl({
      baseUrl: o.sendsmsUrl,
      username: o.username,
      password: o.password,
      messageId: message.id,
      from: message.from,
      to: message.to,
      text: message.text,
      dlrUrl: dlrUrl(o.webhookUrl, message.id, this.#sign(message.id)),
      ...(o.smsc ? { smsc: o.smsc } : {}),
    });
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(o.timeoutMs ?? 10_000) });
    } catch (error) {
      throw new SmspayError("transport_error", "Kannel's sendsms interface is unreachable", {
        retryable: true,
        cause: error,
      });
    }
    checkSendsmsAnswer(response.status, await wholeBody("Kannel", response));
    // Kannel's answer names no message: its receipts come back to the dlr-url with our id in it.
    return { providerMessageId: message.id };
  }

  async classify(request: InboundHttpRequest): Promise<InboundEvent[] | "unauthenticated"> {
    const { secret, allowedIps } = this.#options;
    if (!secret) return "unauthenticated";
    if (allowedIps && !allowedIps.includes(request.remoteAddress.replace(/^::ffff:/, ""))) {
      return "unauthenticated";
    }
    const query = new URL(request.url, "http://kannel.invalid").searchParams;
    const now = this.#clock.now();
    if (query.get("type") === "dlr") {
      const id = query.get("id") ?? "";
      if (!sameSecret(query.get("sig"), this.#sign(id))) return "unauthenticated";
      const receipt = parseReceipt(this.name, query, now);
      return receipt ? [receipt] : [];
    }
    if (!sameSecret(query.get("key"), secret)) return "unauthenticated";
    return [parseMo(this.name, query, now)];
  }

  #sign(messageId: string): string {
    return createHmac("sha256", this.#options.secret)
      .update(`kannel-dlr\n${messageId}`)
      .digest("base64url");
  }
}

function sameSecret(given: string | null, expected: string): boolean {
  if (given === null || expected === "") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

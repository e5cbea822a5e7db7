// A strict fake of the Vonage SMS API, from the documented shapes: POST
// /sms/json (api_key/api_secret; a 200 whose per-message `status` says
// whether it was accepted; long texts split into parts, each with its id),
// and signed webhooks: inbound SMS as a GET query (Vonage's default) and
// delivery receipts as POST JSON. The signing is written here independently
// of the transport's.

import { createHash, createHmac } from "node:crypto";
import {
  callWebhook,
  FakeHttpServer,
  type FakeRequest,
  type FakeResponse,
  header,
  hex,
} from "./fake-http.ts";

export type VonageFakeMessage = {
  /** The id of each part: one per SMS the text takes. */
  readonly messageIds: readonly string[];
  readonly from: string;
  /** As Vonage got it: international format without "+". */
  readonly to: string;
  readonly text: string;
  readonly type: string;
  readonly clientRef: string | undefined;
  readonly callback: string | undefined;
};

export type VonageSignatureMethod = "md5hash" | "md5" | "sha1" | "sha256" | "sha512";

export type VonageFakeOptions = {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly signatureSecret: string;
  readonly signatureMethod: VonageSignatureMethod;
  /** Refused with status 29 (non-whitelisted destination); without "+". */
  readonly refusedRecipient: string;
};

const SEND_PARAMS = new Set([
  "api_key",
  "api_secret",
  "sig",
  "from",
  "to",
  "text",
  "type",
  "ttl",
  "status-report-req",
  "client-ref",
  "callback",
  "message-class",
  "body",
  "udh",
  "protocol-id",
  "account-ref",
  "entity-id",
  "content-id",
]);

// The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038).
const GSM7 = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€\f",
);

function parts(text: string, type: string): number {
  const length = [...text].length;
  if (type === "unicode") return length <= 70 ? 1 : Math.ceil(length / 67);
  return length <= 160 ? 1 : Math.ceil(length / 153);
}

export class VonageFake {
  readonly #options: VonageFakeOptions;
  readonly #messages: VonageFakeMessage[] = [];
  readonly #mos = new Map<string, Record<string, string>>();
  #server!: FakeHttpServer;
  /** The number's inbound webhook (smspay's /webhooks/sms/vonage). */
  inboundUrl = "";

  private constructor(options: VonageFakeOptions) {
    this.#options = options;
  }

  static async start(options: VonageFakeOptions): Promise<VonageFake> {
    const fake = new VonageFake(options);
    fake.#server = await FakeHttpServer.start((request) => fake.#handle(request));
    return fake;
  }

  get apiBaseUrl(): string {
    return this.#server.url;
  }

  messages(): readonly VonageFakeMessage[] {
    return [...this.#messages];
  }

  goDown(): Promise<() => Promise<void>> {
    return this.#server.goDown();
  }

  close(): Promise<void> {
    return this.#server.close();
  }

  /** An inbound SMS, as Vonage's default GET webhook carries it. */
  async sendMo(mo: { from: string; to: string; text: string }): Promise<{ messageId: string }> {
    const messageId = hex(16).toUpperCase();
    const params = {
      msisdn: mo.from.replace(/^\+/, ""),
      to: mo.to,
      messageId,
      text: mo.text,
      type: [...mo.text].every((c) => GSM7.has(c)) ? "text" : "unicode",
      keyword: (mo.text.trim().split(/\s+/)[0] ?? "").toUpperCase(),
      "api-key": this.#options.apiKey,
      "message-timestamp": new Date().toISOString().slice(0, 19).replace("T", " "),
    };
    this.#mos.set(messageId, params);
    await this.#get(params, this.#options.signatureSecret);
    return { messageId };
  }

  async redeliverMo(messageId: string): Promise<void> {
    const params = this.#mos.get(messageId);
    if (!params) throw new Error(`vonage fake: no MO ${messageId}`);
    await this.#get(params, this.#options.signatureSecret);
  }

  /** An inbound SMS signed with a guessed secret. */
  forgeMo(mo: { from: string; to: string; text: string }): Promise<number> {
    return this.#get(
      {
        msisdn: mo.from.replace(/^\+/, ""),
        to: mo.to,
        messageId: hex(16).toUpperCase(),
        text: mo.text,
        type: "text",
        "api-key": this.#options.apiKey,
      },
      "guessed-secret",
    );
  }

  /** A delivery receipt for a message's first part, POSTed as JSON to its callback. */
  sendReceipt(input: { messageId: string; status: string; errCode: string }): Promise<number> {
    const message = this.#messages.find((m) => m.messageIds[0] === input.messageId);
    if (!message?.callback) throw new Error(`vonage fake: no callback for ${input.messageId}`);
    const params: Record<string, string> = {
      msisdn: message.to,
      to: message.from,
      "network-code": "20801",
      messageId: input.messageId,
      price: "0.03330000",
      status: input.status,
      scts: "2001011400",
      "err-code": input.errCode,
      "api-key": this.#options.apiKey,
      "message-timestamp": new Date().toISOString().slice(0, 19).replace("T", " "),
      ...(message.clientRef ? { "client-ref": message.clientRef } : {}),
    };
    const signed = this.#sign(params, this.#options.signatureSecret);
    return callWebhook(message.callback, {
      headers: { "content-type": "application/json" },
      body: JSON.stringify(signed),
    });
  }

  #get(params: Record<string, string>, secret: string): Promise<number> {
    if (!this.inboundUrl) throw new Error("vonage fake: no inbound webhook configured");
    const query = new URLSearchParams(this.#sign(params, secret)).toString();
    return callWebhook(`${this.inboundUrl}?${query}`, { method: "GET" });
  }

  #sign(params: Record<string, string>, secret: string): Record<string, string> {
    const withTime = {
      ...params,
      timestamp: String(Math.floor(Date.now() / 1000)),
      nonce: hex(16),
    };
    let query = "";
    for (const name of Object.keys(withTime).sort()) {
      query += `&${name}=${String(withTime[name as keyof typeof withTime]).replace(/[&=]/g, "_")}`;
    }
    const method = this.#options.signatureMethod;
    const sig =
      method === "md5hash"
        ? createHash("md5")
            .update(query + secret)
            .digest("hex")
        : createHmac(method, secret).update(query).digest("hex").toUpperCase();
    return { ...withTime, sig };
  }

  #handle(request: FakeRequest): FakeResponse {
    if (request.path !== "/sms/json") return { status: 404, body: { error: "not found" } };
    if (request.method !== "POST" && request.method !== "GET") return { status: 405, body: "" };
    const type = header(request.headers, "content-type") ?? "";
    const params: Record<string, string> = Object.fromEntries(request.query);
    if (type.startsWith("application/json")) {
      Object.assign(params, JSON.parse(request.body.toString("utf8")) as Record<string, string>);
    } else if (request.body.length > 0) {
      Object.assign(params, Object.fromEntries(new URLSearchParams(request.body.toString("utf8"))));
    }
    const refuse = (status: string, text: string): FakeResponse => ({
      status: 200,
      body: { "message-count": "1", messages: [{ status, "error-text": text }] },
    });
    if (params.api_key !== this.#options.apiKey || params.api_secret !== this.#options.apiSecret) {
      return refuse("4", "Bad Credentials");
    }
    const unknown = Object.keys(params).filter((name) => !SEND_PARAMS.has(name));
    if (unknown.length > 0) return refuse("3", `Invalid parameters: ${unknown.join(", ")}`);
    const { from, to, text } = params;
    const messageType = params.type ?? "text";
    if (!from) return refuse("2", "Missing from param");
    if (!to) return refuse("2", "Missing to param");
    if (!text) return refuse("2", "Missing text param");
    if (!/^\d{7,15}$/.test(to)) return refuse("3", "Invalid to param");
    if (!["text", "unicode"].includes(messageType)) return refuse("3", "Invalid type param");
    if (messageType === "text" && ![...text].every((c) => GSM7.has(c))) {
      // Vonage would replace every character outside GSM-7 with "?".
      return refuse("3", "Text holds characters outside GSM-7: send type=unicode");
    }
    if ((params["client-ref"] ?? "").length > 100) return refuse("3", "client-ref too long");
    if (params.callback !== undefined && !/^https?:\/\//.test(params.callback)) {
      return refuse("23", "Invalid Callback Url");
    }
    if (to === this.#options.refusedRecipient) return refuse("29", "Non-Whitelisted Destination");
    const messageIds = Array.from({ length: parts(text, messageType) }, () =>
      hex(16).toUpperCase(),
    );
    this.#messages.push({
      messageIds,
      from,
      to,
      text,
      type: messageType,
      clientRef: params["client-ref"],
      callback: params.callback,
    });
    return {
      status: 200,
      body: {
        "message-count": String(messageIds.length),
        messages: messageIds.map((id) => ({
          to,
          "message-id": id,
          status: "0",
          "remaining-balance": "3.14159265",
          "message-price": "0.03330000",
          network: "20801",
          ...(params["client-ref"] ? { "client-ref": params["client-ref"] } : {}),
        })),
      },
    };
  }
}

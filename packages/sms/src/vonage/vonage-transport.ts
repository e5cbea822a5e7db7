// Vonage SMS API: MTs through POST /sms/json (api_key/api_secret; Vonage
// answers 200 even when it refuses, so each message's `status` decides),
// MOs and delivery receipts on smspay's webhook (GET query, form or JSON),
// signed with the account's signature secret (vonage-signature.ts). Vonage
// must be asked to sign webhooks; unsigned ones are refused.

import {
  type InboundEvent,
  type InboundHttpRequest,
  type InboundWebhookTransport,
  type OutgoingSms,
  type SentSms,
  SmspayError,
  type SmsTransport,
  systemClock,
} from "@smspay/core";
import { z } from "zod";
import {
  asE164,
  assertNotBilled,
  callProvider,
  formPairs,
  isFresh,
  jsonBody,
  refusal,
  requireSecret,
  withoutPlus,
} from "../provider-http.ts";
import { encodingFor } from "../transport-encoding.ts";
import { isValidVonageSignature, type VonageSignatureMethod } from "./vonage-signature.ts";
import { vonageReceipt } from "./vonage-statuses.ts";

export type VonageConfig = {
  readonly apiKey: string;
  readonly apiSecret: string;
  /** Signs Vonage's webhooks (Dashboard > Settings > signature secret). */
  readonly signatureSecret: string;
  readonly signatureMethod: VonageSignatureMethod;
  /** smspay's webhook as Vonage reaches it (…/webhooks/sms/vonage): delivery receipts go there. */
  readonly webhookUrl: string;
  readonly apiBaseUrl?: string;
  /** The most one API call may take (default 10 s). */
  readonly timeoutMs?: number;
};

// Statuses of a submitted message that trying again can fix: 1 throttled, 5 internal error.
const RETRYABLE_STATUSES = new Set(["1", "5"]);

const sentSchema = z.object({
  messages: z
    .array(
      z.object({
        status: z.string(),
        "message-id": z.string().optional(),
        "error-text": z.string().optional(),
      }),
    )
    .min(1),
});

export class VonageTransport implements SmsTransport, InboundWebhookTransport {
  readonly name = "vonage";
  readonly #config: VonageConfig & { readonly apiBaseUrl: string };
  readonly #clock: { now(): Date };

  constructor(config: VonageConfig, clock: { now(): Date } = systemClock) {
    requireSecret("vonage", "the signature secret", config.signatureSecret);
    requireSecret("vonage", "the API secret", config.apiSecret);
    this.#config = { apiBaseUrl: "https://rest.nexmo.com", ...config };
    this.#clock = clock;
  }

  async send(message: OutgoingSms): Promise<SentSms> {
    assertNotBilled("vonage", message);
    const { apiBaseUrl, apiKey, apiSecret, webhookUrl } = this.#config;
    const response = await callProvider("vonage", `${apiBaseUrl}/sms/json`, {
      method: "POST",
      timeoutMs: this.#config.timeoutMs,
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({
        api_key: apiKey,
        api_secret: apiSecret,
        from: message.from,
        to: withoutPlus(message.to),
        text: message.text,
        type: encodingFor(message.text) === "ucs2" ? "unicode" : "text",
        // Comes back in the receipt of every part: the receipt names our MT.
        "client-ref": message.id,
        callback: webhookUrl,
        "status-report-req": "1",
      }),
    });
    if (!response.ok) throw await refusal("vonage", response, () => undefined);
    const sent = sentSchema.safeParse(await jsonBody("vonage", response));
    if (!sent.success) {
      throw new SmspayError("transport_error", "vonage answered without messages", {
        retryable: true,
      });
    }
    const refused = sent.data.messages.find((m) => m.status !== "0");
    if (refused) {
      throw new SmspayError(
        "transport_error",
        `vonage refused the message: status ${refused.status} ${refused["error-text"] ?? ""}`.trim(),
        { retryable: RETRYABLE_STATUSES.has(refused.status) },
      );
    }
    // A long text goes out as several parts, each with its id: receipts name the first.
    const first = sent.data.messages[0]?.["message-id"];
    if (!first) {
      throw new SmspayError("transport_error", "vonage accepted the message without an id", {
        retryable: true,
      });
    }
    return { providerMessageId: first };
  }

  async classify(request: InboundHttpRequest): Promise<InboundEvent[] | "unauthenticated"> {
    const p = webhookParams(request);
    const now = this.#clock.now();
    const { signatureSecret, signatureMethod, apiKey } = this.#config;
    if (
      !isValidVonageSignature(p, signatureSecret, signatureMethod) ||
      !isFresh(p.timestamp, now) ||
      p["api-key"] !== apiKey
    ) {
      return "unauthenticated";
    }
    if (p.status !== undefined) {
      const receipt = vonageReceipt(p.status, p["err-code"]);
      if (!receipt) return [];
      return [
        {
          type: "dlr_received",
          transport: this.name,
          providerMessageId: required(p, "messageId"),
          ...(p["client-ref"] ? { messageId: p["client-ref"] } : {}),
          ...receipt,
          ...(p["err-code"] && p["err-code"] !== "0" ? { providerError: p["err-code"] } : {}),
          receivedAt: now,
        },
      ];
    }
    // Parts of a concatenated MO arrive one by one; payment keywords fit in one SMS.
    if (p.concat === "true") return [];
    return [
      {
        type: "mo_received",
        transport: this.name,
        providerMessageId: required(p, "messageId"),
        from: asE164(required(p, "msisdn")),
        to: required(p, "to"),
        text: p.text ?? "",
        receivedAt: vonageTime(p["message-timestamp"]) ?? now,
      },
    ];
  }
}

/** Vonage sends webhooks as GET query, form or JSON: all become flat string parameters. */
function webhookParams(request: InboundHttpRequest): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of new URL(request.url).searchParams) params[name] = value;
  const body = Buffer.from(request.rawBody).toString("utf8");
  if (body === "") return params;
  if ((request.headers["content-type"] ?? "").includes("application/json")) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return params;
    }
    if (json !== null && typeof json === "object" && !Array.isArray(json)) {
      for (const [name, value] of Object.entries(json)) {
        if (value !== null && typeof value !== "object") params[name] = String(value);
      }
    }
    return params;
  }
  for (const [name, value] of formPairs(body)) params[name] = value;
  return params;
}

function required(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (!value) {
    throw new SmspayError("invalid_request", `vonage webhook without ${name}`, {
      fields: [{ path: name, message: "required" }],
    });
  }
  return value;
}

/** "2020-01-01 12:00:00" (UTC). */
function vonageTime(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const at = new Date(`${text.replace(" ", "T")}Z`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

// Bird (formerly MessageBird) Channels API: MTs through
// POST /workspaces/{workspace}/channels/{channel}/messages (`Authorization:
// AccessKey <key>`), one SMS channel per number; MOs (sms.inbound) and status
// changes (sms.outbound) arrive on smspay's webhook from a Bird webhook
// subscription, signed with its signing key (bird-signature.ts).

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
  assertNotBilled,
  callProvider,
  jsonBody,
  refusal,
  requireSecret,
} from "../provider-http.ts";
import { isValidBirdSignature } from "./bird-signature.ts";
import { birdReceipt } from "./bird-statuses.ts";

export type BirdConfig = {
  readonly accessKey: string;
  readonly workspaceId: string;
  /** The SMS channel of each number (short code) smspay sends from and receives on. */
  readonly channels: Readonly<Record<string, string>>;
  /** The webhook subscription's signing key. */
  readonly signingKey: string;
  readonly apiBaseUrl?: string;
  /** The most one API call may take (default 10 s). */
  readonly timeoutMs?: number;
};

const sentSchema = z.object({ id: z.string().min(1) });
const errorSchema = z.object({ code: z.string().optional(), message: z.string().optional() });

const eventSchema = z.object({ service: z.string(), event: z.string(), payload: z.unknown() });

const inboundSchema = z.object({
  id: z.string().min(1),
  channelId: z.string().min(1),
  sender: z.object({ contact: z.object({ identifierValue: z.string().min(1) }) }),
  receiver: z
    .object({ connector: z.object({ identifierValue: z.string().min(1) }).optional() })
    .optional(),
  body: z.object({ type: z.literal("text"), text: z.object({ text: z.string() }) }),
  createdAt: z.string().optional(),
});

const outboundSchema = z.object({
  id: z.string().min(1),
  channelId: z.string().min(1),
  reference: z.string().nullish(),
  status: z.string(),
  reason: z.string().nullish(),
  failure: z.object({ code: z.number().optional() }).nullish(),
});

export class BirdTransport implements SmsTransport, InboundWebhookTransport {
  readonly name = "bird";
  readonly #config: BirdConfig & { readonly apiBaseUrl: string };
  /** channel id -> the number it serves */
  readonly #numbers: ReadonlyMap<string, string>;
  readonly #clock: { now(): Date };

  constructor(config: BirdConfig, clock: { now(): Date } = systemClock) {
    requireSecret("bird", "the webhook signing key", config.signingKey);
    requireSecret("bird", "the access key", config.accessKey);
    if (Object.keys(config.channels).length === 0) {
      throw new Error("bird: at least one channel (number=channel id) is required");
    }
    this.#config = { apiBaseUrl: "https://api.bird.com", ...config };
    this.#numbers = new Map(Object.entries(config.channels).map(([number, id]) => [id, number]));
    this.#clock = clock;
  }

  async send(message: OutgoingSms): Promise<SentSms> {
    assertNotBilled("bird", message);
    const channelId = this.#config.channels[message.from];
    if (!channelId) {
      throw new SmspayError("transport_error", `bird: no channel sends from ${message.from}`);
    }
    const { apiBaseUrl, workspaceId, accessKey } = this.#config;
    const response = await callProvider(
      "bird",
      `${apiBaseUrl}/workspaces/${workspaceId}/channels/${channelId}/messages`,
      {
        method: "POST",
        timeoutMs: this.#config.timeoutMs,
        headers: {
          authorization: `AccessKey ${accessKey}`,
          "content-type": "application/json",
          accept: "application/json",
        },
        body: JSON.stringify({
          receiver: { contacts: [{ identifierKey: "phonenumber", identifierValue: message.to }] },
          body: { type: "text", text: { text: message.text } },
          // Comes back on every status event: the receipt names our MT.
          reference: message.id,
        }),
      },
    );
    if (!response.ok) {
      throw await refusal("bird", response, (body) => {
        const error = errorSchema.safeParse(body);
        return error.success
          ? `${error.data.code ?? ""} ${error.data.message ?? ""}`.trim()
          : undefined;
      });
    }
    const sent = sentSchema.safeParse(await jsonBody("bird", response));
    if (!sent.success) {
      throw new SmspayError("transport_error", "bird accepted the message without an id", {
        retryable: true,
      });
    }
    return { providerMessageId: sent.data.id };
  }

  async classify(request: InboundHttpRequest): Promise<InboundEvent[] | "unauthenticated"> {
    const now = this.#clock.now();
    const authentic = isValidBirdSignature({
      signingKey: this.#config.signingKey,
      url: request.url,
      body: request.rawBody,
      signature: request.headers["messagebird-signature"],
      timestamp: request.headers["messagebird-request-timestamp"],
      now,
    });
    if (!authentic) return "unauthenticated";
    const event = parse(eventSchema, json(request.rawBody));
    switch (event.event) {
      case "sms.inbound": {
        const mo = parse(inboundSchema, event.payload);
        const to = this.#numbers.get(mo.channelId);
        // Another channel of the workspace: not smspay's traffic.
        if (to === undefined) return [];
        return [
          {
            type: "mo_received",
            transport: this.name,
            providerMessageId: mo.id,
            from: mo.sender.contact.identifierValue,
            to,
            text: mo.body.text.text,
            receivedAt: birdTime(mo.createdAt) ?? now,
          },
        ];
      }
      case "sms.outbound": {
        const status = parse(outboundSchema, event.payload);
        const receipt = birdReceipt(status.status);
        if (!receipt || !this.#numbers.has(status.channelId)) return [];
        const providerError = status.reason ?? status.failure?.code?.toString();
        return [
          {
            type: "dlr_received",
            transport: this.name,
            providerMessageId: status.id,
            ...(status.reference ? { messageId: status.reference } : {}),
            ...receipt,
            ...(providerError ? { providerError } : {}),
            receivedAt: now,
          },
        ];
      }
      default:
        return [];
    }
  }
}

function json(rawBody: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(rawBody).toString("utf8"));
  } catch {
    throw new SmspayError("invalid_request", "bird webhook body is not JSON");
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new SmspayError(
      "invalid_request",
      `bird webhook not understood: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}

function birdTime(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

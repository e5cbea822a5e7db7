// Infobip SMS: MTs through /sms/2/text/advanced (JSON, `Authorization: App
// <API key>`); MOs and delivery reports pushed as JSON to smspay's webhook by
// an Infobip subscription. Infobip does not sign the body: the subscription's
// notification profile carries BASIC credentials, which every request must
// present (checked before the body is read), and the webhook should be served
// over HTTPS only.

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
  jsonBody,
  refusal,
  requireSecret,
  safeEqual,
  withoutPlus,
} from "../provider-http.ts";
import { infobipReceipt } from "./infobip-statuses.ts";

export type InfobipConfig = {
  /** The account's API base URL, e.g. https://xxxxx.api.infobip.com. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** The BASIC credentials of the subscription's notification profile. */
  readonly webhookUsername: string;
  readonly webhookPassword: string;
  /** The most one API call may take (default 10 s). */
  readonly timeoutMs?: number;
};

const statusSchema = z.object({
  groupId: z.number(),
  groupName: z.string(),
  id: z.number(),
  name: z.string(),
  description: z.string().optional(),
});

const sentSchema = z.object({
  messages: z.array(z.object({ messageId: z.string().min(1), status: statusSchema })).min(1),
});

const errorSchema = z.object({
  requestError: z.object({
    serviceException: z.object({ messageId: z.string(), text: z.string() }),
  }),
});

const moSchema = z.object({
  messageId: z.string().min(1),
  from: z.string().min(1),
  to: z.string().min(1),
  text: z.string(),
  receivedAt: z.string(),
});

const reportSchema = z.object({
  messageId: z.string().min(1),
  callbackData: z.string().nullish(),
  status: statusSchema,
  error: z.object({ name: z.string() }).nullish(),
});

const pushSchema = z.object({
  results: z.array(z.union([reportSchema, moSchema])),
});

export class InfobipTransport implements SmsTransport, InboundWebhookTransport {
  readonly name = "infobip";
  readonly #config: InfobipConfig;
  readonly #expectedAuthorization: string;
  readonly #clock: { now(): Date };

  constructor(config: InfobipConfig, clock: { now(): Date } = systemClock) {
    requireSecret("infobip", "the webhook username", config.webhookUsername);
    requireSecret("infobip", "the webhook password", config.webhookPassword);
    requireSecret("infobip", "the API key", config.apiKey);
    this.#config = { ...config, baseUrl: config.baseUrl.replace(/\/$/, "") };
    this.#expectedAuthorization = `Basic ${Buffer.from(
      `${config.webhookUsername}:${config.webhookPassword}`,
    ).toString("base64")}`;
    this.#clock = clock;
  }

  async send(message: OutgoingSms): Promise<SentSms> {
    assertNotBilled("infobip", message);
    const response = await callProvider("infobip", `${this.#config.baseUrl}/sms/2/text/advanced`, {
      method: "POST",
      timeoutMs: this.#config.timeoutMs,
      headers: {
        authorization: `App ${this.#config.apiKey}`,
        "content-type": "application/json",
        accept: "application/json",
      },
      body: JSON.stringify({
        messages: [
          {
            destinations: [{ to: withoutPlus(message.to) }],
            from: message.from,
            text: message.text,
            // Comes back in the delivery report: the receipt names our MT.
            callbackData: message.id,
          },
        ],
      }),
    });
    if (!response.ok) {
      throw await refusal("infobip", response, (body) => {
        const error = errorSchema.safeParse(body);
        return error.success
          ? `${error.data.requestError.serviceException.messageId} ${error.data.requestError.serviceException.text}`
          : undefined;
      });
    }
    const sent = sentSchema.safeParse(await jsonBody("infobip", response));
    if (!sent.success) {
      throw new SmspayError("transport_error", "infobip answered without a message id", {
        retryable: true,
      });
    }
    const [accepted] = sent.data.messages;
    if (!accepted) throw new SmspayError("transport_error", "infobip accepted nothing");
    // A 200 can still refuse the destination: the status says so.
    if (accepted.status.groupName === "REJECTED") {
      throw new SmspayError(
        "transport_error",
        `infobip rejected the message: ${accepted.status.name}`,
      );
    }
    return { providerMessageId: accepted.messageId };
  }

  async classify(request: InboundHttpRequest): Promise<InboundEvent[] | "unauthenticated"> {
    const given = request.headers.authorization;
    if (given === undefined || !safeEqual(given, this.#expectedAuthorization)) {
      return "unauthenticated";
    }
    const push = parse(request.rawBody);
    const receivedAt = this.#clock.now();
    const events: InboundEvent[] = [];
    for (const result of push.results) {
      if ("status" in result) {
        const receipt = infobipReceipt(result.status);
        if (!receipt) continue;
        events.push({
          type: "dlr_received",
          transport: this.name,
          providerMessageId: result.messageId,
          ...(result.callbackData ? { messageId: result.callbackData } : {}),
          ...receipt,
          providerError: result.error?.name ?? result.status.name,
          receivedAt,
        });
      } else {
        events.push({
          type: "mo_received",
          transport: this.name,
          providerMessageId: result.messageId,
          from: asE164(result.from),
          to: result.to,
          text: result.text,
          receivedAt: infobipTime(result.receivedAt) ?? receivedAt,
        });
      }
    }
    return events;
  }
}

function parse(rawBody: Uint8Array): z.infer<typeof pushSchema> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(rawBody).toString("utf8"));
  } catch {
    throw new SmspayError("invalid_request", "infobip push is not JSON");
  }
  const parsed = pushSchema.safeParse(json);
  if (!parsed.success) {
    throw new SmspayError(
      "invalid_request",
      `infobip push not understood: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}

/** "2019-11-09T16:00:00.000+0000" (Infobip's offset has no colon). */
function infobipTime(text: string): Date | undefined {
  const at = new Date(text.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(at.getTime()) ? undefined : at;
}

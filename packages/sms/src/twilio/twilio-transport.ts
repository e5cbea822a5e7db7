// Twilio Programmable Messaging: MTs through the Messages API (form POST,
// basic auth), MOs and status callbacks on smspay's webhook, signed with the
// account's auth token (twilio-signature.ts).

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
  formPairs,
  jsonBody,
  refusal,
  requireSecret,
} from "../provider-http.ts";
import { isValidTwilioSignature } from "./twilio-signature.ts";
import { twilioReceipt } from "./twilio-statuses.ts";

export type TwilioConfig = {
  readonly accountSid: string;
  /** Signs Twilio's webhooks and authenticates our API calls. */
  readonly authToken: string;
  /** smspay's webhook as Twilio reaches it (…/webhooks/sms/twilio): status callbacks go there. */
  readonly webhookUrl: string;
  readonly apiBaseUrl?: string;
  /** The most one API call may take (default 10 s). */
  readonly timeoutMs?: number;
};

// Twilio answers an MO webhook with TwiML: an empty <Response> sends no auto-reply
// (smspay replies through the API, from the outbox).
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

const sentSchema = z.object({ sid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/) });
const errorSchema = z.object({ code: z.number().optional(), message: z.string().optional() });

export class TwilioTransport implements SmsTransport, InboundWebhookTransport {
  readonly name = "twilio";
  readonly acknowledgement = { contentType: "text/xml", body: EMPTY_TWIML };
  readonly #config: TwilioConfig & { readonly apiBaseUrl: string };
  readonly #clock: { now(): Date };

  constructor(config: TwilioConfig, clock: { now(): Date } = systemClock) {
    requireSecret("twilio", "the auth token", config.authToken);
    if (!/^AC[0-9a-f]{32}$/.test(config.accountSid)) {
      throw new Error("twilio: the account SID must look like AC followed by 32 hex digits");
    }
    this.#config = { apiBaseUrl: "https://api.twilio.com", ...config };
    this.#clock = clock;
  }

  async send(message: OutgoingSms): Promise<SentSms> {
    assertNotBilled("twilio", message);
    const { accountSid, authToken, apiBaseUrl, webhookUrl, timeoutMs } = this.#config;
    const response = await callProvider(
      "twilio",
      `${apiBaseUrl}/2010-04-01/Accounts/${accountSid}/Messages.json`,
      {
        method: "POST",
        timeoutMs,
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: new URLSearchParams({
          To: message.to,
          From: message.from,
          Body: message.text,
          StatusCallback: webhookUrl,
        }),
      },
    );
    if (!response.ok) {
      throw await refusal("twilio", response, (body) => {
        const error = errorSchema.safeParse(body);
        return error.success
          ? `${error.data.code ?? ""} ${error.data.message ?? ""}`.trim()
          : undefined;
      });
    }
    const sent = sentSchema.safeParse(await jsonBody("twilio", response));
    if (!sent.success) {
      throw new SmspayError("transport_error", "twilio accepted the message without a SID", {
        retryable: true,
      });
    }
    return { providerMessageId: sent.data.sid };
  }

  async classify(request: InboundHttpRequest): Promise<InboundEvent[] | "unauthenticated"> {
    // The signature covers the decoded POST parameters: decoding comes first,
    // reading them only once they are proven to come from Twilio.
    const params =
      request.method === "POST" ? formPairs(Buffer.from(request.rawBody).toString("utf8")) : [];
    const authentic = isValidTwilioSignature({
      authToken: this.#config.authToken,
      url: request.url,
      params,
      signature: request.headers["x-twilio-signature"],
    });
    const p = Object.fromEntries(params);
    if (!authentic || p.AccountSid !== this.#config.accountSid) return "unauthenticated";
    const receivedAt = this.#clock.now();
    const status = p.MessageStatus ?? p.SmsStatus;
    if (status !== undefined && status !== "received") {
      const sid = required(p, "MessageSid");
      const receipt = twilioReceipt(status, p.ErrorCode);
      if (!receipt) return [];
      return [
        {
          type: "dlr_received",
          transport: this.name,
          providerMessageId: sid,
          ...receipt,
          ...(p.ErrorCode ? { providerError: p.ErrorCode } : {}),
          receivedAt,
        },
      ];
    }
    return [
      {
        type: "mo_received",
        transport: this.name,
        providerMessageId: required(p, "MessageSid"),
        from: required(p, "From"),
        to: required(p, "To"),
        text: p.Body ?? "",
        receivedAt,
      },
    ];
  }
}

function required(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (!value) {
    throw new SmspayError("invalid_request", `twilio webhook without ${name}`, {
      fields: [{ path: name, message: "required" }],
    });
  }
  return value;
}

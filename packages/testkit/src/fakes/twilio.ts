// A strict fake of Twilio's Programmable Messaging, from the documented
// shapes: the Messages API (form POST, basic auth, the documented error codes)
// and the webhooks Twilio sends (incoming message, status callback), signed
// as Twilio signs them. Its signing code is written here independently of the
// transport's, so a shared misreading of the algorithm cannot pass unnoticed
// (the transport's test vectors pin the algorithm itself).

import { createHmac } from "node:crypto";
import {
  callWebhook,
  FakeHttpServer,
  type FakeRequest,
  type FakeResponse,
  header,
  hex,
} from "./fake-http.ts";

export type TwilioFakeMessage = {
  readonly sid: string;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly statusCallback: string | undefined;
};

export type TwilioFakeOptions = {
  readonly accountSid: string;
  readonly authToken: string;
  /** A number that has replied STOP to every sender: Twilio refuses it (error 21610). */
  readonly refusedRecipient: string;
};

// The parameters the Messages API documents for a create; anything else is a typo.
const CREATE_PARAMS = new Set([
  "To",
  "From",
  "MessagingServiceSid",
  "Body",
  "MediaUrl",
  "ContentSid",
  "ContentVariables",
  "StatusCallback",
  "ApplicationSid",
  "MaxPrice",
  "ProvideFeedback",
  "Attempt",
  "ValidityPeriod",
  "ForceDelivery",
  "SmartEncoded",
  "PersistentAction",
  "ShortenUrls",
  "ScheduleType",
  "SendAt",
  "SendAsMms",
  "RiskCheck",
]);

const E164 = /^\+[1-9]\d{1,14}$/;

export class TwilioFake {
  readonly #options: TwilioFakeOptions;
  readonly #messages: TwilioFakeMessage[] = [];
  readonly #mos = new Map<string, [string, string][]>();
  #server!: FakeHttpServer;
  /** The number's "A message comes in" webhook: smspay's /webhooks/sms/twilio. */
  incomingUrl = "";

  private constructor(options: TwilioFakeOptions) {
    this.#options = options;
  }

  static async start(options: TwilioFakeOptions): Promise<TwilioFake> {
    const fake = new TwilioFake(options);
    fake.#server = await FakeHttpServer.start((request) => fake.#handle(request));
    return fake;
  }

  get apiBaseUrl(): string {
    return this.#server.url;
  }

  messages(): readonly TwilioFakeMessage[] {
    return [...this.#messages];
  }

  goDown(): Promise<() => Promise<void>> {
    return this.#server.goDown();
  }

  close(): Promise<void> {
    return this.#server.close();
  }

  /** A customer's SMS to one of the account's numbers: Twilio posts it, signed. */
  async sendMo(mo: { from: string; to: string; text: string }): Promise<{ messageSid: string }> {
    const messageSid = `SM${hex(32)}`;
    const params: [string, string][] = [
      ["ToCountry", "FR"],
      ["SmsMessageSid", messageSid],
      ["NumMedia", "0"],
      ["SmsSid", messageSid],
      ["SmsStatus", "received"],
      ["Body", mo.text],
      ["FromCountry", "FR"],
      ["To", mo.to],
      ["NumSegments", "1"],
      ["MessageSid", messageSid],
      ["AccountSid", this.#options.accountSid],
      ["From", mo.from],
      ["ApiVersion", "2010-04-01"],
    ];
    this.#mos.set(messageSid, params);
    await this.#post(this.incomingUrl, params, this.#options.authToken);
    return { messageSid };
  }

  /** Twilio retries a webhook whose answer it did not get: the same request again. */
  async redeliverMo(messageSid: string): Promise<void> {
    const params = this.#mos.get(messageSid);
    if (!params) throw new Error(`twilio fake: no MO ${messageSid}`);
    await this.#post(this.incomingUrl, params, this.#options.authToken);
  }

  /** An MO signed with the wrong token: what a forger can send. Resolves with smspay's answer. */
  async forgeMo(mo: { from: string; to: string; text: string }): Promise<number> {
    const sid = `SM${hex(32)}`;
    return this.#post(
      this.incomingUrl,
      [
        ["MessageSid", sid],
        ["AccountSid", this.#options.accountSid],
        ["From", mo.from],
        ["To", mo.to],
        ["Body", mo.text],
      ],
      "not-the-auth-token",
    );
  }

  /** A status callback for a message, to the StatusCallback it was sent with. */
  async sendStatus(input: {
    messageSid: string;
    status: string;
    errorCode?: string;
  }): Promise<number> {
    const message = this.#messages.find((m) => m.sid === input.messageSid);
    if (!message?.statusCallback)
      throw new Error(`twilio fake: no callback for ${input.messageSid}`);
    return this.#post(
      message.statusCallback,
      [
        ["SmsSid", message.sid],
        ["SmsStatus", input.status],
        ["MessageStatus", input.status],
        ["To", message.to],
        ["MessageSid", message.sid],
        ["AccountSid", this.#options.accountSid],
        ["From", message.from],
        ["ApiVersion", "2010-04-01"],
        ...(input.errorCode ? ([["ErrorCode", input.errorCode]] as [string, string][]) : []),
      ],
      this.#options.authToken,
    );
  }

  #post(url: string, params: [string, string][], token: string): Promise<number> {
    if (!url) throw new Error("twilio fake: no webhook URL configured");
    let signed = url;
    const sorted = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [name, value] of sorted) signed += `${name}${value}`;
    const signature = createHmac("sha1", token).update(signed).digest("base64");
    return callWebhook(url, {
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": signature,
      },
      body: new URLSearchParams(params).toString(),
    });
  }

  #handle(request: FakeRequest): FakeResponse {
    const { accountSid, authToken } = this.#options;
    const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
    if (header(request.headers, "authorization") !== expected) {
      return error(401, 20003, "Authenticate");
    }
    if (request.method !== "POST" || request.path !== path) {
      return error(404, 20404, `The requested resource ${request.path} was not found`);
    }
    if (!header(request.headers, "content-type")?.startsWith("application/x-www-form-urlencoded")) {
      return error(400, 20001, "Content-Type must be application/x-www-form-urlencoded");
    }
    const params = new URLSearchParams(request.body.toString("utf8"));
    for (const name of params.keys()) {
      if (!CREATE_PARAMS.has(name)) return error(400, 20001, `Unknown parameter ${name}`);
    }
    const to = params.get("To");
    const from = params.get("From");
    const body = params.get("Body");
    const statusCallback = params.get("StatusCallback") ?? undefined;
    if (!to) return error(400, 21604, "A 'To' phone number is required.");
    if (!from && !params.get("MessagingServiceSid"))
      return error(400, 21603, "A 'From' phone number is required.");
    if (!body) return error(400, 21602, "Message body is required.");
    if (!E164.test(to))
      return error(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if ([...body].length > 1600)
      return error(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
    if (statusCallback !== undefined && !/^https?:\/\//.test(statusCallback)) {
      return error(400, 21609, "The StatusCallback URL is not a valid URL.");
    }
    if (to === this.#options.refusedRecipient) {
      return error(400, 21610, "Attempt to send to unsubscribed recipient");
    }
    const sid = `SM${hex(32)}`;
    this.#messages.push({ sid, from: from ?? "", to, body, statusCallback });
    const now = new Date().toUTCString();
    return {
      status: 201,
      body: {
        account_sid: accountSid,
        api_version: "2010-04-01",
        body,
        date_created: now,
        date_sent: null,
        date_updated: now,
        direction: "outbound-api",
        error_code: null,
        error_message: null,
        from,
        messaging_service_sid: null,
        num_media: "0",
        num_segments: "1",
        price: null,
        price_unit: "USD",
        sid,
        status: "queued",
        subresource_uris: {
          media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json`,
        },
        to,
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      },
    };
  }
}

function error(status: number, code: number, message: string): FakeResponse {
  return {
    status,
    body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  };
}

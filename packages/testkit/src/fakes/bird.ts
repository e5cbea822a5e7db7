// A strict fake of Bird's Channels API for SMS, from the documented shapes:
// POST /workspaces/{workspaceId}/channels/{channelId}/messages
// (`Authorization: AccessKey <key>`, receiver contacts, a text body), and the
// events of a webhook subscription (sms.inbound, sms.outbound) signed as Bird
// signs them: base64(HMAC-SHA256(signing key, timestamp\nurl\nsha256(body))).
// The signing is written here independently of the transport's.

import { createHash, createHmac, randomUUID } from "node:crypto";
import {
  callWebhook,
  FakeHttpServer,
  type FakeRequest,
  type FakeResponse,
  header,
} from "./fake-http.ts";

export type BirdFakeMessage = {
  readonly id: string;
  readonly channelId: string;
  /** The channel's number. */
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly reference: string | undefined;
};

export type BirdFakeOptions = {
  readonly accessKey: string;
  readonly workspaceId: string;
  /** number -> channel id */
  readonly channels: Readonly<Record<string, string>>;
  /** A receiver Bird refuses outright. */
  readonly refusedRecipient: string;
};

/** The webhook subscription: where events go and the key they are signed with. */
export type BirdSubscription = { url: string; signingKey: string };

const E164 = /^\+[1-9]\d{1,14}$/;

export class BirdFake {
  readonly #options: BirdFakeOptions;
  readonly #messages: BirdFakeMessage[] = [];
  readonly #mos = new Map<string, string>();
  #server!: FakeHttpServer;
  subscription: BirdSubscription = { url: "", signingKey: "" };

  private constructor(options: BirdFakeOptions) {
    this.#options = options;
  }

  static async start(options: BirdFakeOptions): Promise<BirdFake> {
    const fake = new BirdFake(options);
    fake.#server = await FakeHttpServer.start((request) => fake.#handle(request));
    return fake;
  }

  get apiBaseUrl(): string {
    return this.#server.url;
  }

  messages(): readonly BirdFakeMessage[] {
    return [...this.#messages];
  }

  goDown(): Promise<() => Promise<void>> {
    return this.#server.goDown();
  }

  close(): Promise<void> {
    return this.#server.close();
  }

  /** An SMS to one of the channels' numbers: an sms.inbound event. */
  async sendMo(mo: { from: string; to: string; text: string }): Promise<{ id: string }> {
    const channelId = this.#options.channels[mo.to];
    if (!channelId) throw new Error(`bird fake: no channel for ${mo.to}`);
    const id = randomUUID();
    const now = new Date().toISOString();
    const body = JSON.stringify({
      service: "channels",
      event: "sms.inbound",
      payload: {
        id,
        channelId,
        sender: {
          contact: { id: randomUUID(), identifierKey: "phonenumber", identifierValue: mo.from },
        },
        receiver: { connector: { id: randomUUID(), identifierValue: mo.to } },
        body: { type: "text", text: { text: mo.text } },
        status: "delivered",
        direction: "incoming",
        createdAt: now,
        updatedAt: now,
      },
    });
    this.#mos.set(id, body);
    await this.#post(body, this.subscription.signingKey);
    return { id };
  }

  async redeliverMo(id: string): Promise<void> {
    const body = this.#mos.get(id);
    if (!body) throw new Error(`bird fake: no MO ${id}`);
    await this.#post(body, this.subscription.signingKey);
  }

  /** An sms.inbound event signed with the wrong key. */
  forgeMo(mo: { from: string; to: string; text: string }): Promise<number> {
    const body = JSON.stringify({
      service: "channels",
      event: "sms.inbound",
      payload: {
        id: randomUUID(),
        channelId: this.#options.channels[mo.to] ?? randomUUID(),
        sender: { contact: { identifierValue: mo.from } },
        body: { type: "text", text: { text: mo.text } },
      },
    });
    return this.#post(body, "not-the-signing-key");
  }

  /** An sms.outbound event: the message's new status. */
  sendStatus(input: { id: string; status: string; reason?: string }): Promise<number> {
    const message = this.#messages.find((m) => m.id === input.id);
    if (!message) throw new Error(`bird fake: no message ${input.id}`);
    const now = new Date().toISOString();
    return this.#post(
      JSON.stringify({
        service: "channels",
        event: "sms.outbound",
        payload: {
          id: message.id,
          channelId: message.channelId,
          sender: { connector: { identifierValue: message.from } },
          receiver: { contacts: [{ identifierKey: "phonenumber", identifierValue: message.to }] },
          body: { type: "text", text: { text: message.text } },
          reference: message.reference ?? null,
          status: input.status,
          ...(input.reason ? { reason: input.reason, failure: { code: 15001 } } : {}),
          direction: "outgoing",
          lastStatusAt: now,
          createdAt: now,
          updatedAt: now,
        },
      }),
      this.subscription.signingKey,
    );
  }

  #post(body: string, signingKey: string): Promise<number> {
    const { url } = this.subscription;
    if (!url) throw new Error("bird fake: no webhook subscription");
    const timestamp = String(Math.floor(Date.now() / 1000));
    const bodyHash = createHash("sha256").update(body).digest();
    const signature = createHmac("sha256", signingKey)
      .update(Buffer.concat([Buffer.from(`${timestamp}\n${url}\n`), bodyHash]))
      .digest("base64");
    return callWebhook(url, {
      headers: {
        "content-type": "application/json",
        "messagebird-signature": signature,
        "messagebird-request-timestamp": timestamp,
      },
      body,
    });
  }

  #handle(request: FakeRequest): FakeResponse {
    if (header(request.headers, "authorization") !== `AccessKey ${this.#options.accessKey}`) {
      return problem(401, "Unauthorized", "invalid access key");
    }
    const match = /^\/workspaces\/([^/]+)\/channels\/([^/]+)\/messages$/.exec(request.path);
    if (request.method !== "POST" || !match || match[1] !== this.#options.workspaceId) {
      return problem(404, "NotFound", `no route ${request.method} ${request.path}`);
    }
    const channelId = match[2] ?? "";
    const from = Object.entries(this.#options.channels).find(([, id]) => id === channelId)?.[0];
    if (!from) return problem(404, "ChannelNotFound", `no channel ${channelId}`);
    if (!header(request.headers, "content-type")?.startsWith("application/json")) {
      return problem(415, "UnsupportedMediaType", "send application/json");
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body.toString("utf8")) as Record<string, unknown>;
    } catch {
      return problem(400, "InvalidJSON", "the body is not JSON");
    }
    const unknown = Object.keys(body).filter(
      (k) =>
        ![
          "receiver",
          "body",
          "template",
          "reference",
          "meta",
          "notification",
          "scheduledFor",
          "tags",
        ].includes(k),
    );
    if (unknown.length > 0)
      return problem(422, "InvalidPayload", `unknown fields: ${unknown.join(", ")}`);
    const contacts = (
      body.receiver as
        | { contacts?: { identifierKey?: unknown; identifierValue?: unknown }[] }
        | undefined
    )?.contacts;
    const contact = contacts?.[0];
    if (contacts?.length !== 1 || typeof contact?.identifierValue !== "string") {
      return problem(422, "InvalidPayload", "receiver.contacts must hold one contact");
    }
    if (contact.identifierKey !== undefined && contact.identifierKey !== "phonenumber") {
      return problem(422, "InvalidPayload", "an SMS channel sends to identifierKey phonenumber");
    }
    if (!E164.test(contact.identifierValue)) {
      return problem(422, "InvalidPayload", "receiver identifierValue must be E.164");
    }
    const text = body.body as { type?: unknown; text?: { text?: unknown } } | undefined;
    if (text?.type !== "text" || typeof text.text?.text !== "string" || text.text.text === "") {
      return problem(422, "InvalidPayload", "body must be {type: text, text: {text}}");
    }
    if (body.reference !== undefined && typeof body.reference !== "string") {
      return problem(422, "InvalidPayload", "reference must be a string");
    }
    if (contact.identifierValue === this.#options.refusedRecipient) {
      return problem(422, "InvalidReceiver", "the receiver cannot be messaged");
    }
    const id = randomUUID();
    const message = {
      id,
      channelId,
      from,
      to: contact.identifierValue,
      text: text.text.text,
      reference: typeof body.reference === "string" ? body.reference : undefined,
    };
    this.#messages.push(message);
    const now = new Date().toISOString();
    return {
      status: 202,
      body: {
        id,
        channelId,
        sender: { connector: { identifierValue: from } },
        receiver: { contacts: [{ identifierKey: "phonenumber", identifierValue: message.to }] },
        body: body.body,
        reference: message.reference ?? "",
        status: "accepted",
        createdAt: now,
        updatedAt: now,
      },
    };
  }
}

function problem(status: number, code: string, message: string): FakeResponse {
  return { status, body: { code, message } };
}

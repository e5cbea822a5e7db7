// A strict fake of Infobip SMS, from the documented shapes: POST
// /sms/2/text/advanced (JSON, `Authorization: App <key>`, numbers in
// international format without "+"), and the pushes of an SMS subscription
// (incoming messages, delivery reports) to a webhook protected by the
// notification profile's BASIC credentials.

import {
  callWebhook,
  FakeHttpServer,
  type FakeRequest,
  type FakeResponse,
  header,
  hex,
} from "./fake-http.ts";

export type InfobipFakeMessage = {
  readonly messageId: string;
  readonly from: string;
  /** As Infobip got it: international format without "+". */
  readonly to: string;
  readonly text: string;
  readonly callbackData: string | undefined;
};

export type InfobipFakeOptions = {
  readonly apiKey: string;
  /** Refused with REJECTED_DESTINATION (international format without "+"). */
  readonly refusedRecipient: string;
};

/** Where the subscription pushes, and the notification profile's BASIC credentials. */
export type InfobipSubscription = { url: string; username: string; password: string };

const MESSAGE_KEYS = new Set([
  "destinations",
  "from",
  "text",
  "callbackData",
  "notifyUrl",
  "notifyContentType",
  "intermediateReport",
  "validityPeriod",
  "flash",
  "language",
  "transliteration",
  "entityId",
  "applicationId",
]);

const STATUS = {
  accepted: {
    groupId: 1,
    groupName: "PENDING",
    id: 26,
    name: "PENDING_ACCEPTED",
    description: "Message sent to next instance",
  },
  toOperator: {
    groupId: 3,
    groupName: "DELIVERED",
    id: 2,
    name: "DELIVERED_TO_OPERATOR",
    description: "Message delivered to operator",
  },
  toHandset: {
    groupId: 3,
    groupName: "DELIVERED",
    id: 5,
    name: "DELIVERED_TO_HANDSET",
    description: "Message delivered to handset",
  },
  undeliverable: {
    groupId: 2,
    groupName: "UNDELIVERABLE",
    id: 9,
    name: "UNDELIVERABLE_NOT_DELIVERED",
    description: "Message sent not delivered",
  },
  rejectedDestination: {
    groupId: 5,
    groupName: "REJECTED",
    id: 14,
    name: "REJECTED_DESTINATION",
    description: "Request rejected due to invalid destination address",
  },
} as const;

export class InfobipFake {
  readonly #options: InfobipFakeOptions;
  readonly #messages: InfobipFakeMessage[] = [];
  readonly #mos = new Map<string, string>();
  #server!: FakeHttpServer;
  subscription: InfobipSubscription = { url: "", username: "", password: "" };

  private constructor(options: InfobipFakeOptions) {
    this.#options = options;
  }

  static async start(options: InfobipFakeOptions): Promise<InfobipFake> {
    const fake = new InfobipFake(options);
    fake.#server = await FakeHttpServer.start((request) => fake.#handle(request));
    return fake;
  }

  get baseUrl(): string {
    return this.#server.url;
  }

  messages(): readonly InfobipFakeMessage[] {
    return [...this.#messages];
  }

  goDown(): Promise<() => Promise<void>> {
    return this.#server.goDown();
  }

  close(): Promise<void> {
    return this.#server.close();
  }

  /** An incoming SMS, pushed as Infobip's "receive inbound SMS" webhook does. */
  async sendMo(mo: { from: string; to: string; text: string }): Promise<{ messageId: string }> {
    const messageId = hex(24);
    const [keyword = "", ...rest] = mo.text.trim().split(/\s+/);
    const body = JSON.stringify({
      results: [
        {
          messageId,
          from: mo.from.replace(/^\+/, ""),
          to: mo.to,
          text: mo.text,
          cleanText: rest.join(" "),
          keyword: keyword.toUpperCase(),
          receivedAt: new Date().toISOString().replace("Z", "+0000"),
          smsCount: 1,
          price: { pricePerMessage: 0, currency: "EUR" },
          callbackData: null,
        },
      ],
      messageCount: 1,
      pendingMessageCount: 0,
    });
    this.#mos.set(messageId, body);
    await this.#push(body, this.subscription.password);
    return { messageId };
  }

  async redeliverMo(messageId: string): Promise<void> {
    const body = this.#mos.get(messageId);
    if (!body) throw new Error(`infobip fake: no MO ${messageId}`);
    await this.#push(body, this.subscription.password);
  }

  /** An incoming SMS with the wrong password: what anyone who found the URL could send. */
  forgeMo(mo: { from: string; to: string; text: string }): Promise<number> {
    return this.#push(
      JSON.stringify({
        results: [
          {
            messageId: hex(24),
            from: mo.from.replace(/^\+/, ""),
            to: mo.to,
            text: mo.text,
            receivedAt: new Date().toISOString(),
          },
        ],
        messageCount: 1,
        pendingMessageCount: 0,
      }),
      "guessed-password",
    );
  }

  /** A delivery report for a message, final or intermediate. */
  sendReport(input: {
    messageId: string;
    status: "delivered_to_operator" | "delivered" | "undeliverable";
  }): Promise<number> {
    const message = this.#messages.find((m) => m.messageId === input.messageId);
    if (!message) throw new Error(`infobip fake: no message ${input.messageId}`);
    const status =
      input.status === "delivered"
        ? STATUS.toHandset
        : input.status === "delivered_to_operator"
          ? STATUS.toOperator
          : STATUS.undeliverable;
    const error =
      input.status === "undeliverable"
        ? {
            groupId: 1,
            groupName: "HANDSET_ERRORS",
            id: 27,
            name: "EC_ABSENT_SUBSCRIBER",
            description: "Absent subscriber",
            permanent: false,
          }
        : {
            groupId: 0,
            groupName: "OK",
            id: 0,
            name: "NO_ERROR",
            description: "No Error",
            permanent: false,
          };
    const now = new Date().toISOString().replace("Z", "+0000");
    return this.#push(
      JSON.stringify({
        results: [
          {
            bulkId: hex(12),
            messageId: message.messageId,
            to: message.to,
            sentAt: now,
            doneAt: now,
            smsCount: 1,
            mccMnc: "20801",
            callbackData: message.callbackData ?? null,
            price: { pricePerMessage: 0.01, currency: "EUR" },
            status,
            error,
          },
        ],
      }),
      this.subscription.password,
    );
  }

  #push(body: string, password: string): Promise<number> {
    const { url, username } = this.subscription;
    if (!url) throw new Error("infobip fake: no subscription URL configured");
    return callWebhook(url, {
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`,
      },
      body,
    });
  }

  #handle(request: FakeRequest): FakeResponse {
    if (header(request.headers, "authorization") !== `App ${this.#options.apiKey}`) {
      return requestError(401, "UNAUTHORIZED", "Invalid login details");
    }
    if (request.method !== "POST" || request.path !== "/sms/2/text/advanced") {
      return requestError(404, "NOT_FOUND", "Requested URL not found");
    }
    if (!header(request.headers, "content-type")?.startsWith("application/json")) {
      return requestError(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
    }
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString("utf8"));
    } catch {
      return requestError(400, "BAD_REQUEST", "Invalid JSON");
    }
    const problem = invalid(body);
    if (problem) return requestError(400, "BAD_REQUEST", problem);
    const messages = (body as { messages: Record<string, unknown>[] }).messages;
    const bulkId = hex(16);
    const answers = [];
    for (const m of messages) {
      for (const destination of m.destinations as { to: string }[]) {
        const messageId = hex(24);
        const refused = destination.to === this.#options.refusedRecipient;
        if (!refused) {
          this.#messages.push({
            messageId,
            from: String(m.from ?? "InfoSMS"),
            to: destination.to,
            text: String(m.text),
            callbackData: typeof m.callbackData === "string" ? m.callbackData : undefined,
          });
        }
        answers.push({
          to: destination.to,
          status: refused ? STATUS.rejectedDestination : STATUS.accepted,
          messageId,
        });
      }
    }
    return { status: 200, body: { bulkId, messages: answers } };
  }
}

/** What Infobip's validation would say about a send request, or undefined when it is fine. */
function invalid(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return "body must be an object";
  const { messages, ...rest } = body as Record<string, unknown>;
  const extra = Object.keys(rest).filter(
    (key) => !["bulkId", "tracking", "sendingSpeedLimit"].includes(key),
  );
  if (extra.length > 0) return `unknown fields: ${extra.join(", ")}`;
  if (!Array.isArray(messages) || messages.length === 0) return "messages must not be empty";
  for (const message of messages as Record<string, unknown>[]) {
    const unknown = Object.keys(message).filter((key) => !MESSAGE_KEYS.has(key));
    if (unknown.length > 0) return `unknown message fields: ${unknown.join(", ")}`;
    if (typeof message.text !== "string" || message.text === "") return "text is required";
    if (message.from !== undefined && typeof message.from !== "string")
      return "from must be a string";
    const destinations = message.destinations;
    if (!Array.isArray(destinations) || destinations.length === 0)
      return "destinations must not be empty";
    for (const d of destinations as { to?: unknown }[]) {
      if (typeof d.to !== "string" || !/^\d{3,15}$/.test(d.to))
        return `to must be a number in international format without "+": ${String(d.to)}`;
    }
    if (
      message.callbackData !== undefined &&
      (typeof message.callbackData !== "string" || message.callbackData.length > 4000)
    )
      return "callbackData must be a string of at most 4000 characters";
  }
  return undefined;
}

function requestError(status: number, messageId: string, text: string): FakeResponse {
  return { status, body: { requestError: { serviceException: { messageId, text } } } };
}

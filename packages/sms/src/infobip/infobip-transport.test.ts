import { randomBytes } from "node:crypto";
import { type DeliveryReceipt, type InboundEvent, isSmspayError } from "@smspay/core";
import {
  InfobipFake,
  type RecordingWebhook,
  recordingWebhook,
  transportContract,
} from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InfobipTransport } from "./infobip-transport.ts";

const REFUSED = "+33699990001";
const credentials = () => ({
  apiKey: randomBytes(16).toString("hex"),
  webhookUsername: "smspay",
  webhookPassword: randomBytes(12).toString("base64url"),
});

transportContract(
  "infobip",
  { inbound: "webhook", canGoDown: true, credentials: true },
  async (harness) => {
    const creds = credentials();
    const fake = await InfobipFake.start({
      apiKey: creds.apiKey,
      refusedRecipient: REFUSED.slice(1),
    });
    fake.subscription = {
      url: harness.webhookUrl,
      username: creds.webhookUsername,
      password: creds.webhookPassword,
    };
    const transportWith = (apiKey: string) =>
      new InfobipTransport({ ...creds, apiKey, baseUrl: fake.baseUrl });
    const transport = transportWith(creds.apiKey);
    return {
      transport,
      webhook: transport,
      shortCode: "84500",
      splitsLongMessages: false,
      peer: {
        received: async () =>
          fake.messages().map((m) => ({
            providerMessageId: m.messageId,
            from: m.from,
            to: `+${m.to}`,
            text: m.text,
            parts: 1,
          })),
        sendMo: async (mo) => ({ providerMessageId: (await fake.sendMo(mo)).messageId }),
        redeliverMo: (id) => fake.redeliverMo(id),
        receipts: {
          mode: "on_demand",
          send: async ({ providerMessageId, outcome }) => {
            await fake.sendReport({
              messageId: providerMessageId,
              status: outcome === "delivered" ? "delivered" : "undeliverable",
            });
          },
        },
        refusedRecipient: REFUSED,
        goDown: () => fake.goDown(),
        forgeMo: async (mo) => {
          await fake.forgeMo(mo);
        },
      },
      withWrongCredentials: async () => ({
        transport: transportWith("not-the-key"),
        close: async () => {},
      }),
      close: () => fake.close(),
    };
  },
);

describe("Infobip transport", () => {
  const creds = credentials();
  let fake: InfobipFake;
  let transport: InfobipTransport;
  let webhook: RecordingWebhook;
  let pushed: RecordingWebhook["results"];

  beforeAll(async () => {
    fake = await InfobipFake.start({ apiKey: creds.apiKey, refusedRecipient: "0" });
    transport = new InfobipTransport({ ...creds, baseUrl: fake.baseUrl });
    webhook = await recordingWebhook(() => transport);
    pushed = webhook.results;
    fake.subscription = {
      url: webhook.url,
      username: creds.webhookUsername,
      password: creds.webhookPassword,
    };
  });
  afterAll(async () => {
    await webhook.close();
    await fake.close();
  });

  it("refuses to start without the webhook credentials", () => {
    expect(
      () => new InfobipTransport({ ...creds, webhookPassword: "", baseUrl: fake.baseUrl }),
    ).toThrow(/webhook password is required/);
  });

  it("waits past DELIVERED_TO_OPERATOR, and names our MT in the final receipt", async () => {
    const sent = await transport.send({
      id: "mt_ib1",
      from: "84500",
      to: "+33611112222",
      text: "x",
    });
    pushed.length = 0;
    await fake.sendReport({ messageId: sent.providerMessageId, status: "delivered_to_operator" });
    expect(pushed).toEqual([[]]);
    await fake.sendReport({ messageId: sent.providerMessageId, status: "undeliverable" });
    const receipt = (pushed[1] as DeliveryReceipt[])[0];
    expect(receipt).toMatchObject({
      providerMessageId: sent.providerMessageId,
      messageId: "mt_ib1",
      outcome: "failed",
      failure: "undeliverable",
      providerError: "EC_ABSENT_SUBSCRIBER",
    });
  });

  it("turns Infobip's numbers without + into E.164 senders", async () => {
    pushed.length = 0;
    await fake.sendMo({ from: "+33633334444", to: "84500", text: "PAY 123456" });
    expect((pushed[0] as InboundEvent[])[0]).toMatchObject({ from: "+33633334444", to: "84500" });
  });

  it.each([
    ["no credentials", {}],
    [
      "a wrong password",
      { authorization: `Basic ${Buffer.from("smspay:guess").toString("base64")}` },
    ],
    ["another scheme", { authorization: `App ${creds.apiKey}` }],
  ])("refuses a push with %s, before reading it", async (_label, headers) => {
    const result = await transport.classify({
      method: "POST",
      url: "https://smspay.example/webhooks/sms/infobip",
      headers,
      rawBody: Buffer.from("not even json"),
      remoteAddress: "127.0.0.1",
    });
    expect(result).toBe("unauthenticated");
  });

  it("answers an authentic but malformed push with invalid_request", async () => {
    const authorization = `Basic ${Buffer.from(`smspay:${creds.webhookPassword}`).toString("base64")}`;
    const error = await transport
      .classify({
        method: "POST",
        url: "https://smspay.example/webhooks/sms/infobip",
        headers: { authorization },
        rawBody: Buffer.from(JSON.stringify({ results: [{ messageId: "x" }] })),
        remoteAddress: "127.0.0.1",
      })
      .catch((e: unknown) => e);
    expect(isSmspayError(error) && error.code).toBe("invalid_request");
  });

  it("refuses a premium (billed) MT", async () => {
    const error = await transport
      .send({
        id: "mt_b",
        from: "84500",
        to: "+33611112222",
        text: "x",
        billed: { amount: 99, currency: "EUR" },
      })
      .catch((e: unknown) => e);
    expect(isSmspayError(error) && error.retryable).toBe(false);
  });
});

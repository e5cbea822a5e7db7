import { randomBytes } from "node:crypto";
import { type DeliveryReceipt, isSmspayError } from "@smspay/core";
import {
  FakeHttpServer,
  type RecordingWebhook,
  recordingWebhook,
  transportContract,
  VonageFake,
} from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vonageSignature } from "./vonage-signature.ts";
import { VonageTransport } from "./vonage-transport.ts";

const REFUSED = "+33699990003";
const account = () => ({
  apiKey: randomBytes(4).toString("hex"),
  apiSecret: randomBytes(8).toString("hex"),
  signatureSecret: randomBytes(24).toString("base64url"),
  signatureMethod: "sha256" as const,
});

transportContract(
  "vonage",
  { inbound: "webhook", canGoDown: true, credentials: true },
  async (harness) => {
    const a = account();
    const fake = await VonageFake.start({ ...a, refusedRecipient: REFUSED.slice(1) });
    fake.inboundUrl = harness.webhookUrl;
    const transportWith = (apiSecret: string) =>
      new VonageTransport({
        ...a,
        apiSecret,
        webhookUrl: harness.webhookUrl,
        apiBaseUrl: fake.apiBaseUrl,
      });
    const transport = transportWith(a.apiSecret);
    return {
      transport,
      webhook: transport,
      shortCode: "84700",
      splitsLongMessages: false,
      peer: {
        received: async () =>
          fake.messages().map((m) => ({
            providerMessageId: m.messageIds[0] ?? "",
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
            await fake.sendReceipt({
              messageId: providerMessageId,
              ...(outcome === "delivered"
                ? { status: "delivered", errCode: "0" }
                : { status: "failed", errCode: "3" }),
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
        transport: transportWith("not-the-secret"),
        close: async () => {},
      }),
      close: () => fake.close(),
    };
  },
);

describe("Vonage transport", () => {
  const a = account();
  let fake: VonageFake;
  let transport: VonageTransport;
  let webhook: RecordingWebhook;

  beforeAll(async () => {
    fake = await VonageFake.start({ ...a, refusedRecipient: "0" });
    webhook = await recordingWebhook(() => transport);
    transport = new VonageTransport({ ...a, webhookUrl: webhook.url, apiBaseUrl: fake.apiBaseUrl });
    fake.inboundUrl = webhook.url;
  });
  afterAll(async () => {
    await webhook.close();
    await fake.close();
  });

  it("refuses to start without the signature secret", () => {
    expect(
      () => new VonageTransport({ ...a, signatureSecret: "", webhookUrl: "https://x.example" }),
    ).toThrow(/signature secret is required/);
  });

  it("sends non-GSM text as unicode, and a long text's receipts name the first part", async () => {
    const text = "Paiement reçu ✓ ".repeat(6);
    const sent = await transport.send({ id: "mt_v1", from: "84700", to: "+33611112222", text });
    const message = fake.messages().find((m) => m.messageIds.includes(sent.providerMessageId));
    expect(message).toMatchObject({ type: "unicode", text, clientRef: "mt_v1" });
    expect(message?.messageIds.length).toBe(2);
    expect(sent.providerMessageId).toBe(message?.messageIds[0]);
  });

  it("maps a prepaid subscriber without credit to insufficient_funds, naming our MT", async () => {
    const sent = await transport.send({
      id: "mt_v2",
      from: "84700",
      to: "+33611112222",
      text: "x",
    });
    webhook.results.length = 0;
    await fake.sendReceipt({ messageId: sent.providerMessageId, status: "accepted", errCode: "0" });
    await fake.sendReceipt({ messageId: sent.providerMessageId, status: "failed", errCode: "15" });
    expect(webhook.results[0]).toEqual([]);
    expect((webhook.results[1] as DeliveryReceipt[])[0]).toMatchObject({
      messageId: "mt_v2",
      outcome: "failed",
      failure: "insufficient_funds",
      providerError: "15",
    });
  });

  it("takes Vonage's throttling (status 1) as retryable", async () => {
    const throttling = await FakeHttpServer.start(() => ({
      status: 200,
      body: { "message-count": "1", messages: [{ status: "1", "error-text": "Throttled" }] },
    }));
    const throttled = new VonageTransport({
      ...a,
      webhookUrl: webhook.url,
      apiBaseUrl: throttling.url,
    });
    const error = await throttled
      .send({ id: "mt_v3", from: "84700", to: "+33611112222", text: "x" })
      .catch((e: unknown) => e)
      .finally(() => throttling.close());
    expect(isSmspayError(error) && [error.code, error.retryable]).toEqual([
      "transport_error",
      true,
    ]);
  });

  const signed = (params: Record<string, string>, secret = a.signatureSecret) => {
    const all = {
      ...params,
      "api-key": a.apiKey,
      timestamp: String(Math.floor(Date.now() / 1000)),
    };
    const query = new URLSearchParams({ ...all, sig: vonageSignature(all, secret, "sha256") });
    return {
      method: "GET",
      url: `https://smspay.example/webhooks/sms/vonage?${query}`,
      headers: {},
      rawBody: new Uint8Array(),
      remoteAddress: "127.0.0.1",
    };
  };

  it("refuses a signed request older than five minutes (replay)", async () => {
    const all = {
      msisdn: "33611112222",
      to: "84700",
      messageId: "0A000001",
      text: "PAY 1",
      "api-key": a.apiKey,
      timestamp: String(Math.floor(Date.now() / 1000) - 600),
    };
    const query = new URLSearchParams({
      ...all,
      sig: vonageSignature(all, a.signatureSecret, "sha256"),
    });
    const result = await transport.classify({
      method: "GET",
      url: `https://smspay.example/webhooks/sms/vonage?${query}`,
      headers: {},
      rawBody: new Uint8Array(),
      remoteAddress: "127.0.0.1",
    });
    expect(result).toBe("unauthenticated");
  });

  it("refuses an unsigned request", async () => {
    const query = new URLSearchParams({
      msisdn: "33611112222",
      to: "84700",
      messageId: "1",
      text: "x",
    });
    const result = await transport.classify({
      method: "GET",
      url: `https://smspay.example/webhooks/sms/vonage?${query}`,
      headers: {},
      rawBody: new Uint8Array(),
      remoteAddress: "127.0.0.1",
    });
    expect(result).toBe("unauthenticated");
  });

  it("skips the parts of a concatenated MO", async () => {
    const result = await transport.classify(
      signed({
        msisdn: "33611112222",
        to: "84700",
        messageId: "0A000002",
        text: "part",
        concat: "true",
      }),
    );
    expect(result).toEqual([]);
  });

  it("answers an authentic but malformed webhook with invalid_request", async () => {
    const error = await transport
      .classify(signed({ to: "84700", text: "PAY 1" }))
      .catch((e: unknown) => e);
    expect(isSmspayError(error) && error.code).toBe("invalid_request");
  });

  it("refuses a premium (billed) MT", async () => {
    const error = await transport
      .send({
        id: "mt_b",
        from: "84700",
        to: "+33611112222",
        text: "x",
        billed: { amount: 99, currency: "EUR" },
      })
      .catch((e: unknown) => e);
    expect(isSmspayError(error) && error.retryable).toBe(false);
  });
});

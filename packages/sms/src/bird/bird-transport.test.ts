import { randomBytes, randomUUID } from "node:crypto";
import { type DeliveryReceipt, type InboundSms, isSmspayError } from "@smspay/core";
import {
  BirdFake,
  type RecordingWebhook,
  recordingWebhook,
  transportContract,
} from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { birdSignature } from "./bird-signature.ts";
import { BirdTransport } from "./bird-transport.ts";

const REFUSED = "+33699990002";
const account = () => ({
  accessKey: randomBytes(16).toString("hex"),
  workspaceId: randomUUID(),
  channels: { "84600": randomUUID() },
  signingKey: randomBytes(24).toString("base64url"),
});

transportContract(
  "bird",
  { inbound: "webhook", canGoDown: true, credentials: true },
  async (harness) => {
    const a = account();
    const fake = await BirdFake.start({ ...a, refusedRecipient: REFUSED });
    fake.subscription = { url: harness.webhookUrl, signingKey: a.signingKey };
    const transportWith = (accessKey: string) =>
      new BirdTransport({ ...a, accessKey, apiBaseUrl: fake.apiBaseUrl });
    const transport = transportWith(a.accessKey);
    return {
      transport,
      webhook: transport,
      shortCode: "84600",
      splitsLongMessages: false,
      peer: {
        received: async () =>
          fake.messages().map((m) => ({
            providerMessageId: m.id,
            from: m.from,
            to: m.to,
            text: m.text,
            parts: 1,
          })),
        sendMo: async (mo) => ({ providerMessageId: (await fake.sendMo(mo)).id }),
        redeliverMo: (id) => fake.redeliverMo(id),
        receipts: {
          mode: "on_demand",
          send: async ({ providerMessageId, outcome }) => {
            await fake.sendStatus({
              id: providerMessageId,
              ...(outcome === "delivered"
                ? { status: "delivered" }
                : { status: "delivery_failed", reason: "unknown subscriber" }),
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

describe("Bird transport", () => {
  const a = account();
  let fake: BirdFake;
  let transport: BirdTransport;
  let webhook: RecordingWebhook;

  beforeAll(async () => {
    fake = await BirdFake.start({ ...a, refusedRecipient: REFUSED });
    transport = new BirdTransport({ ...a, apiBaseUrl: fake.apiBaseUrl });
    webhook = await recordingWebhook(() => transport);
    fake.subscription = { url: webhook.url, signingKey: a.signingKey };
  });
  afterAll(async () => {
    await webhook.close();
    await fake.close();
  });

  it("refuses to start without the signing key", () => {
    expect(() => new BirdTransport({ ...a, signingKey: " " })).toThrow(/signing key is required/);
  });

  it("refuses an MT from a number it has no channel for", async () => {
    const error = await transport
      .send({ id: "mt_x", from: "99999", to: "+33611112222", text: "x" })
      .catch((e: unknown) => e);
    expect(isSmspayError(error) && [error.code, error.retryable]).toEqual([
      "transport_error",
      false,
    ]);
  });

  it("names our MT in receipts (Bird echoes the reference) and ignores intermediate statuses", async () => {
    const sent = await transport.send({
      id: "mt_bird1",
      from: "84600",
      to: "+33611112222",
      text: "x",
    });
    webhook.results.length = 0;
    await fake.sendStatus({ id: sent.providerMessageId, status: "sent" });
    await fake.sendStatus({
      id: sent.providerMessageId,
      status: "sending_failed",
      reason: "route",
    });
    expect(webhook.results[0]).toEqual([]);
    expect((webhook.results[1] as DeliveryReceipt[])[0]).toMatchObject({
      messageId: "mt_bird1",
      outcome: "failed",
      failure: "rejected",
      providerError: "route",
    });
  });

  it("gives the MO the number of its channel", async () => {
    webhook.results.length = 0;
    await fake.sendMo({ from: "+33655556666", to: "84600", text: "HELP" });
    expect((webhook.results[0] as InboundSms[])[0]).toMatchObject({ to: "84600", text: "HELP" });
  });

  it("ignores the events of the workspace's other channels", async () => {
    const url = "https://smspay.example/webhooks/sms/bird";
    const body = Buffer.from(
      JSON.stringify({
        service: "channels",
        event: "sms.inbound",
        payload: {
          id: randomUUID(),
          channelId: randomUUID(),
          sender: { contact: { identifierValue: "+33611112222" } },
          body: { type: "text", text: { text: "PAY 1" } },
        },
      }),
    );
    const timestamp = String(Math.floor(Date.now() / 1000));
    const result = await transport.classify({
      method: "POST",
      url,
      headers: {
        "messagebird-signature": birdSignature(a.signingKey, timestamp, url, body),
        "messagebird-request-timestamp": timestamp,
      },
      rawBody: body,
      remoteAddress: "127.0.0.1",
    });
    expect(result).toEqual([]);
  });

  it("refuses a signed request replayed after five minutes", async () => {
    const url = "https://smspay.example/webhooks/sms/bird";
    const body = Buffer.from("{}");
    const timestamp = String(Math.floor(Date.now() / 1000) - 600);
    const result = await transport.classify({
      method: "POST",
      url,
      headers: {
        "messagebird-signature": birdSignature(a.signingKey, timestamp, url, body),
        "messagebird-request-timestamp": timestamp,
      },
      rawBody: body,
      remoteAddress: "127.0.0.1",
    });
    expect(result).toBe("unauthenticated");
  });

  it("refuses a premium (billed) MT", async () => {
    const error = await transport
      .send({
        id: "mt_b",
        from: "84600",
        to: "+33611112222",
        text: "x",
        billed: { amount: 99, currency: "EUR" },
      })
      .catch((e: unknown) => e);
    expect(isSmspayError(error) && error.retryable).toBe(false);
  });
});

import { randomBytes } from "node:crypto";
import { isSmspayError } from "@smspay/core";
import { TwilioFake, transportContract } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { twilioSignature } from "./twilio-signature.ts";
import { TwilioTransport } from "./twilio-transport.ts";

const REFUSED = "+33699990000";
const newAccount = () => ({
  accountSid: `AC${randomBytes(16).toString("hex")}`,
  authToken: randomBytes(16).toString("hex"),
});

transportContract(
  "twilio",
  { inbound: "webhook", canGoDown: true, credentials: true },
  async (harness) => {
    const account = newAccount();
    const fake = await TwilioFake.start({ ...account, refusedRecipient: REFUSED });
    fake.incomingUrl = harness.webhookUrl;
    const transportWith = (authToken: string) =>
      new TwilioTransport({
        ...account,
        authToken,
        webhookUrl: harness.webhookUrl,
        apiBaseUrl: fake.apiBaseUrl,
      });
    const transport = transportWith(account.authToken);
    return {
      transport,
      webhook: transport,
      shortCode: "84444",
      splitsLongMessages: false,
      peer: {
        received: async () =>
          fake.messages().map((m) => ({
            providerMessageId: m.sid,
            from: m.from,
            to: m.to,
            text: m.body,
            parts: 1,
          })),
        sendMo: async (mo) => ({ providerMessageId: (await fake.sendMo(mo)).messageSid }),
        redeliverMo: (id) => fake.redeliverMo(id),
        receipts: {
          mode: "on_demand",
          send: async ({ providerMessageId, outcome }) => {
            await fake.sendStatus({
              messageSid: providerMessageId,
              ...(outcome === "delivered"
                ? { status: "delivered" }
                : { status: "undelivered", errorCode: "30003" }),
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
        transport: transportWith("not-the-token"),
        close: async () => {},
      }),
      close: () => fake.close(),
    };
  },
);

describe("Twilio transport", () => {
  const account = newAccount();
  const url = "https://smspay.example/webhooks/sms/twilio";
  let fake: TwilioFake;
  let transport: TwilioTransport;
  const signedRequest = (params: [string, string][], token = account.authToken) => ({
    method: "POST",
    url,
    headers: { "x-twilio-signature": twilioSignature(token, url, params) },
    rawBody: Buffer.from(new URLSearchParams(params).toString()),
    remoteAddress: "127.0.0.1",
  });

  beforeAll(async () => {
    fake = await TwilioFake.start({ ...account, refusedRecipient: REFUSED });
    transport = new TwilioTransport({ ...account, webhookUrl: url, apiBaseUrl: fake.apiBaseUrl });
  });
  afterAll(() => fake.close());

  it("refuses to start without an auth token (webhooks could not be verified)", () => {
    expect(() => new TwilioTransport({ ...account, authToken: "", webhookUrl: url })).toThrow(
      /auth token is required/,
    );
  });

  it("asks Twilio for a status callback to smspay's webhook", async () => {
    const sent = await transport.send({
      id: "mt_1",
      from: "84444",
      to: "+33612345678",
      text: "hi",
    });
    expect(fake.messages().find((m) => m.sid === sent.providerMessageId)?.statusCallback).toBe(url);
  });

  it("refuses a premium (billed) MT: Twilio cannot charge the customer", async () => {
    const error = await transport
      .send({
        id: "mt_2",
        from: "84444",
        to: "+33612345678",
        text: "paid",
        billed: { amount: 450, currency: "EUR" },
      })
      .catch((e: unknown) => e);
    expect(isSmspayError(error) && [error.code, error.retryable]).toEqual([
      "transport_error",
      false,
    ]);
    expect(fake.messages().some((m) => m.body === "paid")).toBe(false);
  });

  it("takes an intermediate status as nothing to act on", async () => {
    const events = await transport.classify(
      signedRequest([
        ["MessageSid", `SM${"a".repeat(32)}`],
        ["MessageStatus", "sent"],
        ["SmsStatus", "sent"],
        ["AccountSid", account.accountSid],
      ]),
    );
    expect(events).toEqual([]);
  });

  it("keeps Twilio's error code on a failed receipt", async () => {
    const [receipt] = (await transport.classify(
      signedRequest([
        ["MessageSid", `SM${"b".repeat(32)}`],
        ["MessageStatus", "undelivered"],
        ["ErrorCode", "30005"],
        ["AccountSid", account.accountSid],
      ]),
    )) as { providerError?: string; failure?: string }[];
    expect(receipt).toMatchObject({ failure: "undeliverable", providerError: "30005" });
  });

  it("refuses a request signed for another account", async () => {
    const other = newAccount();
    const result = await transport.classify(
      signedRequest([
        ["MessageSid", `SM${"c".repeat(32)}`],
        ["AccountSid", other.accountSid],
        ["From", "+33612345678"],
        ["To", "84444"],
        ["Body", "PAY 1"],
      ]),
    );
    expect(result).toBe("unauthenticated");
  });

  it("refuses a request whose body was changed after signing", async () => {
    const request = signedRequest([
      ["MessageSid", `SM${"d".repeat(32)}`],
      ["AccountSid", account.accountSid],
      ["From", "+33612345678"],
      ["To", "84444"],
      ["Body", "PAY 111111"],
    ]);
    const tampered = Buffer.from(
      Buffer.from(request.rawBody).toString().replace("111111", "222222"),
    );
    expect(await transport.classify({ ...request, rawBody: tampered })).toBe("unauthenticated");
  });

  it("answers an authentic but malformed webhook with invalid_request", async () => {
    const error = await transport
      .classify(
        signedRequest([
          ["AccountSid", account.accountSid],
          ["Body", "PAY 1"],
        ]),
      )
      .catch((e: unknown) => e);
    expect(isSmspayError(error) && error.code).toBe("invalid_request");
  });
});

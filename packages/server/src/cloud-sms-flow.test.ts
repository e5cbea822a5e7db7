// Each cloud SMS provider wired into a real smspay: its strict fake calls
// /webhooks/sms/<provider> as the provider would (signed MOs, receipts), and
// smspay answers through the provider's API. Forged traffic is refused with
// 401 problem+json and leaves nothing behind.

import { randomBytes, randomUUID } from "node:crypto";
import type { CloudSmsConfig } from "@smspay/sms";
import { BirdFake, InfobipFake, pgliteTestDatabase, TwilioFake, VonageFake } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSmspay, startSmspay } from "./test-support.ts";

type Mo = { from: string; to: string; text: string };

/** What the test needs from a provider's fake, whatever the provider. */
type Provider = {
  readonly config: CloudSmsConfig;
  /** Points the fake's webhooks at smspay once its address is known. */
  connect(webhookUrl: string): void;
  sendMo(mo: Mo): Promise<void>;
  forgeMo(mo: Mo): Promise<number>;
  /** MTs the provider accepted, with the recipient in E.164. */
  sent(): { id: string; from: string; to: string; text: string }[];
  reportDelivered(id: string): Promise<void>;
  close(): Promise<void>;
};

const SHORT_CODE = "84500";

const providers: Record<string, () => Promise<Provider>> = {
  async twilio() {
    const account = {
      accountSid: `AC${randomBytes(16).toString("hex")}`,
      authToken: randomBytes(16).toString("hex"),
    };
    const fake = await TwilioFake.start({ ...account, refusedRecipient: "+33600000009" });
    return {
      config: { twilio: { ...account, apiBaseUrl: fake.apiBaseUrl } },
      connect: (url) => {
        fake.incomingUrl = url;
      },
      sendMo: async (mo) => {
        await fake.sendMo(mo);
      },
      forgeMo: (mo) => fake.forgeMo(mo),
      sent: () => fake.messages().map((m) => ({ id: m.sid, from: m.from, to: m.to, text: m.body })),
      reportDelivered: async (id) => {
        await fake.sendStatus({ messageSid: id, status: "delivered" });
      },
      close: () => fake.close(),
    };
  },
  async infobip() {
    const creds = {
      apiKey: randomBytes(16).toString("hex"),
      webhookUsername: "smspay",
      webhookPassword: randomBytes(12).toString("hex"),
    };
    const fake = await InfobipFake.start({ apiKey: creds.apiKey, refusedRecipient: "0" });
    return {
      config: { infobip: { ...creds, baseUrl: fake.baseUrl } },
      connect: (url) => {
        fake.subscription = {
          url,
          username: creds.webhookUsername,
          password: creds.webhookPassword,
        };
      },
      sendMo: async (mo) => {
        await fake.sendMo(mo);
      },
      forgeMo: (mo) => fake.forgeMo(mo),
      sent: () =>
        fake
          .messages()
          .map((m) => ({ id: m.messageId, from: m.from, to: `+${m.to}`, text: m.text })),
      reportDelivered: async (id) => {
        await fake.sendReport({ messageId: id, status: "delivered" });
      },
      close: () => fake.close(),
    };
  },
  async bird() {
    const account = {
      accessKey: randomBytes(16).toString("hex"),
      workspaceId: randomUUID(),
      channels: { [SHORT_CODE]: randomUUID() },
      signingKey: randomBytes(24).toString("hex"),
    };
    const fake = await BirdFake.start({ ...account, refusedRecipient: "+33600000009" });
    return {
      config: { bird: { ...account, apiBaseUrl: fake.apiBaseUrl } },
      connect: (url) => {
        fake.subscription = { url, signingKey: account.signingKey };
      },
      sendMo: async (mo) => {
        await fake.sendMo(mo);
      },
      forgeMo: (mo) => fake.forgeMo(mo),
      sent: () => fake.messages().map((m) => ({ id: m.id, from: m.from, to: m.to, text: m.text })),
      reportDelivered: async (id) => {
        await fake.sendStatus({ id, status: "delivered" });
      },
      close: () => fake.close(),
    };
  },
  async vonage() {
    const account = {
      apiKey: randomBytes(4).toString("hex"),
      apiSecret: randomBytes(8).toString("hex"),
      signatureSecret: randomBytes(24).toString("hex"),
      signatureMethod: "md5hash" as const,
    };
    const fake = await VonageFake.start({ ...account, refusedRecipient: "0" });
    return {
      config: { vonage: { ...account, apiBaseUrl: fake.apiBaseUrl } },
      connect: (url) => {
        fake.inboundUrl = url;
      },
      sendMo: async (mo) => {
        await fake.sendMo(mo);
      },
      forgeMo: (mo) => fake.forgeMo(mo),
      sent: () =>
        fake
          .messages()
          .map((m) => ({ id: m.messageIds[0] ?? "", from: m.from, to: `+${m.to}`, text: m.text })),
      reportDelivered: async (id) => {
        await fake.sendReceipt({ messageId: id, status: "delivered", errCode: "0" });
      },
      close: () => fake.close(),
    };
  },
};

describe.each(Object.keys(providers))("%s wired into smspay", (name) => {
  let provider: Provider;
  let smspay: RunningSmspay;
  let seq = 0;
  const newPhone = () => `+3362${String(3_000_000 + seq++ * 104_729).padStart(7, "0")}`;

  beforeAll(async () => {
    const open = providers[name];
    if (!open) throw new Error(`no provider ${name}`);
    provider = await open();
    smspay = await startSmspay({
      db: (await pgliteTestDatabase().open()).db,
      config: { cloudSms: provider.config },
    });
    provider.connect(`${smspay.baseUrl}/webhooks/sms/${name}`);
  });
  afterAll(async () => {
    await smspay?.close();
    await provider?.close();
  });

  const eventually = async <T>(read: () => Promise<T>, check: (v: T) => boolean): Promise<T> => {
    for (let i = 0; i < 250; i++) {
      const value = await read();
      if (check(value)) return value;
      await new Promise((r) => setTimeout(r, 20));
    }
    return read();
  };
  const inboundCount = async () => {
    const rows = await smspay.smspay.db.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM inbound_messages`;
    return rows[0]?.n ?? 0;
  };

  it("answers a customer's HELP through the provider, and records its delivery receipt", async () => {
    const phone = newPhone();
    await provider.sendMo({ from: phone, to: SHORT_CODE, text: "HELP" });
    const [reply] = await eventually(
      async () => provider.sent().filter((m) => m.to === phone),
      (found) => found.length > 0,
    );
    expect(reply).toMatchObject({ from: SHORT_CODE, to: phone });
    expect(reply?.text).toContain("Send STOP to opt out.");
    const { store } = smspay.smspay.deps;
    const mt = await eventually(
      () =>
        store.outbound.findByProviderId({ transport: name, providerMessageId: reply?.id ?? "" }),
      (found) => found?.status === "sent",
    );
    await provider.reportDelivered(reply?.id ?? "");
    const delivered = await eventually(
      () => store.outbound.get(mt?.id ?? ""),
      (found) => found?.status === "delivered",
    );
    expect(delivered?.status).toBe("delivered");
  });

  it("refuses a forged MO with 401 problem+json, storing and sending nothing", async () => {
    const phone = newPhone();
    const before = await inboundCount();
    const status = await provider.forgeMo({ from: phone, to: SHORT_CODE, text: "STOP" });
    expect(status).toBe(401);
    const res = await fetch(`${smspay.baseUrl}/webhooks/sms/${name}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: phone, text: "STOP" }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(((await res.json()) as { code: string }).code).toBe("unauthorized");
    expect(await inboundCount()).toBe(before);
    await new Promise((r) => setTimeout(r, 100));
    expect(provider.sent().filter((m) => m.to === phone)).toEqual([]);
  });
});

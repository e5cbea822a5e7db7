// A whole short-code payment through a real Kannel (bearerbox + smsbox from
// Debian's kannel package, fakesmsc as the SMSC) against a real smspay:
// the customer's MO enters at the SMSC (fakesmsc) -> Kannel -> get-url ->
// smspay -> billed MT through sendsms -> Kannel -> the SMSC, whose receipt
// comes back through the dlr-url -> the payment succeeded.

import { randomBytes } from "node:crypto";
import { type RunningSmspay, startSmspay } from "@smspay/server/testing";
import { moGetUrl, parseTransportSettings } from "@smspay/sms";
import { freePorts, type KannelBox, startKannel } from "@smspay/sms/kannel/testing";
import { testDatabases } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Responses are read loosely on purpose: the assertions pin their shapes.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Json = Record<string, any>;

describe.each(testDatabases())("payment through Kannel on $kind", (factory) => {
  let smspay: RunningSmspay;
  let kannel: KannelBox;
  let apiKey: string;
  const secret = randomBytes(24).toString("base64url");

  beforeAll(async () => {
    const [sendsmsPort] = await freePorts(1);
    const password = randomBytes(9).toString("base64url");
    const settings = parseTransportSettings(
      JSON.stringify({
        transports: [
          {
            name: "kannel",
            type: "kannel",
            sendsmsUrl: `http://127.0.0.1:${sendsmsPort}/cgi-bin/sendsms`,
            username: "smspay",
            password: { env: "KANNEL_E2E_PASSWORD" },
            secret: { env: "KANNEL_E2E_SECRET" },
            allowedIps: ["127.0.0.1"],
          },
        ],
      }),
      { KANNEL_E2E_PASSWORD: password, KANNEL_E2E_SECRET: secret },
    );
    smspay = await startSmspay({ db: (await factory.open()).db, config: { transports: settings } });
    kannel = await startKannel({
      getUrl: moGetUrl(`${smspay.baseUrl}/webhooks/sms/kannel`, secret),
      ...(sendsmsPort ? { sendsmsPort } : {}),
      password,
    });
    ({ apiKey } = await smspay.merchant("Librairie Kannel"));
  });
  afterAll(async () => {
    await kannel?.close();
    await smspay?.close();
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${smspay.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const eventually = async <T>(read: () => Promise<T>, check: (value: T) => boolean) => {
    for (let i = 0; i < 300; i++) {
      const value = await read();
      if (check(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return read();
  };
  const newPayment = async () => {
    const created = await api("POST", "/v1/payments", {
      amount: 450,
      currency: "EUR",
      orderRef: `kannel-${randomBytes(4).toString("hex")}`,
      returnUrl: "https://shop.example/thanks",
    });
    expect(created.status).toBe(201);
    return created.body;
  };

  it("takes a short-code payment from the customer's SMS to the delivery receipt", async () => {
    const payment = await newPayment();
    expect(payment).toMatchObject({ flow: "shortcode", shortCode: "81450" });
    const phone = "+33612345001";

    await kannel.injectMo({ from: phone, to: payment.shortCode, text: payment.smsText });

    const paid = await eventually(
      () => api("GET", `/v1/payments/${payment.id}`),
      (r) => r.body.status === "succeeded",
    );
    expect(paid.body.status).toBe("succeeded");
    expect(paid.body.customer.phoneLast4).toBe("5001");

    // The billed confirmation reached the customer's handset through Kannel, under our MT id.
    const handset = (await kannel.handsetMessages()).filter((m) => m.to === phone);
    expect(handset).toHaveLength(1);
    expect(handset[0]).toMatchObject({ from: "81450", parts: 1 });
    expect(handset[0]?.text).toContain("Librairie Kannel");
    expect(handset[0]?.messageId).toMatch(/^mt_/);

    const timeline = await api("GET", `/v1/payments/${payment.id}/events`);
    const types = (timeline.body.data as Json[]).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["processing", "mt_sent", "succeeded"]));
    const processing = (timeline.body.data as Json[]).find((e) => e.type === "processing");
    expect(processing?.data).toMatchObject({ via: "mo", transport: "kannel" });
  });

  it("refuses a get-url call without the shared secret and records nothing", async () => {
    const payment = await newPayment();
    const forged = new URL(moGetUrl(`${smspay.baseUrl}/webhooks/sms/kannel`, "wrong-secret"));
    forged.search = new URLSearchParams({
      key: "wrong-secret",
      id: "forged-0001",
      from: "+33612345002",
      to: payment.shortCode,
      text: payment.smsText,
    }).toString();
    const res = await fetch(forged);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(((await res.json()) as Json).code).toBe("unauthorized");
    const after = await api("GET", `/v1/payments/${payment.id}`);
    expect(after.body.status).toBe("pending");
  });
});

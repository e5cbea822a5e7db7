// A whole short-code payment through a real Kannel (bearerbox + smsbox from
// Debian's kannel package, fakesmsc as the SMSC) against a real smspay:
// the customer's MO enters at the SMSC (fakesmsc) -> Kannel -> get-url ->
// smspay -> billed MT through sendsms -> Kannel -> the SMSC, whose receipt
// comes back through the dlr-url -> the payment succeeded.

import { randomBytes } from "node:crypto";
import {
  eventually,
  type Json,
  type RunningSmspay,
  startSmspay,
  TestShop,
} from "@smspay/server/testing";
import { moGetUrl, parseTransportSettings } from "@smspay/sms";
import { freePorts, type KannelBox, startKannel } from "@smspay/sms/kannel/testing";
import { testDatabases } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe.each(testDatabases())("payment through Kannel on $kind", (factory) => {
  let smspay: RunningSmspay;
  let kannel: KannelBox;
  let merchant: TestShop;
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
    merchant = await TestShop.open(smspay, "Librairie Kannel");
  });
  afterAll(async () => {
    await kannel?.close();
    await smspay?.close();
  });

  it("takes a short-code payment from the customer's SMS to the delivery receipt", async () => {
    const payment = await merchant.create(450);
    expect(payment).toMatchObject({ flow: "shortcode", shortCode: "81450" });
    const phone = "+33612345001";

    await kannel.injectMo({ from: phone, to: payment.shortCode, text: payment.smsText });

    const paid = await eventually(
      () => merchant.api("GET", `/v1/payments/${payment.id}`),
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

    const timeline = await merchant.api("GET", `/v1/payments/${payment.id}/events`);
    const types = (timeline.body.data as Json[]).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["processing", "mt_sent", "succeeded"]));
    const processing = (timeline.body.data as Json[]).find((e) => e.type === "processing");
    expect(processing?.data).toMatchObject({ via: "mo", transport: "kannel" });
  });

  it("refuses a get-url call without the shared secret and records nothing", async () => {
    const payment = await merchant.create(450);
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
    const after = await merchant.api("GET", `/v1/payments/${payment.id}`);
    expect(after.body.status).toBe("pending");
  });
});

// Test payments and live payments never cross (core test-mode.ts), checked
// on a real smspay: in production the sandbox pays no live payment, a real
// transport (the strict Twilio fake) pays no test payment, and a server
// without the sandbox takes no test payment.

import { randomBytes } from "node:crypto";
import { queueMt } from "@smspay/core";
import { SANDBOX_PIN_SENDER } from "@smspay/sms";
import { type OneApiFake, pgliteTestDatabase, TwilioFake } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, TestShop } from "./test-client.ts";
import { frenchMobile, startTestOperator } from "./test-operator.ts";
import { type RunningSmspay, startSmspay } from "./test-support.ts";

const unknownReference = (reference: string) =>
  `We could not find payment ${reference}. Check the code on the checkout page. You have not been charged.`;

describe("test mode in production", () => {
  let fake: OneApiFake;
  let smspay: RunningSmspay;
  let shop: TestShop;

  beforeAll(async () => {
    const operator = await startTestOperator();
    fake = operator.fake;
    smspay = await startSmspay({
      db: (await pgliteTestDatabase().open()).db,
      // The sandbox on in production (SMSPAY_SANDBOX=on): for test payments only.
      config: { production: true, sandbox: true, carrierBilling: operator.routing(["+33699"]) },
    });
    shop = await TestShop.open(smspay);
  });
  afterAll(async () => {
    await smspay.close();
    await fake.close();
  });

  const sandboxCharge = (paymentId: string) =>
    smspay.smspay.db.prisma.sandboxCharge.findUnique({ where: { clientCorrelator: paymentId } });

  it("answers a live payment's MO through the sandbox like an unknown reference, and charges nothing", async () => {
    const payment = await shop.create(450);
    expect(payment).toMatchObject({ flow: "shortcode", shortCode: "81450", test: false });
    const phone = frenchMobile();
    await shop.sms(phone, payment.shortCode, payment.smsText);
    const messages = await eventually(
      () => shop.phoneMessages(phone),
      (m) => m.length === 2,
    );
    expect(messages[1]).toMatchObject({ direction: "mt", from: "81450", to: phone });
    expect(messages[1]?.text).toBe(unknownReference(payment.reference));
    expect(messages[1]?.billedAmount).toBeUndefined();
    expect(await shop.payment(payment.id)).toMatchObject({
      status: "pending",
      customer: { phoneLast4: null },
    });
    expect(await shop.eventTypes(payment.id)).toEqual(["created"]);
  });

  it("pays a test payment through the sandbox", async () => {
    const payment = await shop.create(450, { test: true });
    const phone = frenchMobile();
    await shop.sms(phone, payment.shortCode, payment.smsText);
    expect(await shop.settled(payment.id)).toMatchObject({ status: "succeeded", test: true });
    const messages = await shop.phoneMessages(phone);
    expect(messages[1]).toMatchObject({ billedAmount: 450, currency: "EUR" });
  });

  it("makes the demo shop's orders test payments, which the sandbox pays", async () => {
    const order = await fetch(`${smspay.baseUrl}/sandbox/shop/checkout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ product: "croissants" }).toString(),
      redirect: "manual",
    });
    expect(order.status).toBe(303);
    const id = /\/sandbox\/shop\/pay\/(pay_[^?]+)/.exec(order.headers.get("location") ?? "")?.[1];
    const payment = await smspay.smspay.deps.store.payments.getById(id ?? "");
    expect(payment).toMatchObject({ test: true, shortCode: "81450" });
    await shop.sms(frenchMobile(), "81450", `PAY ${payment?.reference}`);
    await eventually(
      () => smspay.smspay.deps.store.payments.getById(id ?? ""),
      (p) => p?.status === "succeeded",
    );
    expect((await smspay.smspay.deps.store.payments.getById(id ?? ""))?.status).toBe("succeeded");
  });

  it("declines a live PIN payment no operator routes, instead of charging it in the sandbox", async () => {
    const paid = await shop.payByPin(1234, "+33612340001");
    expect(paid).toMatchObject({ status: "failed", failureCode: "no_billing_route" });
    expect(await sandboxCharge(paid.id)).toBeNull();
    expect(fake.transactions()).toEqual([]);
    const page = await (await fetch(`${smspay.baseUrl}/pay/${paid.id}`)).text();
    expect(page).toContain("does not take payments on the phone bill here");
  });

  it("charges a live PIN payment through the operator routing its phone", async () => {
    const paid = await shop.payByPin(1234, "+33699120001");
    expect(paid).toMatchObject({ status: "succeeded" });
    expect(fake.transactions().map((t) => t.clientCorrelator)).toEqual([paid.id]);
    expect(await sandboxCharge(paid.id)).toBeNull();
  });

  it("charges a test PIN payment in the sandbox, even for a phone the operator routes", async () => {
    const paid = await shop.payByPin(1234, "+33699120002", { test: true });
    expect(paid).toMatchObject({ status: "succeeded", test: true });
    expect(await sandboxCharge(paid.id)).toMatchObject({ status: "charged" });
    expect(fake.transactions().map((t) => t.clientCorrelator)).not.toContain(paid.id);
  });
});

describe("test mode and a real transport", () => {
  let twilio: TwilioFake;
  let smspay: RunningSmspay;
  let shop: TestShop;

  beforeAll(async () => {
    const account = {
      accountSid: `AC${randomBytes(16).toString("hex")}`,
      authToken: randomBytes(16).toString("hex"),
    };
    twilio = await TwilioFake.start({ ...account, refusedRecipient: "+33600000009" });
    smspay = await startSmspay({
      db: (await pgliteTestDatabase().open()).db,
      config: { cloudSms: { twilio: { ...account, apiBaseUrl: twilio.apiBaseUrl } } },
    });
    twilio.incomingUrl = `${smspay.baseUrl}/webhooks/sms/twilio`;
    shop = await TestShop.open(smspay);
  });
  afterAll(async () => {
    await smspay.close();
    await twilio.close();
  });

  it("does not let a real phone pay a test payment: the MO gets the unknown-reference answer", async () => {
    const payment = await shop.create(450, { test: true });
    const phone = frenchMobile();
    await twilio.sendMo({ from: phone, to: payment.shortCode, text: payment.smsText });
    const [reply] = await eventually(
      async () => twilio.messages().filter((m) => m.to === phone),
      (found) => found.length > 0,
    );
    expect(reply).toMatchObject({
      from: payment.shortCode,
      body: unknownReference(payment.reference),
    });
    expect(await shop.payment(payment.id)).toMatchObject({ status: "pending" });
    expect(await shop.eventTypes(payment.id)).toEqual(["created"]);

    // The sandbox's virtual phones still pay it.
    await shop.sms(frenchMobile(), payment.shortCode, payment.smsText);
    expect(await shop.settled(payment.id)).toMatchObject({ status: "succeeded", test: true });
  });

  it("does not let a real phone's YES pay a test express payment", async () => {
    const phone = frenchMobile();
    const first = await shop.payByPin(1299, phone, { customer: { phone } });
    expect(first.status).toBe("succeeded");
    const optIn = await fetch(`${smspay.baseUrl}/pay/${first.id}/express`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ remember: "yes", lang: "en" }).toString(),
      redirect: "manual",
    });
    expect(optIn.status).toBe(303);
    const express = await shop.create(499, { customer: { phone }, express: true, test: true });
    expect(express).toMatchObject({ flow: "express", test: true });

    await twilio.sendMo({ from: phone, to: SANDBOX_PIN_SENDER, text: "YES" });
    const [reply] = await eventually(
      async () => twilio.messages().filter((m) => m.to === phone),
      (found) => found.length > 0,
    );
    expect(reply?.body).toBe(
      "No payment is waiting for your YES, so nothing was charged. To pay, use the shop's checkout page.",
    );
    expect(await shop.payment(express.id)).toMatchObject({ status: "pending" });

    await shop.sms(phone, SANDBOX_PIN_SENDER, "YES");
    expect(await shop.settled(express.id)).toMatchObject({ status: "succeeded", test: true });
  });

  it("sends a test payment's SMS to no real phone, and a live payment's through the provider", async () => {
    const { deps } = smspay.smspay;
    const test = await shop.create(1234, { test: true });
    const live = await shop.create(1234);
    const phone = frenchMobile();
    const queued = await deps.store.transaction(async (tx) =>
      Promise.all(
        [test, live].map((payment) =>
          queueMt(
            tx,
            deps,
            {
              merchantId: shop.merchantId,
              paymentId: payment.id,
              purpose: "notification",
              transport: "twilio",
              sender: "SMSPAY",
              to: phone,
              text: `About ${payment.orderRef}`,
            },
            new Date(),
          ),
        ),
      ),
    );
    smspay.smspay.worker.wake();
    const [, liveMt] = queued;
    await eventually(
      () => deps.store.outbound.get(liveMt ?? ""),
      (mt) => mt?.status === "sent",
    );
    await eventually(
      () => deps.store.effects.list({ status: "pending", merchantId: shop.merchantId, limit: 10 }),
      (pending) => pending.length === 0,
    );
    expect(
      twilio
        .messages()
        .filter((m) => m.to === phone)
        .map((m) => m.body),
    ).toEqual([`About ${live.orderRef}`]);
    expect((await deps.store.outbound.get(queued[0] ?? ""))?.status).toBe("queued");
  });
});

describe("test payments on a server without the sandbox", () => {
  let smspay: RunningSmspay;
  let shop: TestShop;

  beforeAll(async () => {
    smspay = await startSmspay({
      db: (await pgliteTestDatabase().open()).db,
      config: { sandbox: false },
    });
    shop = await TestShop.open(smspay);
  });
  afterAll(() => smspay.close());

  it("refuses a test payment with 422 sandbox_disabled and stores nothing", async () => {
    const body = {
      amount: 1234,
      currency: "EUR",
      orderRef: "order-test",
      returnUrl: "https://shop.example/thanks",
      test: true,
    };
    const refused = await shop.api("POST", "/v1/payments", body);
    expect(refused.status).toBe(422);
    expect(refused.type).toContain("application/problem+json");
    expect(refused.body).toMatchObject({ code: "sandbox_disabled" });
    expect((await shop.api("GET", "/v1/payments")).body.data).toEqual([]);

    const malformed = await shop.api("POST", "/v1/payments", { ...body, test: "yes" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.fields).toEqual([{ path: "test", message: expect.any(String) }]);
    const live = await shop.api("POST", "/v1/payments", { ...body, test: false });
    expect(live.status).toBe(201);
    expect(live.body).toMatchObject({ test: false, flow: "otp" });
  });
});

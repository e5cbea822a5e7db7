// Direct carrier billing end to end: a real smspay (HTTP, worker, sandbox for
// the PIN SMS) whose billing route sends French mobiles to an operator's GSMA
// OneAPI Payment server (the strict fake, on loopback, OAuth 2.0). The PIN
// payment is charged there, refunded there, and test payments never reach it.
// On PGlite and on PostgreSQL.

import { type OneApiFake, testDatabases } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type Json, TestShop } from "./test-client.ts";
import { frenchMobile, startTestOperator } from "./test-operator.ts";
import { type RunningSmspay, startSmspay } from "./test-support.ts";

const DECLINED_PHONE = "+33699990001";

describe.each(testDatabases())("carrier billing through OneAPI on $kind", (factory) => {
  let fake: OneApiFake;
  let smspay: RunningSmspay;
  let shop: TestShop;

  beforeAll(async () => {
    const operator = await startTestOperator({ [DECLINED_PHONE]: "POL1000" });
    fake = operator.fake;
    smspay = await startSmspay({
      db: (await factory.open()).db,
      config: { carrierBilling: operator.routing(["+336"]) },
    });
    shop = await TestShop.open(smspay, "Boulangerie Paul");
  });
  afterAll(async () => {
    await smspay.close();
    await fake.close();
  });

  const chargeIdOf = async (paymentId: string): Promise<string | undefined> => {
    const events = await shop.api("GET", `/v1/payments/${paymentId}/events`);
    return events.body.data.find((e: Json) => e.type === "succeeded")?.data.chargeId;
  };
  const refund = (paymentId: string, body: Json) =>
    shop.api("POST", `/v1/payments/${paymentId}/refunds`, body, {
      "idempotency-key": `re-${Math.random()}`,
    });
  const refundSettled = (paymentId: string, refundId: string) =>
    eventually(
      async () =>
        (await shop.api("GET", `/v1/payments/${paymentId}/refunds`)).body.data.find(
          (r: Json) => r.id === refundId,
        ),
      (r) => r?.status !== "pending",
    );

  it("charges a PIN payment through the operator's OneAPI, then credits refunds back to the phone", async () => {
    const phone = frenchMobile();
    const paid = await shop.payByPin(1234, phone);
    expect(paid).toMatchObject({ status: "succeeded", amount: 1234, flow: "otp", test: false });

    const charges = fake.transactions().filter((t) => t.clientCorrelator === paid.id);
    expect(charges).toHaveLength(1);
    const [charge] = charges;
    expect(charge).toMatchObject({
      status: "Charged",
      endUserId: `tel:${phone}`,
      amount: 1234,
      currency: "EUR",
      referenceCode: paid.id,
      channel: "SMS",
    });
    expect(charge?.description).toContain("Boulangerie Paul");
    expect(await chargeIdOf(paid.id)).toBe(charge?.serverReferenceCode);
    // The sandbox operator charged nothing.
    expect(
      await smspay.smspay.db.prisma.sandboxCharge.findUnique({
        where: { clientCorrelator: paid.id },
      }),
    ).toBeNull();

    const part = await refund(paid.id, { amount: 500, reason: "one item missing" });
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({ method: "phone_credit", status: "pending", amount: 500 });
    expect(await refundSettled(paid.id, part.body.id)).toMatchObject({ status: "succeeded" });
    const rest = await refund(paid.id, {});
    expect(rest.body).toMatchObject({ method: "phone_credit", amount: 734 });
    expect(await refundSettled(paid.id, rest.body.id)).toMatchObject({ status: "succeeded" });
    expect(await shop.payment(paid.id)).toMatchObject({ status: "refunded", refundedAmount: 1234 });

    const credits = fake
      .transactions()
      .filter((t) => t.originalServerReferenceCode === charge?.serverReferenceCode);
    expect(credits.map((t) => [t.status, t.clientCorrelator, t.amount])).toEqual([
      ["Refunded", part.body.id, 500],
      ["Refunded", rest.body.id, 734],
    ]);
  });

  it("fails the payment with the operator's reason when it declines the charge", async () => {
    const failed = await shop.payByPin(2222, DECLINED_PHONE);
    expect(failed).toMatchObject({ status: "failed", failureCode: "insufficient_funds" });
    expect(fake.transactions().filter((t) => t.clientCorrelator === failed.id)).toEqual([]);
  });

  it("retries a charge the operator could not take, and charges once", async () => {
    fake.failNext(2, 503);
    const paid = await shop.payByPin(1500, frenchMobile());
    expect(paid).toMatchObject({ status: "succeeded" });
    expect(fake.transactions().filter((t) => t.clientCorrelator === paid.id)).toHaveLength(1);
    const effects = await smspay.smspay.deps.store.effects.list({
      status: "done",
      merchantId: shop.merchantId,
      limit: 100,
    });
    const charge = effects.find((e) => e.kind === "charge" && e.paymentId === paid.id);
    // Two answers of 503, then the charge: the third try.
    expect(charge?.attempts).toBe(3);
  });

  it("charges and refunds a test payment in the sandbox even though the operator routes its phone", async () => {
    const paid = await shop.payByPin(1234, frenchMobile(), { test: true });
    expect(paid).toMatchObject({ status: "succeeded", test: true });
    expect(await chargeIdOf(paid.id)).toMatch(/^sbx-charge-/);
    expect(
      await smspay.smspay.db.prisma.sandboxCharge.findUnique({
        where: { clientCorrelator: paid.id },
      }),
    ).toMatchObject({ status: "charged", amount: 1234 });

    const credit = await refund(paid.id, {});
    expect(credit.body).toMatchObject({ method: "phone_credit", amount: 1234 });
    expect(await refundSettled(paid.id, credit.body.id)).toMatchObject({ status: "succeeded" });
    expect(
      fake
        .transactions()
        .filter((t) => t.clientCorrelator === paid.id || t.clientCorrelator === credit.body.id),
    ).toEqual([]);
  });
});

// Expiry racing the customer's SMS, on PGlite and on PostgreSQL: the expiry
// sweep and the MO both lock the payment row before deciding, so whichever
// comes second sees what the first decided. A payment is expired or charged,
// never both, and a charged one is never expired afterwards.

import { PaymentService } from "@smspay/core";
import { testDatabases } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, newPhone, TestShop } from "./test-client.ts";
import { type RunningSmspay, startSmspay } from "./test-support.ts";

const ROUNDS = 6;

describe.each(testDatabases())("expiry racing a late SMS on $kind", (factory) => {
  let smspay: RunningSmspay;
  let shop: TestShop;

  beforeAll(async () => {
    smspay = await startSmspay({ db: (await factory.open()).db });
    shop = await TestShop.open(smspay, "Glacier Lucie");
  });
  afterAll(() => smspay.close());

  /** Lets the race finish: the payment final, the phone's reply or billed SMS arrived. */
  const outcome = async (paymentId: string, phone: string) => {
    const payment = await eventually(
      () => shop.payment(paymentId),
      (p) => p.status !== "processing",
    );
    const messages = await eventually(
      () => shop.phoneMessages(phone),
      (m) => m.some((message) => message.direction === "mt"),
    );
    const events = await shop.eventTypes(paymentId);
    return {
      status: payment.status as string,
      billed: messages.filter((m) => m.billedAmount !== undefined).length,
      expiredEvents: events.filter((t) => t === "expired").length,
      succeededEvents: events.filter((t) => t === "succeeded").length,
      replies: messages.filter((m) => m.direction === "mt").map((m) => m.text as string),
    };
  };

  it("expires a payment whose time is up even when its SMS arrives at the same moment", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const created = await shop.create(200);
      await smspay.smspay.db.prisma.payment.update({
        where: { id: created.id },
        data: { expiresAt: new Date(Date.now() - 1_000) },
      });
      const phone = newPhone();
      await Promise.all([
        smspay.smspay.payments.expireDue(),
        shop.sms(phone, created.shortCode, created.smsText),
      ]);
      const result = await outcome(created.id, phone);
      expect(result).toMatchObject({ status: "expired", billed: 0, expiredEvents: 1 });
      expect(result.replies).toEqual([expect.stringContaining("expired")]);
    }
  });

  it("never expires a payment whose SMS came in time, even when a sweep read it as due", async () => {
    // A sweep whose list was read late (its clock is past the payment's expiry).
    const lateSweep = new PaymentService({
      ...smspay.smspay.deps,
      clock: { now: () => new Date(Date.now() + 20 * 60_000) },
    });
    for (let round = 0; round < ROUNDS; round++) {
      const created = await shop.create(450);
      const phone = newPhone();
      await Promise.all([
        shop.sms(phone, created.shortCode, created.smsText),
        lateSweep.expireDue(),
      ]);
      const result = await outcome(created.id, phone);
      if (result.status === "expired") {
        // The sweep locked first: the SMS found the payment expired and charged nothing.
        expect(result).toMatchObject({ billed: 0, expiredEvents: 1, succeededEvents: 0 });
      } else {
        // The SMS locked first: the sweep found it no longer pending and left it.
        expect(result).toMatchObject({
          status: "succeeded",
          billed: 1,
          expiredEvents: 0,
          succeededEvents: 1,
        });
      }
    }
  });
});

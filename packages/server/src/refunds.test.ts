// Refunds and disputes end to end: a real smspay (HTTP, worker, sandbox
// operator) on PGlite and on PostgreSQL.

import { testDatabases } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type Json, newPhone, TestShop } from "./test-client.ts";
import { type RunningSmspay, startSmspay } from "./test-support.ts";

describe.each(testDatabases())("refunds and disputes on $kind", (factory) => {
  let smspay: RunningSmspay;
  let shop: TestShop;

  beforeAll(async () => {
    smspay = await startSmspay({ db: (await factory.open()).db });
    shop = await TestShop.open(smspay, "Boulangerie Paul");
  });
  afterAll(() => smspay.close());

  const refund = (paymentId: string, body: Json, key: string = `re-${Math.random()}`) =>
    shop.api("POST", `/v1/payments/${paymentId}/refunds`, body, { "idempotency-key": key });
  const webhookEvents = async (paymentId: string) =>
    smspay.smspay.db.prisma.webhookEvent.findMany({
      where: { paymentId },
      orderBy: { createdAt: "asc" },
    });

  describe("refunds", () => {
    it("records a short-code payment's refunds as merchant credits, in parts, up to what was paid", async () => {
      const paid = await shop.payBySms(450);
      expect(paid.status).toBe("succeeded");

      const first = await refund(paid.id, { amount: 200, reason: "one croissant was missing" });
      expect(first.status).toBe(201);
      expect(Object.keys(first.body).sort()).toEqual(
        ["amount", "createdAt", "currency", "id", "method", "paymentId", "reason", "status"].sort(),
      );
      expect(first.body).toMatchObject({
        paymentId: paid.id,
        amount: 200,
        currency: "EUR",
        status: "succeeded",
        method: "merchant_credit",
        reason: "one croissant was missing",
      });
      expect(first.body.id).toMatch(/^re_/);
      expect(await shop.payment(paid.id)).toMatchObject({
        status: "partially_refunded",
        refundedAmount: 200,
      });

      const tooMuch = await refund(paid.id, { amount: 251 });
      expect(tooMuch.status).toBe(422);
      expect(tooMuch.type).toContain("application/problem+json");
      expect(tooMuch.body).toMatchObject({ code: "refund_exceeds_payment" });
      expect(tooMuch.body.detail).toContain("250 EUR is left");

      const rest = await refund(paid.id, {});
      expect(rest.body).toMatchObject({ status: "succeeded", amount: 250, reason: null });
      expect(await shop.payment(paid.id)).toMatchObject({
        status: "refunded",
        refundedAmount: 450,
      });
      expect((await refund(paid.id, {})).body.code).toBe("refund_exceeds_payment");

      const list = await shop.api("GET", `/v1/payments/${paid.id}/refunds`);
      expect(list.body.data.map((r: Json) => r.amount)).toEqual([200, 250]);
      const timeline = await shop.eventTypes(paid.id);
      expect(timeline.slice(-4)).toEqual([
        "refund_requested",
        "partially_refunded",
        "refund_requested",
        "refunded",
      ]);
      // Each status change tells the shop, with the refund in the event.
      const events = (await webhookEvents(paid.id)).filter((e) => e.type.includes("refund"));
      expect(events.map((e) => [e.type, (e.data as Json).refund.id])).toEqual([
        ["payment.partially_refunded", first.body.id],
        ["payment.refunded", rest.body.id],
      ]);
    });

    it("gives the same refund for the same Idempotency-Key and body, even when requests race", async () => {
      const paid = await shop.payBySms(450);
      const key = `race-${Math.random()}`;
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => refund(paid.id, { amount: 100 }, key)),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(answers.filter((a) => a.headers.get("idempotent-replayed") === "true")).toHaveLength(
        7,
      );
      expect((await shop.payment(paid.id)).refundedAmount).toBe(100);

      const other = await refund(paid.id, { amount: 150 }, key);
      expect(other.status).toBe(409);
      expect(other.body.code).toBe("idempotency_conflict");
      // The key is the merchant's: reusing it on another payment is another request.
      const elsewhere = await shop.payBySms(200);
      expect((await refund(elsewhere.id, { amount: 100 }, key)).body.code).toBe(
        "idempotency_conflict",
      );
      const noKey = await shop.api("POST", `/v1/payments/${paid.id}/refunds`, { amount: 50 });
      expect(noKey.status).toBe(400);
      expect(noKey.body.fields).toEqual([
        { path: "Idempotency-Key", message: "required: a unique key per refund" },
      ]);
      expect((await shop.payment(paid.id)).refundedAmount).toBe(100);
    });

    it("never refunds more than was paid, whatever the concurrency", async () => {
      const paid = await shop.payBySms(450);
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => refund(paid.id, { amount: 100 })),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(4);
      expect(
        answers.filter((a) => a.status === 422 && a.body.code === "refund_exceeds_payment"),
      ).toHaveLength(6);
      expect(await shop.payment(paid.id)).toMatchObject({
        status: "partially_refunded",
        refundedAmount: 400,
      });
    });

    it("credits a carrier-billing payment back to the phone through the operator", async () => {
      const phone = newPhone();
      const paid = await shop.payByPin(1234, phone);
      expect(paid.status).toBe("succeeded");
      const asked = await refund(paid.id, { amount: 234, reason: "late delivery" });
      expect(asked.status).toBe(201);
      expect(asked.body).toMatchObject({ status: "pending", method: "phone_credit", amount: 234 });

      const done = await eventually(
        () => shop.api("GET", `/v1/payments/${paid.id}/refunds`),
        (r) => r.body.data[0]?.status !== "pending",
      );
      expect(done.body.data).toEqual([{ ...asked.body, status: "succeeded" }]);
      expect(await shop.payment(paid.id)).toMatchObject({
        status: "partially_refunded",
        refundedAmount: 234,
      });
      const credits = await smspay.smspay.db.prisma.sandboxRefund.findMany({
        where: { chargeCorrelator: paid.id },
      });
      expect(credits.map((c) => [c.clientCorrelator, c.amount])).toEqual([[asked.body.id, 234]]);

      // A worker that dies after the operator's answer asks again: the operator answers the same.
      const sandbox = smspay.smspay.sandbox;
      if (!sandbox) throw new Error("the sandbox is on in tests");
      const again = await sandbox.refund({
        clientCorrelator: asked.body.id,
        chargeId: `sbx-charge-${paid.id}`,
        phone,
        amount: 234,
        currency: "EUR",
      });
      expect(again).toEqual({
        status: "refunded",
        operatorRefundId: `sbx-refund-${asked.body.id}`,
      });
      expect(
        await sandbox.refund({
          clientCorrelator: "re_someone_else",
          chargeId: `sbx-charge-${paid.id}`,
          phone,
          amount: 1001,
          currency: "EUR",
        }),
      ).toEqual({ status: "declined", reason: "exceeds_charge" });
      expect(
        await smspay.smspay.db.prisma.sandboxRefund.count({ where: { chargeCorrelator: paid.id } }),
      ).toBe(1);
    });

    it("marks a refund the operator refuses failed, keeps the money refundable and asks a person", async () => {
      const paid = await shop.payByPin(1500);
      // The operator lost track of the charge (its side of the story).
      await smspay.smspay.db.prisma.sandboxCharge.update({
        where: { clientCorrelator: paid.id },
        data: { status: "declined" },
      });
      const asked = await refund(paid.id, { amount: 500 });
      expect(asked.body.status).toBe("pending");
      const failed = await eventually(
        () => shop.api("GET", `/v1/payments/${paid.id}/refunds`),
        (r) => r.body.data[0]?.status !== "pending",
      );
      expect(failed.body.data[0].status).toBe("failed");
      expect(await shop.payment(paid.id)).toMatchObject({ status: "succeeded", refundedAmount: 0 });
      // (The receipt SMS of the charge may be logged in between: only the refund's events count.)
      const timeline = await shop.eventTypes(paid.id);
      expect(timeline.filter((t) => t.startsWith("refund") || t === "needs_attention")).toEqual([
        "refund_requested",
        "refund_failed",
        "needs_attention",
      ]);
      const attention = await shop.api("GET", "/v1/attention");
      expect(attention.body.data).toContainEqual(
        expect.objectContaining({ kind: "refund_failed", paymentId: paid.id }),
      );
      // Nothing went back, so everything can still be refunded.
      expect((await refund(paid.id, { amount: 1500 })).status).toBe(201);
    });

    it("refuses payments that were not paid, other merchants' payments and bad bodies, changing nothing", async () => {
      const pending = await shop.create(450);
      const notPaid = await refund(pending.id, {});
      expect(notPaid.status).toBe(409);
      expect(notPaid.body.code).toBe("invalid_state");

      const paid = await shop.payBySms(200);
      const stranger = await TestShop.open(smspay, "Someone Else");
      const peek = await stranger.api(
        "POST",
        `/v1/payments/${paid.id}/refunds`,
        {},
        { "idempotency-key": "k-1" },
      );
      expect(peek.status).toBe(404);
      expect((await stranger.api("GET", `/v1/payments/${paid.id}/refunds`)).status).toBe(404);

      const bad = await refund(paid.id, { amount: 1.5, reason: "", extra: true });
      expect(bad.status).toBe(400);
      expect(bad.body.fields.map((f: Json) => f.path).sort()).toEqual([
        "amount",
        "extra",
        "reason",
      ]);
      expect(await shop.payment(paid.id)).toMatchObject({ status: "succeeded", refundedAmount: 0 });
      expect((await shop.api("GET", `/v1/payments/${paid.id}/refunds`)).body.data).toEqual([]);
    });
  });

  describe("disputes", () => {
    const dispute = (paymentId: string, body: Json, headers: Record<string, string> = {}) =>
      shop.api("POST", `/v1/payments/${paymentId}/disputes`, body, headers);

    it("records an operator's void, reduces the net and tells the shop", async () => {
      const paid = await shop.payByPin(1234);
      expect(await shop.payment(paid.id)).toMatchObject({ net: 816, disputedAmount: 0 });
      const recorded = await dispute(paid.id, {
        reason: "customer denies the purchase",
        amount: 234,
      });
      expect(recorded.status).toBe(201);
      expect(recorded.body).toMatchObject({
        paymentId: paid.id,
        amount: 234,
        currency: "EUR",
        reason: "customer denies the purchase",
        source: "merchant",
      });
      expect(recorded.body.id).toMatch(/^dp_/);
      const after = await shop.payment(paid.id);
      // The estimate now stands on the 1000 the operator keeps: 250 + 80 + 10 kept, 660 paid out.
      expect(after).toMatchObject({
        status: "succeeded",
        disputedAmount: 234,
        fees: { operator: 250, aggregator: 90, total: 340, estimated: true },
        net: 660,
      });
      expect((await shop.eventTypes(paid.id)).filter((t) => t === "disputed")).toHaveLength(1);
      const events = await webhookEvents(paid.id);
      const disputed = events.find((e) => e.type === "payment.disputed");
      expect((disputed?.data as Json | undefined)?.dispute).toMatchObject({
        id: recorded.body.id,
        amount: 234,
      });
      // What the operator voided cannot be refunded again.
      expect((await refund(paid.id, { amount: 1001 })).body.code).toBe("refund_exceeds_payment");
      expect((await refund(paid.id, { amount: 1000 })).status).toBe(201);
    });

    it("records a reported void once, by Idempotency-Key or by the operator's void id", async () => {
      const paid = await shop.payBySms(450);
      const headers = { "idempotency-key": `dp-${Math.random()}` };
      const first = await dispute(paid.id, { reason: "void", amount: 100 }, headers);
      const second = await dispute(paid.id, { reason: "void", amount: 100 }, headers);
      expect(second.status).toBe(201);
      expect(second.body.id).toBe(first.body.id);
      expect(second.headers.get("idempotent-replayed")).toBe("true");
      expect((await dispute(paid.id, { reason: "void", amount: 150 }, headers)).status).toBe(409);

      const disputes = smspay.smspay.disputes;
      const operatorVoid = { paymentId: paid.id, reason: "operator void", voidId: "OP-77" };
      const a = await disputes.recordOperatorVoid(operatorVoid);
      const b = await disputes.recordOperatorVoid(operatorVoid);
      expect(b).toEqual({ dispute: a.dispute, replayed: true });
      expect(a.dispute).toMatchObject({ source: "operator", amount: 350 });
      const listed = await shop.api("GET", `/v1/payments/${paid.id}/disputes`);
      expect(listed.body.data.map((d: Json) => d.amount)).toEqual([100, 350]);
      expect((await shop.payment(paid.id)).disputedAmount).toBe(450);
    });

    it("asks a person when a void and refunds together give back more than was paid", async () => {
      const paid = await shop.payBySms(450);
      expect((await refund(paid.id, {})).body.amount).toBe(450);
      const recorded = await dispute(paid.id, { reason: "operator refunded the customer too" });
      expect(recorded.status).toBe(201);
      expect(recorded.body.amount).toBe(450);
      const open = await shop.api("GET", "/v1/attention");
      const item = open.body.data.find(
        (i: Json) => i.kind === "over_refunded" && i.paymentId === paid.id,
      );
      expect(item.detail).toContain("900 of 450 went back to the customer");
    });

    it("refuses voids of unpaid payments and of more than was charged", async () => {
      const pending = await shop.create(200);
      expect((await dispute(pending.id, { reason: "x" })).body.code).toBe("invalid_state");
      const paid = await shop.payBySms(200);
      const over = await dispute(paid.id, { reason: "x", amount: 201 });
      expect(over.status).toBe(422);
      expect(over.body.code).toBe("dispute_exceeds_payment");
      expect((await dispute(paid.id, {})).status).toBe(400);
      expect((await shop.payment(paid.id)).disputedAmount).toBe(0);
    });
  });
});

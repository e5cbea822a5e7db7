// The contract of the after-sale storage ports (refunds, disputes, fee rules,
// settlement lines, the needs-attention list, the reconciler's bookkeeping),
// for every Store implementation:
//
//   describe.each(testDatabases())("after-sale storage on $kind", (database) => {
//     afterSaleRepositoryContract(async () => { const db = await database.open(); ... });
//   });

import type {
  AttentionItem,
  Dispute,
  FeeRule,
  Payment,
  Refund,
  SettlementLine,
  Store,
} from "@smspay/core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  fixturesAt,
  insertPayment,
  MINUTE,
  newMerchant,
  openStoreForSuite,
  uid,
} from "./fixtures.ts";
import type { ContractStoreFactory } from "./repository-contract.ts";

const T0 = new Date("2026-06-01T08:00:00.000Z");
const fixtures = fixturesAt(T0);
const { at } = fixtures;

/** Stores a PIN payment, paid at T0 unless `overrides` say otherwise. */
const newPayment = (
  store: Store,
  merchantId: string,
  overrides: Partial<Payment> = {},
): Promise<Payment> =>
  insertPayment(
    store,
    fixtures.payment(merchantId, {
      status: "succeeded",
      flow: "otp",
      amount: 1234,
      succeededAt: T0,
      ...overrides,
    }),
  );

function refund(payment: Payment, overrides: Partial<Refund> = {}): Refund {
  return {
    id: uid("re"),
    paymentId: payment.id,
    merchantId: payment.merchantId,
    amount: 200,
    currency: payment.currency,
    status: "pending",
    method: "phone_credit",
    reason: null,
    idempotencyKey: uid("key"),
    requestHash: "hash",
    operatorRefundId: null,
    failureCode: null,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

function dispute(payment: Payment, overrides: Partial<Dispute> = {}): Dispute {
  return {
    id: uid("dp"),
    paymentId: payment.id,
    merchantId: payment.merchantId,
    amount: 100,
    currency: payment.currency,
    reason: "customer says it was not them",
    source: "operator",
    externalId: uid("void"),
    requestHash: "hash",
    createdAt: T0,
    ...overrides,
  };
}

function line(overrides: Partial<SettlementLine> = {}): SettlementLine {
  return {
    id: uid("sl"),
    reportId: "stl_contract",
    provider: "generic",
    scope: "all",
    line: 2,
    lineId: uid("L"),
    kind: "sale",
    reference: { by: "payment", value: uid("pay") },
    gross: 1234,
    operatorFee: 309,
    aggregatorFee: 109,
    net: 816,
    currency: "EUR",
    settledOn: "2026-08-31",
    paymentId: null,
    merchantId: null,
    createdAt: T0,
    ...overrides,
  };
}

function attention(merchantId: string, overrides: Partial<AttentionItem> = {}): AttentionItem {
  return {
    id: uid("att"),
    kind: "order_cancelled_but_paid",
    merchantId,
    paymentId: null,
    detail: "the shop cancelled a paid order",
    createdAt: T0,
    resolvedAt: null,
    resolution: null,
    ...overrides,
  };
}

export function afterSaleRepositoryContract(factory: ContractStoreFactory): void {
  let store: Store;
  let merchantId: string;

  openStoreForSuite(factory, async (opened) => {
    store = opened;
    merchantId = await newMerchant(store);
    await store.settlements.saveReport({
      id: "stl_contract",
      provider: "generic",
      scope: "all",
      lines: 0,
      imported: 0,
      duplicates: 0,
      unmatched: 0,
      malformed: 0,
      createdAt: T0,
    });
  });

  describe("refunds", () => {
    it("stores a refund and reads it back, within its merchant only", async () => {
      const payment = await newPayment(store, merchantId);
      const r = refund(payment, { reason: "damaged parcel" });
      expect(await store.refunds.insert(r)).toBe("inserted");
      expect(await store.refunds.getById(r.id)).toEqual(r);
      expect(await store.refunds.get({ merchantId, id: r.id })).toEqual(r);
      expect(await store.refunds.get({ merchantId: "mer_other", id: r.id })).toBeUndefined();
      expect(
        await store.refunds.findByIdempotencyKey({ merchantId, key: r.idempotencyKey as string }),
      ).toEqual(r);
      expect(
        await store.refunds.findByIdempotencyKey({
          merchantId: "mer_other",
          key: r.idempotencyKey as string,
        }),
      ).toBeUndefined();
    });

    it("refuses a merchant's idempotency key twice and writes nothing the second time", async () => {
      const payment = await newPayment(store, merchantId);
      const first = refund(payment, { idempotencyKey: "refund-1" });
      const merchant2 = await newMerchant(store);
      const elsewhere = await newPayment(store, merchant2);
      expect(await store.refunds.insert(first)).toBe("inserted");
      expect(await store.refunds.insert(refund(payment, { idempotencyKey: "refund-1" }))).toBe(
        "idempotency_key_taken",
      );
      // Keys belong to a merchant; refunds without a key never collide.
      expect(await store.refunds.insert(refund(elsewhere, { idempotencyKey: "refund-1" }))).toBe(
        "inserted",
      );
      expect(await store.refunds.insert(refund(payment, { idempotencyKey: null }))).toBe(
        "inserted",
      );
      expect(await store.refunds.insert(refund(payment, { idempotencyKey: null }))).toBe(
        "inserted",
      );
      expect(await store.refunds.listForPayment(payment.id)).toHaveLength(3);
    });

    it("lists a payment's refunds oldest first", async () => {
      const payment = await newPayment(store, merchantId);
      const later = refund(payment, { createdAt: at(2 * MINUTE) });
      const earlier = refund(payment, { createdAt: at(MINUTE) });
      await store.refunds.insert(later);
      await store.refunds.insert(earlier);
      expect((await store.refunds.listForPayment(payment.id)).map((r) => r.id)).toEqual([
        earlier.id,
        later.id,
      ]);
    });

    it("finishes a pending refund once (compare-and-set)", async () => {
      const payment = await newPayment(store, merchantId);
      const r = refund(payment);
      await store.refunds.insert(r);
      expect(
        await store.refunds.finish({
          id: r.id,
          status: "succeeded",
          operatorRefundId: "op-1",
          at: at(MINUTE),
        }),
      ).toBe(true);
      expect(
        await store.refunds.finish({
          id: r.id,
          status: "failed",
          failureCode: "operator_error",
          at: at(2 * MINUTE),
        }),
      ).toBe(false);
      expect(await store.refunds.getById(r.id)).toMatchObject({
        status: "succeeded",
        operatorRefundId: "op-1",
        failureCode: null,
        updatedAt: at(MINUTE),
      });
      const failing = refund(payment);
      await store.refunds.insert(failing);
      await store.refunds.finish({
        id: failing.id,
        status: "failed",
        failureCode: "exceeds_charge",
        at: at(MINUTE),
      });
      expect(await store.refunds.getById(failing.id)).toMatchObject({
        status: "failed",
        failureCode: "exceeds_charge",
      });
    });
  });

  describe("disputes", () => {
    it("records a dispute once per external id, and any number without one", async () => {
      const payment = await newPayment(store, merchantId);
      const first = dispute(payment, { externalId: "void-1", createdAt: at(MINUTE) });
      expect(await store.disputes.insert(first)).toBe("inserted");
      expect(await store.disputes.insert(dispute(payment, { externalId: "void-1" }))).toBe(
        "duplicate",
      );
      const anonymous = dispute(payment, { externalId: null, createdAt: at(2 * MINUTE) });
      expect(await store.disputes.insert(anonymous)).toBe("inserted");
      expect(
        await store.disputes.insert(
          dispute(payment, { externalId: null, createdAt: at(3 * MINUTE) }),
        ),
      ).toBe("inserted");
      expect(
        await store.disputes.findByExternalId({ paymentId: payment.id, externalId: "void-1" }),
      ).toEqual(first);
      const other = await newPayment(store, merchantId);
      expect(
        await store.disputes.findByExternalId({ paymentId: other.id, externalId: "void-1" }),
      ).toBeUndefined();
      const listed = await store.disputes.listForPayment(payment.id);
      expect(listed.map((d) => d.id).slice(0, 2)).toEqual([first.id, anonymous.id]);
      expect(listed).toHaveLength(3);
    });
  });

  describe("fee rules", () => {
    const rule = (overrides: Partial<FeeRule>): FeeRule => ({
      id: uid("fee"),
      merchantId: null,
      flow: "shortcode",
      shortCode: "81450",
      currency: "EUR",
      operator: { bps: 3200, fixed: 0 },
      aggregator: { bps: 1000, fixed: 10 },
      ...overrides,
    });

    it("offers a payment the merchant's own and the shared rules of its flow, code and currency", async () => {
      const code = String(70_000 + Math.floor(Math.random() * 9_999));
      const mine = await newMerchant(store);
      const theirs = await newMerchant(store);
      const shared = rule({ shortCode: code });
      const own = rule({ shortCode: code, merchantId: mine, operator: { bps: 3000, fixed: 5 } });
      await store.feeRules.upsert(shared);
      await store.feeRules.upsert(own);
      await store.feeRules.upsert(rule({ shortCode: code, merchantId: theirs }));
      await store.feeRules.upsert(rule({ shortCode: code, currency: "GBP" }));
      await store.feeRules.upsert(rule({ shortCode: `${code}9` }));
      const candidates = await store.feeRules.candidates({
        merchantId: mine,
        flow: "shortcode",
        shortCode: code,
        currency: "EUR",
      });
      expect(candidates).toEqual([own, shared]);
    });

    it("matches carrier-billing rules, which have no short code", async () => {
      const mine = await newMerchant(store);
      const otp = rule({ merchantId: mine, flow: "otp", shortCode: null });
      await store.feeRules.upsert(otp);
      expect(
        await store.feeRules.candidates({
          merchantId: mine,
          flow: "otp",
          shortCode: null,
          currency: "EUR",
        }),
      ).toContainEqual(otp);
    });

    it("replaces a rule set again under the same id, and lists a merchant's with the shared ones", async () => {
      const mine = await newMerchant(store);
      const first = rule({ merchantId: mine, shortCode: "71099" });
      await store.feeRules.upsert(first);
      const changed = { ...first, aggregator: { bps: 1500, fixed: 20 } };
      await store.feeRules.upsert(changed);
      const listed = await store.feeRules.list({ merchantId: mine });
      expect(listed.filter((r) => r.merchantId === mine)).toEqual([changed]);
      expect(listed.every((r) => r.merchantId === mine || r.merchantId === null)).toBe(true);
      expect((await store.feeRules.list({})).some((r) => r.id === first.id)).toBe(true);
    });
  });

  describe("settlement lines", () => {
    it("imports a line id once per provider and scope", async () => {
      const first = line({ lineId: "dup-1" });
      expect(await store.settlements.insertLine(first)).toBe(true);
      expect(await store.settlements.insertLine(line({ lineId: "dup-1" }))).toBe(false);
      expect(await store.settlements.insertLine(line({ lineId: "dup-1", scope: merchantId }))).toBe(
        true,
      );
      expect(await store.settlements.insertLine(line({ lineId: "dup-1", provider: "dcb" }))).toBe(
        true,
      );
    });

    it("finds the payment a line names, by payment id, billed MT or correlator, within a merchant", async () => {
      const payment = await newPayment(store, merchantId, { flow: "shortcode" });
      const other = await newMerchant(store);
      const match = {
        paymentId: payment.id,
        merchantId,
        amount: payment.amount,
        currency: "EUR",
        status: "succeeded",
      };
      const byId = { by: "payment", value: payment.id } as const;
      expect(await store.settlements.findPayment({ reference: byId, merchantId: null })).toEqual(
        match,
      );
      expect(await store.settlements.findPayment({ reference: byId, merchantId })).toEqual(match);
      expect(
        await store.settlements.findPayment({ reference: byId, merchantId: other }),
      ).toBeUndefined();

      const providerId = uid("prov");
      const mt = {
        merchantId,
        paymentId: payment.id,
        transport: "sandbox",
        sender: "81450",
        toHash: "h",
        toCipher: "c",
        text: "Merci",
        currency: "EUR",
        status: "sent" as const,
        providerMessageId: providerId,
        createdAt: T0,
        sentAt: T0,
      };
      await store.outbound.create({
        ...mt,
        id: uid("mt"),
        purpose: "billed_confirmation",
        billedAmount: 1234,
      });
      const byMessage = { by: "message", value: providerId } as const;
      expect(await store.settlements.findPayment({ reference: byMessage, merchantId })).toEqual(
        match,
      );
      // Only the billed MT stands for the payment.
      const replyId = uid("prov");
      await store.outbound.create({
        ...mt,
        id: uid("mt"),
        purpose: "service_reply",
        billedAmount: null,
        providerMessageId: replyId,
      });
      expect(
        await store.settlements.findPayment({
          reference: { by: "message", value: replyId },
          merchantId,
        }),
      ).toBeUndefined();

      const r = refund(payment);
      await store.refunds.insert(r);
      for (const value of [payment.id, r.id]) {
        expect(
          await store.settlements.findPayment({
            reference: { by: "correlator", value },
            merchantId,
          }),
        ).toEqual(match);
      }
      expect(
        await store.settlements.findPayment({
          reference: { by: "correlator", value: "re_unknown" },
          merchantId: null,
        }),
      ).toBeUndefined();
    });

    it("keeps unmatched lines for later and sums a payment's lines once attached", async () => {
      const payment = await newPayment(store, merchantId);
      const sale = line({ createdAt: at(-10 * 24 * 60 * MINUTE), settledOn: "2026-08-31" });
      const clawback = line({
        kind: "bad_debt",
        gross: -1234,
        operatorFee: -309,
        aggregatorFee: -109,
        net: -816,
        settledOn: "2026-09-30",
        createdAt: at(-10 * 24 * 60 * MINUTE + 1),
      });
      await store.settlements.insertLine(sale);
      await store.settlements.insertLine(clawback);
      const waiting = (await store.settlements.unmatched({ limit: 1000 })).map((l) => l.id);
      expect(waiting).toEqual(expect.arrayContaining([sale.id, clawback.id]));
      expect(waiting.indexOf(sale.id)).toBeLessThan(waiting.indexOf(clawback.id));
      const stored = (await store.settlements.unmatched({ limit: 1000 })).find(
        (l) => l.id === sale.id,
      );
      expect(stored).toEqual(sale);
      expect(await store.settlements.totalsFor(payment.id)).toBeUndefined();

      await store.settlements.attach({ id: sale.id, paymentId: payment.id, merchantId });
      expect(await store.settlements.totalsFor(payment.id)).toEqual({
        lines: 1,
        gross: 1234,
        operatorFee: 309,
        aggregatorFee: 109,
        net: 816,
        lastSettledOn: "2026-08-31",
      });
      await store.settlements.attach({ id: clawback.id, paymentId: payment.id, merchantId });
      expect(await store.settlements.totalsFor(payment.id)).toEqual({
        lines: 2,
        gross: 0,
        operatorFee: 0,
        aggregatorFee: 0,
        net: 0,
        lastSettledOn: "2026-09-30",
      });
      const still = (await store.settlements.unmatched({ limit: 1000 })).map((l) => l.id);
      expect(still).not.toContain(sale.id);
    });

    it("offers the least recently tried unmatched lines first, so none waits forever", async () => {
      const all = async () =>
        (await store.settlements.unmatched({ limit: 100_000 })).map((l) => l.id);
      const a = line({ createdAt: at(-20 * 24 * 60 * MINUTE) });
      const b = line({ createdAt: at(-19 * 24 * 60 * MINUTE) });
      await store.settlements.insertLine(a);
      await store.settlements.insertLine(b);
      const before = await all();
      expect(before.indexOf(a.id)).toBeLessThan(before.indexOf(b.id));
      await store.settlements.markTried({ id: a.id, at: at(MINUTE) });
      const after = await all();
      expect(after.indexOf(b.id)).toBeLessThan(after.indexOf(a.id));
      await store.settlements.markTried({ id: b.id, at: at(2 * MINUTE) });
      const rotated = await all();
      expect(rotated.indexOf(a.id)).toBeLessThan(rotated.indexOf(b.id));
    });
  });

  describe("needs attention", () => {
    it("keeps one open item per kind and payment, and a new one once resolved", async () => {
      const mine = await newMerchant(store);
      const payment = await newPayment(store, mine);
      const first = attention(mine, { paymentId: payment.id });
      expect(await store.attention.raise(first)).toBe(true);
      expect(await store.attention.raise(attention(mine, { paymentId: payment.id }))).toBe(false);
      const otherKind = attention(mine, {
        paymentId: payment.id,
        kind: "amount_mismatch",
        createdAt: at(MINUTE),
      });
      expect(await store.attention.raise(otherKind)).toBe(true);
      expect((await store.attention.openForPayment(payment.id)).map((i) => i.id)).toEqual([
        first.id,
        otherKind.id,
      ]);

      expect(
        await store.attention.resolve({
          merchantId: mine,
          id: first.id,
          at: at(2 * MINUTE),
          resolution: "shipped",
        }),
      ).toBe(true);
      expect(
        await store.attention.resolve({
          merchantId: mine,
          id: first.id,
          at: at(3 * MINUTE),
          resolution: null,
        }),
      ).toBe(false);
      expect(await store.attention.get({ merchantId: mine, id: first.id })).toEqual({
        ...first,
        resolvedAt: at(2 * MINUTE),
        resolution: "shipped",
      });
      const again = attention(mine, { paymentId: payment.id, createdAt: at(4 * MINUTE) });
      expect(await store.attention.raise(again)).toBe(true);
    });

    it("lists a merchant's open or resolved items, newest first, and no one else's", async () => {
      const mine = await newMerchant(store);
      const theirs = await newMerchant(store);
      const older = attention(mine, {
        createdAt: at(MINUTE),
        paymentId: (await newPayment(store, mine)).id,
      });
      const newer = attention(mine, {
        createdAt: at(2 * MINUTE),
        paymentId: (await newPayment(store, mine)).id,
      });
      const foreign = attention(theirs, { paymentId: (await newPayment(store, theirs)).id });
      for (const item of [older, newer, foreign]) await store.attention.raise(item);
      expect(
        (await store.attention.list({ merchantId: mine, open: true, limit: 10 })).map((i) => i.id),
      ).toEqual([newer.id, older.id]);
      expect(
        await store.attention.resolve({
          merchantId: theirs,
          id: older.id,
          at: at(3 * MINUTE),
          resolution: null,
        }),
      ).toBe(false);
      expect(await store.attention.get({ merchantId: theirs, id: older.id })).toBeUndefined();
      await store.attention.resolve({
        merchantId: mine,
        id: older.id,
        at: at(3 * MINUTE),
        resolution: null,
      });
      expect(
        (await store.attention.list({ merchantId: mine, open: true, limit: 10 })).map((i) => i.id),
      ).toEqual([newer.id]);
      expect(
        (await store.attention.list({ merchantId: mine, open: false, limit: 10 })).map((i) => i.id),
      ).toEqual([older.id]);
      expect(await store.attention.list({ merchantId: mine, open: true, limit: 0 })).toEqual([]);
    });
  });

  describe("reconciliation bookkeeping", () => {
    let connected: string;
    beforeAll(async () => {
      connected = await newMerchant(store);
      await store.platformConnections.put({
        merchantId: connected,
        platform: "shopify",
        configCipher: "sealed",
        at: T0,
      });
    });
    // Far from T0 and from the other tests' payments, so the window holds only this test's.
    const R0 = new Date("2031-01-10T12:00:00.000Z");
    const r = (offsetMs: number) => new Date(R0.getTime() + offsetMs);
    const due = (now: Date, limit = 100) =>
      store.reconcile.claimDue({
        now,
        since: new Date(now.getTime() - 7 * 24 * 60 * MINUTE),
        settledBefore: new Date(now.getTime() - 5 * MINUTE),
        recheckBefore: new Date(now.getTime() - 6 * 60 * MINUTE),
        limit,
      });

    it("claims each settled, finished payment once per change and again after the recheck delay", async () => {
      const finished = await newPayment(store, connected, { updatedAt: r(0) });
      const failed = await newPayment(store, connected, { status: "failed", updatedAt: r(0) });
      await newPayment(store, connected, { status: "pending", updatedAt: r(0) });
      await newPayment(store, connected, { status: "processing", updatedAt: r(0) });
      // Nothing to compare with: its merchant has no shop connected.
      await newPayment(store, merchantId, { updatedAt: r(0) });
      const tooFresh = await newPayment(store, connected, { updatedAt: r(8 * MINUTE) });
      const tooOld = await newPayment(store, connected, {
        updatedAt: r(-8 * 24 * 60 * MINUTE),
      });

      const firstSweep = await due(r(10 * MINUTE));
      expect(firstSweep.sort()).toEqual([finished.id, failed.id].sort());
      expect(firstSweep).not.toContain(tooFresh.id);
      expect(firstSweep).not.toContain(tooOld.id);
      expect(await due(r(11 * MINUTE))).toEqual([]);

      // The payment changed after its check: due again once settled.
      await store.payments.setStatus({
        id: finished.id,
        from: "succeeded",
        to: "partially_refunded",
        at: r(12 * MINUTE),
      });
      expect(await due(r(13 * MINUTE))).toEqual([tooFresh.id]);
      expect(await due(r(20 * MINUTE))).toEqual([finished.id]);
      // Six hours after their last check everything is compared again.
      expect((await due(r(7 * 60 * MINUTE))).sort()).toEqual(
        [finished.id, failed.id, tooFresh.id].sort(),
      );
    });

    it("never gives the same payment to two concurrent sweeps", async () => {
      const S0 = new Date("2032-03-01T00:00:00.000Z");
      for (let i = 0; i < 12; i++) await newPayment(store, connected, { updatedAt: S0 });
      const now = new Date(S0.getTime() + 10 * MINUTE);
      const sweep = () =>
        store.reconcile.claimDue({
          now,
          since: S0,
          settledBefore: now,
          recheckBefore: S0,
          limit: 5,
        });
      const sweeps = await Promise.all([sweep(), sweep(), sweep()]);
      const claimed = sweeps.flat();
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed).toHaveLength(12);
    });

    it("finds payments stuck in processing, an order's newest payment, and a payment's platform notifications", async () => {
      const P0 = new Date("2033-05-05T00:00:00.000Z");
      const stuck = await newPayment(store, merchantId, { status: "processing", updatedAt: P0 });
      await newPayment(store, merchantId, {
        status: "processing",
        updatedAt: new Date(P0.getTime() + 20 * MINUTE),
      });
      const stuckIds = await store.reconcile.stuckProcessing({
        before: new Date(P0.getTime() + 10 * MINUTE),
        limit: 1000,
      });
      expect(stuckIds).toContain(stuck.id);
      expect(
        await store.reconcile.stuckProcessing({
          before: new Date(P0.getTime() - MINUTE),
          limit: 1000,
        }),
      ).not.toContain(stuck.id);

      const orderRef = uid("order");
      const failedTry = await newPayment(store, merchantId, {
        orderRef,
        status: "failed",
        createdAt: P0,
      });
      expect(await store.reconcile.latestForOrder({ merchantId, orderRef })).toBe(failedTry.id);
      const retry = await newPayment(store, merchantId, {
        orderRef,
        createdAt: new Date(P0.getTime() + MINUTE),
      });
      expect(await store.reconcile.latestForOrder({ merchantId, orderRef })).toBe(retry.id);
      expect(
        await store.reconcile.latestForOrder({ merchantId: "mer_other", orderRef }),
      ).toBeUndefined();

      const notify = (id: string) => ({
        id,
        kind: "notify_platform" as const,
        payload: { paymentId: retry.id, event: "payment.succeeded" as const, eventId: uid("evt") },
        paymentId: retry.id,
        runAt: P0,
      });
      const first = uid("eff");
      await store.effects.enqueue(notify(first));
      await store.effects.enqueue({
        id: uid("eff"),
        kind: "charge",
        payload: { paymentId: retry.id },
        paymentId: retry.id,
        runAt: P0,
      });
      await store.effects.bury({ id: first, error: "shop down", at: P0 });
      expect(await store.reconcile.platformNotifications(retry.id)).toEqual([
        { id: first, status: "dead" },
      ]);
    });
  });
}

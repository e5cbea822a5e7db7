// The contract of the dashboard's storage ports (merchant users, sessions,
// the sign-in throttle, single sign-on grants, the payment search and the
// overview's sums), for every Store implementation:
//
//   describe.each(testDatabases())("dashboard storage on $kind", (database) => {
//     dashboardRepositoryContract(async () => { const db = await database.open(); ... });
//   });

import { randomBytes } from "node:crypto";
import type { OverviewQuery, Payment, Store } from "@smspay/core";
import { describe, expect, it } from "vitest";
import { fixturesAt, insertPayment, newMerchant, openStoreForSuite, uid } from "./fixtures.ts";
import type { ContractStoreFactory } from "./repository-contract.ts";

const T0 = new Date("2026-06-10T10:00:00.000Z");
const DAY = 86_400_000;
const fixtures = fixturesAt(T0);
const { at } = fixtures;
// One short code, and references with letters: the search must ignore their case.
const payment = (merchantId: string, overrides: Partial<Payment> = {}): Payment =>
  fixtures.payment(merchantId, {
    shortCode: "81450",
    reference: randomBytes(4).toString("hex").toUpperCase(),
    ...overrides,
  });

export function dashboardRepositoryContract(factory: ContractStoreFactory): void {
  let store: Store;
  openStoreForSuite(factory, (opened) => {
    store = opened;
  });

  const insert = (p: Payment): Promise<Payment> => insertPayment(store, p);

  describe("merchant users", () => {
    it("creates a user once per email, across merchants, and finds it with its hash", async () => {
      const [a, b] = [await newMerchant(store), await newMerchant(store)];
      const email = `${uid("owner")}@shop.example`;
      const user = {
        id: uid("usr"),
        merchantId: a,
        email,
        role: "owner" as const,
        createdAt: T0,
        lastLoginAt: null,
      };
      expect(await store.users.create({ ...user, passwordHash: "$argon2id$x" })).toBe(true);
      expect(
        await store.users.create({ ...user, id: uid("usr"), merchantId: b, passwordHash: "h" }),
      ).toBe(false);
      expect(await store.users.findByEmail(email)).toEqual({
        ...user,
        passwordHash: "$argon2id$x",
      });
      expect(await store.users.findByEmail(`nobody-${email}`)).toBeUndefined();
      expect(await store.users.listForMerchant(a)).toEqual([user]);
      expect(await store.users.listForMerchant(b)).toEqual([]);
      await store.users.recordLogin({ id: user.id, at: at(1000) });
      expect((await store.users.findByEmail(email))?.lastLoginAt).toEqual(at(1000));
    });
  });

  describe("dashboard sessions", () => {
    const session = (merchantId: string) => ({
      id: randomBytes(32).toString("hex"),
      merchantId,
      userId: null,
      role: "staff" as const,
      label: "WooCommerce admin",
      csrfToken: uid("csrf"),
      createdAt: T0,
      lastSeenAt: T0,
      expiresAt: at(DAY),
    });

    it("keeps, touches forward only, and deletes a session", async () => {
      const s = session(await newMerchant(store));
      await store.dashboardSessions.create(s);
      expect(await store.dashboardSessions.get(s.id)).toEqual(s);
      await store.dashboardSessions.touch({ id: s.id, at: at(5000) });
      await store.dashboardSessions.touch({ id: s.id, at: at(1000) });
      expect((await store.dashboardSessions.get(s.id))?.lastSeenAt).toEqual(at(5000));
      await store.dashboardSessions.delete(s.id);
      expect(await store.dashboardSessions.get(s.id)).toBeUndefined();
    });

    it("drops the sessions that ended", async () => {
      const merchantId = await newMerchant(store);
      const ended = { ...session(merchantId), expiresAt: at(-1) };
      const live = session(merchantId);
      await store.dashboardSessions.create(ended);
      await store.dashboardSessions.create(live);
      expect(await store.dashboardSessions.deleteExpired(T0)).toBeGreaterThanOrEqual(1);
      expect(await store.dashboardSessions.get(ended.id)).toBeUndefined();
      expect(await store.dashboardSessions.get(live.id)).toEqual(live);
    });
  });

  describe("sign-in throttle", () => {
    it("counts failures per key within the window, oldest first, until cleared", async () => {
      const [email, address] = [uid("email"), uid("addr")];
      await store.loginThrottle.recordFailure({ keys: [email, address], at: at(-10_000) });
      await store.loginThrottle.recordFailure({ keys: [email], at: at(-1000) });
      expect(await store.loginThrottle.failures({ key: email, since: at(-60_000) })).toEqual({
        count: 2,
        oldest: at(-10_000),
      });
      expect(await store.loginThrottle.failures({ key: email, since: at(-5000) })).toEqual({
        count: 1,
        oldest: at(-1000),
      });
      await store.loginThrottle.clear(email);
      expect(await store.loginThrottle.failures({ key: email, since: at(-60_000) })).toEqual({
        count: 0,
        oldest: null,
      });
      expect((await store.loginThrottle.failures({ key: address, since: at(-60_000) })).count).toBe(
        1,
      );
      expect(await store.loginThrottle.prune(at(-5000))).toBeGreaterThanOrEqual(1);
      expect(await store.loginThrottle.failures({ key: address, since: at(-60_000) })).toEqual({
        count: 0,
        oldest: null,
      });
    });
  });

  describe("single sign-on grants", () => {
    const grant = (merchantId: string, expiresAt = at(300_000)) => ({
      jti: randomBytes(18).toString("base64url"),
      merchantId,
      role: "owner" as const,
      label: "WordPress admin",
      returnTo: "/dashboard/payments",
      createdAt: T0,
      expiresAt,
    });

    it("is consumed once, and never after it ended", async () => {
      const merchantId = await newMerchant(store);
      const live = grant(merchantId);
      const stale = grant(merchantId, at(-1));
      await store.ssoTokens.create(live);
      await store.ssoTokens.create(stale);
      expect(await store.ssoTokens.consume({ jti: live.jti, at: T0 })).toEqual(live);
      expect(await store.ssoTokens.consume({ jti: live.jti, at: T0 })).toBeUndefined();
      expect(await store.ssoTokens.consume({ jti: stale.jti, at: T0 })).toBeUndefined();
      expect(await store.ssoTokens.consume({ jti: "unknown", at: T0 })).toBeUndefined();
      expect(await store.ssoTokens.deleteExpired(T0)).toBeGreaterThanOrEqual(1);
    });

    it("lets one of two racing redemptions win", async () => {
      const g = grant(await newMerchant(store));
      await store.ssoTokens.create(g);
      const outcomes = await Promise.all(
        Array.from({ length: 5 }, () => store.ssoTokens.consume({ jti: g.jti, at: T0 })),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    });
  });

  describe("payment search", () => {
    it("finds by order prefix (wildcards literal), id, reference code and last four digits", async () => {
      const merchantId = await newMerchant(store);
      const a = await insert(payment(merchantId, { orderRef: "A-100%_1", phoneLast4: "4321" }));
      const b = await insert(payment(merchantId, { orderRef: "A-1009", createdAt: at(1) }));
      const other = await insert(payment(await newMerchant(store), { orderRef: "A-100%_1" }));
      const find = async (text: string) =>
        (await store.dashboard.searchPayments({ merchantId, text, limit: 10 })).map((p) => p.id);
      expect(await find("a-100")).toEqual([b.id, a.id]);
      expect(await find("A-100%")).toEqual([a.id]);
      expect(await find("A-100_")).toEqual([]);
      expect(await find(a.id)).toEqual([a.id]);
      expect(await find(other.id)).toEqual([]);
      expect(await find(String(b.reference).toLowerCase())).toEqual([b.id]);
      expect(await find("4321")).toEqual([a.id]);
      expect(await find("321")).toEqual([]);
    });

    it("filters by status, flow, short code, mode and creation day, and pages by keyset", async () => {
      const merchantId = await newMerchant(store);
      const paid = await insert(payment(merchantId, { status: "succeeded", createdAt: at(DAY) }));
      const otp = await insert(
        payment(merchantId, {
          flow: "otp",
          shortCode: null,
          keyword: null,
          reference: null,
          createdAt: at(2 * DAY),
        }),
      );
      const test = await insert(payment(merchantId, { test: true, createdAt: at(3 * DAY) }));
      const old = await insert(payment(merchantId, { createdAt: at(-DAY) }));
      const search = async (filter: Record<string, unknown>, limit = 10) =>
        (await store.dashboard.searchPayments({ merchantId, limit, ...filter })).map((p) => p.id);
      expect(await search({ status: "succeeded" })).toEqual([paid.id]);
      expect(await search({ flow: "otp" })).toEqual([otp.id]);
      expect(await search({ shortCode: "81450", test: false })).toEqual([paid.id, old.id]);
      expect(await search({ test: true })).toEqual([test.id]);
      expect(await search({ from: at(DAY), before: at(3 * DAY) })).toEqual([otp.id, paid.id]);
      const first = await store.dashboard.searchPayments({ merchantId, limit: 2 });
      expect(first.map((p) => p.id)).toEqual([test.id, otp.id]);
      const last = first.at(-1) as Payment;
      expect(await search({ after: { createdAt: last.createdAt, id: last.id } }, 2)).toEqual([
        paid.id,
        old.id,
      ]);
    });
  });

  describe("overview sums", () => {
    const query = (merchantId: string): OverviewQuery => ({
      merchantId,
      from: T0,
      before: at(2 * DAY),
      test: false,
    });

    it("counts statuses, days, short codes and routes within the period and mode", async () => {
      const merchantId = await newMerchant(store);
      const paid = await insert(payment(merchantId, { status: "succeeded" }));
      await insert(payment(merchantId, { status: "failed", createdAt: at(DAY + 1) }));
      await insert(
        payment(merchantId, {
          status: "succeeded",
          flow: "otp",
          shortCode: null,
          keyword: null,
          reference: null,
          amount: 1234,
          createdAt: at(DAY + 2),
        }),
      );
      await insert(payment(merchantId, { status: "succeeded", test: true }));
      await insert(payment(merchantId, { status: "succeeded", createdAt: at(2 * DAY) }));
      await store.shortCodes.upsert({
        id: uid("sc"),
        merchantId,
        shortCode: "81450",
        keyword: "PAY",
        amount: 450,
        currency: "EUR",
        country: "FR",
        transport: "sandbox",
      });
      await store.outbound.create({
        id: uid("mt"),
        merchantId,
        paymentId: paid.id,
        purpose: "billed_confirmation",
        transport: "kannel",
        sender: "81450",
        toHash: "h",
        toCipher: "c",
        text: "Thanks",
        billedAmount: 450,
        currency: "EUR",
        status: "delivered",
        providerMessageId: null,
        createdAt: T0,
        sentAt: null,
      });
      const q = { ...query(merchantId), currency: "EUR" };
      expect(await store.dashboard.statusCounts(q)).toEqual([
        { status: "succeeded", payments: 2, amount: 450 + 1234 },
        { status: "failed", payments: 1, amount: 450 },
      ]);
      expect(await store.dashboard.days(q)).toEqual([
        { day: "2026-06-10", created: 1, paid: 1, gross: 450 },
        { day: "2026-06-11", created: 2, paid: 1, gross: 1234 },
      ]);
      expect(await store.dashboard.byShortCode(q)).toEqual([
        { key: "81450", payments: 2, paid: 1, gross: 450 },
        { key: "", payments: 1, paid: 1, gross: 1234 },
      ]);
      const routes = await store.dashboard.byRoute(q);
      expect(routes.sort((a, b) => (a.key < b.key ? -1 : 1))).toEqual([
        { key: "- -", payments: 1, paid: 1, gross: 1234 },
        { key: "- FR", payments: 1, paid: 0, gross: 0 },
        { key: "kannel FR", payments: 1, paid: 1, gross: 450 },
      ]);
    });

    it("groups paid payments that price alike, with phone credits, voids and settlements", async () => {
      const merchantId = await newMerchant(store);
      const plain = () => insert(payment(merchantId, { status: "succeeded" }));
      await plain();
      await plain();
      const settled = await plain();
      const credited = await insert(
        payment(merchantId, {
          status: "partially_refunded",
          flow: "otp",
          shortCode: null,
          keyword: null,
          reference: null,
          amount: 1000,
          refundedAmount: 300,
        }),
      );
      await store.refunds.insert({
        id: uid("re"),
        paymentId: credited.id,
        merchantId,
        amount: 300,
        currency: "EUR",
        status: "succeeded",
        method: "phone_credit",
        reason: null,
        idempotencyKey: null,
        requestHash: null,
        operatorRefundId: "op-1",
        failureCode: null,
        createdAt: T0,
        updatedAt: T0,
      });
      const reportId = uid("stl");
      await store.settlements.saveReport({
        id: reportId,
        provider: "generic",
        scope: merchantId,
        lines: 1,
        imported: 1,
        duplicates: 0,
        unmatched: 0,
        malformed: 0,
        createdAt: T0,
      });
      await store.settlements.insertLine({
        id: uid("sl"),
        reportId,
        provider: "generic",
        scope: merchantId,
        line: 2,
        lineId: uid("line"),
        kind: "sale",
        reference: { by: "payment", value: settled.id },
        gross: 450,
        operatorFee: 150,
        aggregatorFee: 50,
        net: 250,
        currency: "EUR",
        settledOn: "2026-08-31",
        paymentId: settled.id,
        merchantId,
        createdAt: T0,
      });
      await insert(payment(merchantId, { status: "failed" }));
      const groups = await store.dashboard.moneyGroups(query(merchantId));
      type Group = { flow: string; gross: number; settled: unknown };
      const byKey = (a: Group, b: Group) =>
        `${a.flow}${a.gross}`.localeCompare(`${b.flow}${b.gross}`) ||
        Number(Boolean(a.settled)) - Number(Boolean(b.settled));
      expect([...groups].sort(byKey)).toEqual([
        {
          flow: "otp",
          shortCode: null,
          currency: "EUR",
          payments: 1,
          amount: 1000,
          gross: 700,
          refunded: 300,
          settled: null,
        },
        {
          flow: "shortcode",
          shortCode: "81450",
          currency: "EUR",
          payments: 2,
          amount: 900,
          gross: 450,
          refunded: 0,
          settled: null,
        },
        {
          flow: "shortcode",
          shortCode: "81450",
          currency: "EUR",
          payments: 1,
          amount: 450,
          gross: 450,
          refunded: 0,
          settled: { operatorFee: 150, aggregatorFee: 50, net: 250 },
        },
      ]);
    });

    it("counts the checkout funnel's views, taps and payments per day", async () => {
      const merchantId = await newMerchant(store);
      const [p1, p2] = [await insert(payment(merchantId)), await insert(payment(merchantId))];
      for (const [p, type, when] of [
        [p1, "page_viewed", T0],
        [p1, "sms_link_tapped", at(60_000)],
        [p1, "paid", at(DAY)],
        [p2, "page_viewed", at(DAY)],
        [p2, "page_viewed", at(DAY + 5)],
      ] as const) {
        await store.checkoutEvents.record({ paymentId: p.id, merchantId, type, at: when });
      }
      expect(await store.dashboard.funnelDays(query(merchantId))).toEqual([
        { day: "2026-06-10", viewed: 1, tapped: 1, paid: 0 },
        { day: "2026-06-11", viewed: 1, tapped: 0, paid: 1 },
      ]);
    });
  });
}

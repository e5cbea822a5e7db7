// The contract every implementation of the core's storage ports runs (after
// Shopify's session-storage `batteryOfTests`): what each port method promises,
// including the races the payment flows rely on storage to settle.
//
//   describe.each(testDatabases())("PrismaStore on $kind", (database) => {
//     repositoryContract(async () => { const db = await database.open(); ... });
//   });
//
// Most tests share one store and keep apart through fresh ids; the outbox
// tests each get an empty store because a claim takes whatever is due.

import type { OtpChallenge, Payment, Store, Tariff } from "@smspay/core";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  digits,
  fixturesAt,
  HOOK_TIMEOUT_MS,
  newMerchant,
  openStoreForSuite,
  uid,
} from "./fixtures.ts";

export type ContractStore = {
  readonly store: Store;
  close(): Promise<void>;
};

export type ContractStoreFactory = () => Promise<ContractStore>;

const T0 = new Date("2026-03-14T09:00:00.000Z");
const { at, payment, outbound } = fixturesAt(T0);

function sorted<T>(values: readonly T[]): T[] {
  return [...values].sort();
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function repositoryContract(factory: ContractStoreFactory): void {
  let store: Store;
  openStoreForSuite(factory, (opened) => {
    store = opened;
  });

  describe("merchants", () => {
    it("creates a merchant with its limits as given and a creation time", async () => {
      const id = uid("mer");
      const limits = {
        EUR: { perTransaction: 30_00, monthly: 100_00 },
        GBP: { perTransaction: 10_00, monthly: 50_00 },
      };
      const created = await store.merchants.create({
        id,
        name: "Boulangerie",
        active: false,
        limits,
        carrierBilling: false,
      });
      expect(created).toEqual({
        id,
        name: "Boulangerie",
        active: false,
        limits,
        carrierBilling: false,
        createdAt: expect.any(Date),
      });
      expect(await store.merchants.get(id)).toEqual(created);
      expect((await store.merchants.list()).find((m) => m.id === id)).toEqual(created);
    });

    it("finds no unknown merchant", async () => {
      expect(await store.merchants.get(uid("mer"))).toBeUndefined();
    });
  });

  describe("api keys", () => {
    it("finds an active key by its hash, without the hash", async () => {
      const merchantId = await newMerchant(store);
      const key = {
        id: uid("key"),
        merchantId,
        name: "Production",
        prefix: "sk_live_ab",
        hash: uid("hash"),
      };
      await store.apiKeys.create(key);
      expect(await store.apiKeys.findActiveByHash(key.hash)).toEqual({
        id: key.id,
        merchantId,
        name: "Production",
        prefix: "sk_live_ab",
        createdAt: expect.any(Date),
        lastUsedAt: null,
        revokedAt: null,
      });
      expect(await store.apiKeys.findActiveByHash(uid("hash"))).toBeUndefined();
    });

    it("records when a key was last used", async () => {
      const merchantId = await newMerchant(store);
      const key = {
        id: uid("key"),
        merchantId,
        name: "CI",
        prefix: "sk_test_cd",
        hash: uid("hash"),
      };
      await store.apiKeys.create(key);
      await store.apiKeys.touch({ id: key.id, at: at(1000) });
      expect((await store.apiKeys.findActiveByHash(key.hash))?.lastUsedAt).toEqual(at(1000));
      await store.apiKeys.touch({ id: key.id, at: at(5000) });
      expect((await store.apiKeys.findActiveByHash(key.hash))?.lastUsedAt).toEqual(at(5000));
    });

    it("revokes a merchant's own key only, and ignores a revoked key", async () => {
      const merchantId = await newMerchant(store);
      const otherMerchant = await newMerchant(store);
      const key = {
        id: uid("key"),
        merchantId,
        name: "Old",
        prefix: "sk_live_ef",
        hash: uid("hash"),
      };
      await store.apiKeys.create(key);
      expect(await store.apiKeys.revoke({ id: key.id, merchantId: otherMerchant, at: at(0) })).toBe(
        false,
      );
      expect(await store.apiKeys.findActiveByHash(key.hash)).toMatchObject({ id: key.id });
      expect(await store.apiKeys.revoke({ id: key.id, merchantId, at: at(0) })).toBe(true);
      expect(await store.apiKeys.revoke({ id: key.id, merchantId, at: at(1) })).toBe(false);
      expect(await store.apiKeys.findActiveByHash(key.hash)).toBeUndefined();
      expect(await store.apiKeys.listForMerchant(merchantId)).toEqual([
        expect.objectContaining({ id: key.id, revokedAt: at(0), prefix: "sk_live_ef" }),
      ]);
      expect(await store.apiKeys.listForMerchant(otherMerchant)).toEqual([]);
    });
  });

  describe("short codes", () => {
    const tariff = (overrides: Partial<Tariff> = {}): Tariff => ({
      shortCode: digits(5),
      keyword: "PAY",
      amount: 450,
      currency: "EUR",
      country: "FR",
      transport: "sandbox",
      ...overrides,
    });

    it("lists a merchant's own tariffs and the shared ones, not other merchants'", async () => {
      const merchantId = await newMerchant(store);
      const otherId = await newMerchant(store);
      const own = tariff({ amount: 199 });
      const shared = tariff({ amount: 299, country: "BE", transport: "kannel" });
      const others = tariff({ amount: 399 });
      await store.shortCodes.upsert({ ...own, id: uid("sc"), merchantId });
      await store.shortCodes.upsert({ ...shared, id: uid("sc"), merchantId: null });
      await store.shortCodes.upsert({ ...others, id: uid("sc"), merchantId: otherId });
      const codes = new Set([own.shortCode, shared.shortCode, others.shortCode]);
      const listed = (await store.shortCodes.listForMerchant(merchantId)).filter((t) =>
        codes.has(t.shortCode),
      );
      expect(listed).toHaveLength(2);
      expect(listed).toEqual(expect.arrayContaining([own, shared]));
    });

    it("lists the merchant's own tariff before a shared one with the same price", async () => {
      const merchantId = await newMerchant(store);
      const shared = tariff({ amount: 777 });
      const own = tariff({ amount: 777 });
      await store.shortCodes.upsert({ ...shared, id: uid("sc"), merchantId: null });
      await store.shortCodes.upsert({ ...own, id: uid("sc"), merchantId });
      const listed = await store.shortCodes.listForMerchant(merchantId);
      const ownIndex = listed.findIndex((t) => t.shortCode === own.shortCode);
      const sharedIndex = listed.findIndex((t) => t.shortCode === shared.shortCode);
      expect(ownIndex).toBeGreaterThanOrEqual(0);
      expect(sharedIndex).toBeGreaterThan(ownIndex);
    });

    it("gives the distinct keywords of one short code", async () => {
      const code = digits(6);
      await store.shortCodes.upsert({
        ...tariff({ shortCode: code, keyword: "PAY" }),
        id: uid("sc"),
        merchantId: null,
      });
      await store.shortCodes.upsert({
        ...tariff({ shortCode: code, keyword: "DON" }),
        id: uid("sc"),
        merchantId: null,
      });
      await store.shortCodes.upsert({
        ...tariff({ keyword: "OTHER" }),
        id: uid("sc"),
        merchantId: null,
      });
      expect(sorted(await store.shortCodes.keywordsFor(code))).toEqual(["DON", "PAY"]);
      expect(await store.shortCodes.keywordsFor(digits(8))).toEqual([]);
    });

    it("upserts a (short code, keyword) in place", async () => {
      const merchantId = await newMerchant(store);
      const first = tariff({ amount: 100 });
      await store.shortCodes.upsert({ ...first, id: uid("sc"), merchantId });
      await store.shortCodes.upsert({ ...first, id: uid("sc"), merchantId });
      const changed = { ...first, amount: 150, transport: "kannel" };
      await store.shortCodes.upsert({ ...changed, id: uid("sc"), merchantId });
      const listed = (await store.shortCodes.listForMerchant(merchantId)).filter(
        (t) => t.shortCode === first.shortCode,
      );
      expect(listed).toEqual([changed]);
    });
  });

  describe("payments", () => {
    let merchantId: string;
    beforeAll(async () => {
      merchantId = await newMerchant(store);
    });

    it("stores a payment and reads it back field for field", async () => {
      const p = payment(merchantId, {
        flow: "otp",
        description: "Croissants x3",
        cancelUrl: "https://shop.example/cancel",
        customerEmail: "ada@example.com",
        customerLocale: "fr",
        phoneHash: "phone-hash",
        phoneCipher: "phone-cipher",
        phoneLast4: "5678",
        metadata: { cart: "c-1", note: 'deliver "today" \u00e0 midi' },
        shortCode: null,
        keyword: null,
        reference: null,
        test: true,
        idempotencyKey: uid("idem"),
        requestHash: "req-hash",
        refundedAmount: 5,
        failureCode: "none",
        succeededAt: at(60_000),
        updatedAt: at(1),
      });
      expect(await store.payments.insert(p)).toBe("inserted");
      expect(await store.payments.get({ merchantId, id: p.id })).toEqual(p);
      // The timeline starts with the creation, in the same statement.
      expect(await store.payments.events(p.id)).toEqual([
        {
          type: "created",
          at: p.createdAt,
          data: { amount: p.amount, currency: p.currency, flow: p.flow },
        },
      ]);
      expect(await store.payments.getById(p.id)).toEqual(p);
      expect(
        await store.payments.findByIdempotencyKey({ merchantId, key: p.idempotencyKey ?? "" }),
      ).toEqual(p);
    });

    it("keeps a payment from other merchants and finds no unknown one", async () => {
      const p = payment(merchantId, { idempotencyKey: uid("idem") });
      await store.payments.insert(p);
      const otherId = await newMerchant(store);
      expect(await store.payments.get({ merchantId: otherId, id: p.id })).toBeUndefined();
      expect(
        await store.payments.findByIdempotencyKey({
          merchantId: otherId,
          key: p.idempotencyKey ?? "",
        }),
      ).toBeUndefined();
      expect(await store.payments.getById(uid("pay"))).toBeUndefined();
      expect(
        await store.payments.findByIdempotencyKey({ merchantId, key: uid("idem") }),
      ).toBeUndefined();
    });

    describe("insert", () => {
      it("refuses a second payment with the same idempotency key for the merchant", async () => {
        const key = uid("idem");
        const first = payment(merchantId, { idempotencyKey: key });
        expect(await store.payments.insert(first)).toBe("inserted");
        expect(await store.payments.insert(payment(merchantId, { idempotencyKey: key }))).toBe(
          "idempotency_key_taken",
        );
        expect(await store.payments.findByIdempotencyKey({ merchantId, key })).toEqual(first);
        // Keys are per merchant.
        const otherId = await newMerchant(store);
        expect(await store.payments.insert(payment(otherId, { idempotencyKey: key }))).toBe(
          "inserted",
        );
      });

      it("refuses a live payment whose reference is live on the same short code", async () => {
        const first = payment(merchantId);
        expect(await store.payments.insert(first)).toBe("inserted");
        const clash = payment(merchantId, {
          shortCode: first.shortCode,
          reference: first.reference,
          idempotencyKey: uid("idem"),
        });
        expect(await store.payments.insert(clash)).toBe("reference_taken");
        expect(await store.payments.getById(clash.id)).toBeUndefined();
        // Another short code, or another reference, is free.
        expect(
          await store.payments.insert(payment(merchantId, { reference: first.reference })),
        ).toBe("inserted");
        expect(
          await store.payments.insert(payment(merchantId, { shortCode: first.shortCode })),
        ).toBe("inserted");
      });

      it("refuses a reference held by a processing payment too", async () => {
        const first = payment(merchantId, { status: "processing" });
        expect(await store.payments.insert(first)).toBe("inserted");
        const clash = payment(merchantId, {
          shortCode: first.shortCode,
          reference: first.reference,
        });
        expect(await store.payments.insert(clash)).toBe("reference_taken");
      });

      it("reports the idempotency key when both the key and the reference are taken", async () => {
        const first = payment(merchantId, { idempotencyKey: uid("idem") });
        await store.payments.insert(first);
        const again = payment(merchantId, {
          idempotencyKey: first.idempotencyKey,
          shortCode: first.shortCode,
          reference: first.reference,
        });
        expect(await store.payments.insert(again)).toBe("idempotency_key_taken");
      });

      it("lets payments without a short code or an idempotency key coexist", async () => {
        const otp = {
          shortCode: null,
          keyword: null,
          reference: null,
          idempotencyKey: null,
          flow: "otp",
        } as const;
        expect(await store.payments.insert(payment(merchantId, otp))).toBe("inserted");
        expect(await store.payments.insert(payment(merchantId, otp))).toBe("inserted");
      });

      it("reuses a reference once the payment holding it is no longer live", async () => {
        const first = payment(merchantId);
        await store.payments.insert(first);
        expect(
          await store.payments.setStatus({
            id: first.id,
            from: "pending",
            to: "expired",
            at: at(1000),
          }),
        ).toBe(true);
        const second = payment(merchantId, {
          shortCode: first.shortCode,
          reference: first.reference,
          createdAt: at(2000),
        });
        expect(await store.payments.insert(second)).toBe("inserted");
        // ...and a finished payment may share it with any number of others.
        const finished = payment(merchantId, {
          shortCode: first.shortCode,
          reference: first.reference,
          status: "failed",
        });
        expect(await store.payments.insert(finished)).toBe("inserted");
      });

      it("leaves the surrounding transaction usable after a refusal", async () => {
        const first = payment(merchantId, { idempotencyKey: uid("idem") });
        await store.payments.insert(first);
        const later = payment(merchantId);
        const results = await store.transaction(async (tx) => [
          await tx.payments.insert(
            payment(merchantId, { shortCode: first.shortCode, reference: first.reference }),
          ),
          await tx.payments.insert(payment(merchantId, { idempotencyKey: first.idempotencyKey })),
          await tx.payments.insert(later),
        ]);
        expect(results).toEqual(["reference_taken", "idempotency_key_taken", "inserted"]);
        expect(await store.payments.getById(later.id)).toEqual(later);
      });

      it("lets exactly one of concurrent inserts with the same idempotency key through", async () => {
        const key = uid("idem");
        const attempts = Array.from({ length: 12 }, () =>
          payment(merchantId, { idempotencyKey: key }),
        );
        const results = await Promise.all(attempts.map((p) => store.payments.insert(p)));
        expect(results.filter((r) => r === "inserted")).toHaveLength(1);
        expect(results.filter((r) => r === "idempotency_key_taken")).toHaveLength(
          attempts.length - 1,
        );
        const winner = attempts[results.indexOf("inserted")];
        expect(await store.payments.findByIdempotencyKey({ merchantId, key })).toEqual(winner);
        // The refused inserts wrote no timeline either.
        for (const attempt of attempts) {
          expect(await store.payments.events(attempt.id)).toHaveLength(attempt === winner ? 1 : 0);
        }
      });

      it("lets exactly one of concurrent inserts with the same live reference through", async () => {
        const template = payment(merchantId);
        const attempts = Array.from({ length: 12 }, () =>
          payment(merchantId, {
            shortCode: template.shortCode,
            reference: template.reference,
            idempotencyKey: uid("idem"),
          }),
        );
        const results = await Promise.all(attempts.map((p) => store.payments.insert(p)));
        expect(results.filter((r) => r === "inserted")).toHaveLength(1);
        expect(results.filter((r) => r === "reference_taken")).toHaveLength(attempts.length - 1);
      });
    });

    describe("lock", () => {
      it("reads the payment, or nothing for an unknown id", async () => {
        const p = payment(merchantId);
        await store.payments.insert(p);
        expect(await store.transaction((tx) => tx.payments.lock(p.id))).toEqual(p);
        expect(await store.transaction((tx) => tx.payments.lock(uid("pay")))).toBeUndefined();
      });

      it("serializes read-modify-write cycles on one payment", async () => {
        const p = payment(merchantId, { status: "succeeded" });
        await store.payments.insert(p);
        const rounds = 20;
        await Promise.all(
          Array.from({ length: rounds }, (_, i) =>
            store.transaction(async (tx) => {
              const current = await tx.payments.lock(p.id);
              if (!current) throw new Error("payment vanished");
              // Yield between read and write: without the row lock, others read the same value.
              await sleep(1);
              await tx.payments.update({
                id: p.id,
                changes: { refundedAmount: current.refundedAmount + 1 },
                at: at(i),
              });
            }),
          ),
        );
        expect((await store.payments.getById(p.id))?.refundedAmount).toBe(rounds);
      });

      it("finds the live payment holding a reference before any finished one", async () => {
        const shortCode = digits(5);
        const reference = digits(6);
        const live = payment(merchantId, { shortCode, reference, createdAt: at(1000) });
        const newerFinished = payment(merchantId, {
          shortCode,
          reference,
          status: "failed",
          createdAt: at(5000),
        });
        const olderFinished = payment(merchantId, {
          shortCode,
          reference,
          status: "expired",
          createdAt: at(0),
        });
        for (const p of [olderFinished, live, newerFinished])
          expect(await store.payments.insert(p)).toBe("inserted");
        const found = await store.transaction((tx) =>
          tx.payments.lockByReference({ shortCode, reference }),
        );
        expect(found).toEqual(live);
      });

      it("falls back to the most recent payment with the reference when none is live", async () => {
        const shortCode = digits(5);
        const reference = digits(6);
        const older = payment(merchantId, {
          shortCode,
          reference,
          status: "succeeded",
          createdAt: at(1000),
        });
        const newer = payment(merchantId, {
          shortCode,
          reference,
          status: "expired",
          createdAt: at(9000),
        });
        await store.payments.insert(newer);
        await store.payments.insert(older);
        expect(
          await store.transaction((tx) => tx.payments.lockByReference({ shortCode, reference })),
        ).toEqual(newer);
        expect(
          await store.transaction((tx) =>
            tx.payments.lockByReference({ shortCode: digits(5), reference }),
          ),
        ).toBeUndefined();
        expect(
          await store.transaction((tx) =>
            tx.payments.lockByReference({ shortCode, reference: digits(6) }),
          ),
        ).toBeUndefined();
      });
    });

    describe("setStatus", () => {
      it("moves the status, applies the changes and stamps the time", async () => {
        const p = payment(merchantId);
        await store.payments.insert(p);
        const moved = await store.payments.setStatus({
          id: p.id,
          from: "pending",
          to: "processing",
          changes: { phoneHash: "h", phoneCipher: "c", phoneLast4: "1234" },
          at: at(30_000),
        });
        expect(moved).toBe(true);
        expect(await store.payments.getById(p.id)).toEqual({
          ...p,
          status: "processing",
          phoneHash: "h",
          phoneCipher: "c",
          phoneLast4: "1234",
          updatedAt: at(30_000),
        });
        expect(
          await store.payments.setStatus({
            id: p.id,
            from: "processing",
            to: "succeeded",
            changes: { succeededAt: at(40_000) },
            at: at(40_000),
          }),
        ).toBe(true);
        const done = await store.payments.getById(p.id);
        expect(done?.status).toBe("succeeded");
        expect(done?.succeededAt).toEqual(at(40_000));
      });

      it("changes nothing when the stored status is no longer the expected one", async () => {
        const p = payment(merchantId);
        await store.payments.insert(p);
        const moved = await store.payments.setStatus({
          id: p.id,
          from: "processing",
          to: "failed",
          changes: { failureCode: "blocked" },
          at: at(1000),
        });
        expect(moved).toBe(false);
        expect(await store.payments.getById(p.id)).toEqual(p);
        expect(
          await store.payments.setStatus({
            id: uid("pay"),
            from: "pending",
            to: "expired",
            at: at(1000),
          }),
        ).toBe(false);
      });

      it("lets exactly one of concurrent identical moves win", async () => {
        const p = payment(merchantId);
        await store.payments.insert(p);
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.payments.setStatus({ id: p.id, from: "pending", to: "canceled", at: at(i) }),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await store.payments.getById(p.id))?.status).toBe("canceled");
      });
    });

    it("updates fields without touching the status", async () => {
      const p = payment(merchantId, { status: "succeeded" });
      await store.payments.insert(p);
      await store.payments.update({
        id: p.id,
        changes: { refundedAmount: 200, failureCode: "x" },
        at: at(7000),
      });
      expect(await store.payments.getById(p.id)).toEqual({
        ...p,
        refundedAmount: 200,
        failureCode: "x",
        updatedAt: at(7000),
      });
    });

    it("keeps a payment's timeline in the order it was written", async () => {
      const p = payment(merchantId, { createdAt: at(0) });
      await store.payments.insert(p);
      await store.payments.appendEvent({
        paymentId: p.id,
        type: "processing",
        data: { from: "pending", nested: { ok: true, list: [1, "two"] } },
        at: at(10),
      });
      // Same time: the writing order decides.
      await store.payments.appendEvent({ paymentId: p.id, type: "mt_sent", data: {}, at: at(10) });
      expect(await store.payments.events(p.id)).toEqual([
        { type: "created", data: { amount: 450, currency: "EUR", flow: "shortcode" }, at: at(0) },
        {
          type: "processing",
          data: { from: "pending", nested: { ok: true, list: [1, "two"] } },
          at: at(10),
        },
        { type: "mt_sent", data: {}, at: at(10) },
      ]);
      expect(await store.payments.events(uid("pay"))).toEqual([]);
    });

    describe("list", () => {
      it("pages newest first, with ties on the creation time broken by id", async () => {
        const listMerchant = await newMerchant(store);
        const times = [0, 1000, 1000, 1000, 2000, 3000, 3000];
        const payments = times.map((t) =>
          payment(listMerchant, { createdAt: at(t), updatedAt: at(t) }),
        );
        // Inserted in shuffled order: the order comes from the data.
        for (const p of [...payments].reverse()) await store.payments.insert(p);
        const expected = [...payments].sort(
          (a, b) =>
            b.createdAt.getTime() - a.createdAt.getTime() ||
            (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
        );

        const pages: Payment[][] = [];
        let after: { createdAt: Date; id: string } | undefined;
        for (;;) {
          const page = await store.payments.list({
            merchantId: listMerchant,
            limit: 2,
            ...(after ? { after } : {}),
          });
          if (page.length === 0) break;
          pages.push(page);
          const last = page[page.length - 1];
          if (!last) break;
          after = { createdAt: last.createdAt, id: last.id };
        }
        expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 1]);
        expect(pages.flat()).toEqual(expected);
      });

      it("filters by status and keeps to the merchant", async () => {
        const listMerchant = await newMerchant(store);
        const pending = payment(listMerchant, { createdAt: at(0) });
        const failed = payment(listMerchant, { status: "failed", createdAt: at(1) });
        await store.payments.insert(pending);
        await store.payments.insert(failed);
        await store.payments.insert(payment(await newMerchant(store)));
        expect(await store.payments.list({ merchantId: listMerchant, limit: 10 })).toEqual([
          failed,
          pending,
        ]);
        expect(
          await store.payments.list({ merchantId: listMerchant, status: "pending", limit: 10 }),
        ).toEqual([pending]);
        expect(
          await store.payments.list({ merchantId: listMerchant, status: "succeeded", limit: 10 }),
        ).toEqual([]);
        expect(await store.payments.list({ merchantId: listMerchant, limit: 1 })).toEqual([failed]);
      });
    });

    it("lists pending payments whose time is up, oldest first", async () => {
      // Far in the past, so payments of other tests are never due.
      const base = new Date("1999-06-01T00:00:00.000Z").getTime();
      const due = (ms: number) => new Date(base + ms);
      const late2 = payment(merchantId, { expiresAt: due(2000) });
      const late1 = payment(merchantId, { expiresAt: due(1000) });
      const exactlyNow = payment(merchantId, { expiresAt: due(3000) });
      const notYet = payment(merchantId, { expiresAt: due(3001) });
      const processing = payment(merchantId, { status: "processing", expiresAt: due(0) });
      const canceled = payment(merchantId, { status: "canceled", expiresAt: due(0) });
      for (const p of [late2, late1, exactlyNow, notYet, processing, canceled])
        await store.payments.insert(p);
      const now = due(3000);
      expect(await store.payments.expiredPending({ now, limit: 10 })).toEqual([
        late1.id,
        late2.id,
        exactlyNow.id,
      ]);
      expect(await store.payments.expiredPending({ now, limit: 2 })).toEqual([late1.id, late2.id]);
    });
  });

  describe("inbound messages", () => {
    const message = (overrides: { transport?: string; providerMessageId?: string } = {}) => ({
      id: uid("in"),
      transport: overrides.transport ?? "kannel",
      providerMessageId: overrides.providerMessageId ?? uid("prov"),
      kind: "mo" as const,
      fromHash: "from-hash",
      to: "84500",
      text: "PAY 123456",
      paymentId: null,
      at: T0,
    });

    it("records a message once per transport and provider id", async () => {
      const first = message();
      expect(await store.inbound.record(first)).toBe(true);
      expect(
        await store.inbound.record({ ...message(), providerMessageId: first.providerMessageId }),
      ).toBe(false);
      expect(
        await store.inbound.record(
          message({ transport: "twilio", providerMessageId: first.providerMessageId }),
        ),
      ).toBe(true);
    });

    it("lets exactly one of concurrent duplicates count", async () => {
      const providerMessageId = uid("prov");
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          i % 2 === 0
            ? store.inbound.record(message({ providerMessageId }))
            : store.transaction((tx) => tx.inbound.record(message({ providerMessageId }))),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it("attaches a payment to a recorded message", async () => {
      const merchantId = await newMerchant(store);
      const p = payment(merchantId);
      await store.payments.insert(p);
      const m = message();
      await store.inbound.record(m);
      await expect(
        store.inbound.attachPayment({ id: m.id, paymentId: p.id }),
      ).resolves.toBeUndefined();
    });
  });

  describe("outbound messages", () => {
    it("stores a message and reads it back", async () => {
      const merchantId = await newMerchant(store);
      const p = payment(merchantId);
      await store.payments.insert(p);
      const mt = outbound({
        merchantId,
        paymentId: p.id,
        purpose: "billed_confirmation",
        billedAmount: 450,
        currency: "EUR",
        text: "Merci ! 4,50 \u20ac",
      });
      await store.outbound.create(mt);
      expect(await store.outbound.get(mt.id)).toEqual(mt);
      expect(await store.outbound.get(uid("mt"))).toBeUndefined();
    });

    it("marks a message sent and finds it by the provider's id", async () => {
      const mt = outbound();
      await store.outbound.create(mt);
      await store.outbound.markSent({ id: mt.id, providerMessageId: "prov-1", at: at(500) });
      const sent = { ...mt, status: "sent", providerMessageId: "prov-1", sentAt: at(500) };
      expect(await store.outbound.get(mt.id)).toEqual(sent);
      expect(
        await store.outbound.findByProviderId({
          transport: mt.transport,
          providerMessageId: "prov-1",
        }),
      ).toEqual(sent);
      expect(
        await store.outbound.findByProviderId({ transport: uid("t"), providerMessageId: "prov-1" }),
      ).toBeUndefined();
    });

    it("keeps a delivery receipt that arrived before the send was recorded", async () => {
      const mt = outbound();
      await store.outbound.create(mt);
      await store.outbound.setStatus({ id: mt.id, status: "delivered" });
      await store.outbound.markSent({ id: mt.id, providerMessageId: "prov-2", at: at(500) });
      expect(await store.outbound.get(mt.id)).toEqual({
        ...mt,
        status: "delivered",
        providerMessageId: "prov-2",
        sentAt: at(500),
      });
    });

    it("sets the delivery status and lists a payment's messages in creation order", async () => {
      const merchantId = await newMerchant(store);
      const p = payment(merchantId);
      await store.payments.insert(p);
      const pin = outbound({ paymentId: p.id, purpose: "pin", createdAt: at(0) });
      const receipt = outbound({ paymentId: p.id, purpose: "receipt", createdAt: at(1000) });
      await store.outbound.create(receipt);
      await store.outbound.create(pin);
      await store.outbound.create(outbound());
      await store.outbound.setStatus({ id: pin.id, status: "failed" });
      expect(await store.outbound.listForPayment(p.id)).toEqual([
        { ...pin, status: "failed" },
        receipt,
      ]);
      expect(await store.outbound.listForPayment(uid("pay"))).toEqual([]);
    });
  });

  describe("effects (outbox)", () => {
    // A claim takes whatever is due: each test starts from an empty store.
    let own: ContractStore;
    let effects: Store["effects"];
    beforeEach(async () => {
      own = await factory();
      effects = own.store.effects;
    }, HOOK_TIMEOUT_MS);
    afterEach(() => own.close(), HOOK_TIMEOUT_MS);

    const enqueue = async (runAt: Date, paymentId: string | null = null) => {
      const id = uid("eff");
      await effects.enqueue({
        id,
        kind: "send_mt",
        payload: { outboundMessageId: `mt_${id}` },
        paymentId,
        runAt,
      });
      return id;
    };

    it("claims due effects only, up to the limit, earliest first, counting the attempt", async () => {
      const merchantId = await newMerchant(own.store);
      const p = payment(merchantId);
      await own.store.payments.insert(p);
      const second = await enqueue(at(2000));
      const first = await enqueue(at(1000), p.id);
      const third = await enqueue(at(3000));
      await enqueue(at(3001));
      const claimed = await effects.claim({ now: at(3000), limit: 2, leaseMs: 60_000 });
      expect(claimed).toEqual(
        expect.arrayContaining([
          {
            id: first,
            kind: "send_mt",
            payload: { outboundMessageId: `mt_${first}` },
            paymentId: p.id,
            attempts: 1,
          },
          {
            id: second,
            kind: "send_mt",
            payload: { outboundMessageId: `mt_${second}` },
            paymentId: null,
            attempts: 1,
          },
        ]),
      );
      expect(claimed).toHaveLength(2);
      expect(
        (await effects.claim({ now: at(3000), limit: 10, leaseMs: 60_000 })).map((e) => e.id),
      ).toEqual([third]);
      expect(await effects.claim({ now: at(3000), limit: 10, leaseMs: 60_000 })).toEqual([]);
    });

    it("makes a claimed effect due again when its lease ends", async () => {
      const id = await enqueue(at(0));
      expect(
        (await effects.claim({ now: at(0), limit: 10, leaseMs: 30_000 })).map((e) => e.attempts),
      ).toEqual([1]);
      expect(await effects.claim({ now: at(29_999), limit: 10, leaseMs: 30_000 })).toEqual([]);
      const again = await effects.claim({ now: at(30_000), limit: 10, leaseMs: 30_000 });
      expect(again.map((e) => [e.id, e.attempts])).toEqual([[id, 2]]);
    });

    it("never claims a completed effect again", async () => {
      const id = await enqueue(at(0));
      await effects.claim({ now: at(0), limit: 10, leaseMs: 1000 });
      await effects.complete({ id, at: at(10) });
      expect(await effects.claim({ now: at(3_600_000), limit: 10, leaseMs: 1000 })).toEqual([]);
    });

    it("retries an effect at the time given", async () => {
      const id = await enqueue(at(0));
      await effects.claim({ now: at(0), limit: 10, leaseMs: 1000 });
      await effects.retryLater({ id, runAt: at(60_000), error: "provider timeout" });
      // The retry time replaces the lease, earlier or later.
      expect(await effects.claim({ now: at(59_999), limit: 10, leaseMs: 1000 })).toEqual([]);
      const retried = await effects.claim({ now: at(60_000), limit: 10, leaseMs: 1000 });
      expect(retried.map((e) => [e.id, e.attempts])).toEqual([[id, 2]]);
      await effects.retryLater({ id, runAt: at(60_500), error: "again" });
      expect(
        (await effects.claim({ now: at(60_500), limit: 10, leaseMs: 1000 })).map((e) => e.attempts),
      ).toEqual([3]);
    });

    it("never claims a buried effect again", async () => {
      const id = await enqueue(at(0));
      await effects.claim({ now: at(0), limit: 10, leaseMs: 1000 });
      await effects.bury({ id, error: "gave up", at: at(5) });
      expect(await effects.claim({ now: at(3_600_000), limit: 10, leaseMs: 1000 })).toEqual([]);
    });

    it("never hands one effect to two concurrent claimers", async () => {
      const ids = await Promise.all(Array.from({ length: 24 }, (_, i) => enqueue(at(i))));
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          i % 2 === 0
            ? effects.claim({ now: at(1000), limit: 5, leaseMs: 60_000 })
            : own.store.transaction((tx) =>
                tx.effects.claim({ now: at(1000), limit: 5, leaseMs: 60_000 }),
              ),
        ),
      );
      const claimed = claims.flat().map((e) => e.id);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(sorted(claimed)).toEqual(sorted(ids));
      expect(claims.flat().every((e) => e.attempts === 1)).toBe(true);
    });

    it("passes over effects another worker is still claiming", async () => {
      const ids = await Promise.all(Array.from({ length: 4 }, (_, i) => enqueue(at(i))));
      let otherDone: Promise<string[]> = Promise.resolve([]);
      const held = await own.store.transaction(async (tx) => {
        const mine = await tx.effects.claim({ now: at(1000), limit: 2, leaseMs: 60_000 });
        // Another worker claims while this transaction still holds its rows.
        // (Where transactions serialize, as on a single connection, it runs after the commit.)
        otherDone = effects
          .claim({ now: at(1000), limit: 4, leaseMs: 60_000 })
          .then((e) => e.map((x) => x.id));
        await Promise.race([otherDone, sleep(200)]);
        return mine.map((e) => e.id);
      });
      const other = await otherDone;
      expect(held).toHaveLength(2);
      expect(other).toHaveLength(2);
      expect(sorted([...held, ...other])).toEqual(sorted(ids));
    });
  });

  describe("monthly spend", () => {
    const key = () => ({
      merchantId: uid("mer"),
      phoneHash: uid("phone"),
      period: "2026-03",
      currency: "EUR",
    });

    it("reserves up to the cap and no further", async () => {
      const k = key();
      expect(await store.spend.spent(k)).toBe(0);
      expect(await store.spend.reserve({ ...k, amount: 200_00, cap: 300_00 })).toBe(true);
      expect(await store.spend.reserve({ ...k, amount: 100_01, cap: 300_00 })).toBe(false);
      expect(await store.spend.spent(k)).toBe(200_00);
      expect(await store.spend.reserve({ ...k, amount: 100_00, cap: 300_00 })).toBe(true);
      expect(await store.spend.spent(k)).toBe(300_00);
      expect(await store.spend.reserve({ ...k, amount: 1, cap: 300_00 })).toBe(false);
      expect(await store.spend.spent(k)).toBe(300_00);
    });

    it("refuses a first reservation larger than the cap", async () => {
      const k = key();
      expect(await store.spend.reserve({ ...k, amount: 301_00, cap: 300_00 })).toBe(false);
      expect(await store.spend.spent(k)).toBe(0);
      expect(await store.spend.reserve({ ...k, amount: 300_00, cap: 300_00 })).toBe(true);
    });

    it("keeps periods, currencies, phones and merchants apart", async () => {
      const k = key();
      await store.spend.reserve({ ...k, amount: 300_00, cap: 300_00 });
      for (const other of [
        { ...k, period: "2026-04" },
        { ...k, currency: "GBP" },
        { ...k, phoneHash: uid("phone") },
        { ...k, merchantId: uid("mer") },
      ]) {
        expect(await store.spend.spent(other)).toBe(0);
        expect(await store.spend.reserve({ ...other, amount: 300_00, cap: 300_00 })).toBe(true);
      }
    });

    it("never passes the cap under 50 concurrent reservations", async () => {
      const k = key();
      const amount = 7_00;
      const cap = 300_00;
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          i % 2 === 0
            ? store.spend.reserve({ ...k, amount, cap })
            : store.transaction((tx) => tx.spend.reserve({ ...k, amount, cap })),
        ),
      );
      const granted = Math.floor(cap / amount);
      expect(results.filter(Boolean)).toHaveLength(granted);
      expect(await store.spend.spent(k)).toBe(granted * amount);
    });

    it("releases a reservation, never below zero", async () => {
      const k = key();
      await store.spend.reserve({ ...k, amount: 250_00, cap: 300_00 });
      await store.spend.release({ ...k, amount: 100_00 });
      expect(await store.spend.spent(k)).toBe(150_00);
      expect(await store.spend.reserve({ ...k, amount: 150_00, cap: 300_00 })).toBe(true);
      await store.spend.release({ ...k, amount: 999_00 });
      expect(await store.spend.spent(k)).toBe(0);
      const unknown = key();
      await store.spend.release({ ...unknown, amount: 5_00 });
      expect(await store.spend.spent(unknown)).toBe(0);
    });
  });

  describe("OTP challenges", () => {
    const challenge = (paymentId: string, overrides: Partial<OtpChallenge> = {}): OtpChallenge => ({
      paymentId,
      phoneHash: "phone-hash",
      phoneCipher: "phone-cipher",
      pinHash: "pin-hash",
      attempts: 0,
      sends: 1,
      lastSentAt: at(0),
      expiresAt: at(300_000),
      verifiedAt: null,
      ...overrides,
    });

    it("saves a challenge and replaces it on the next save", async () => {
      const merchantId = await newMerchant(store);
      const p = payment(merchantId, {
        flow: "otp",
        shortCode: null,
        keyword: null,
        reference: null,
      });
      await store.payments.insert(p);
      const first = challenge(p.id);
      await store.otp.save(first);
      expect(await store.otp.get(p.id)).toEqual(first);
      const second = challenge(p.id, {
        phoneHash: "other-hash",
        phoneCipher: "other-cipher",
        pinHash: "other-pin",
        attempts: 2,
        sends: 2,
        lastSentAt: at(40_000),
        expiresAt: at(340_000),
        verifiedAt: at(50_000),
      });
      await store.otp.save(second);
      expect(await store.otp.get(p.id)).toEqual(second);
      expect(await store.otp.get(uid("pay"))).toBeUndefined();
    });
  });

  describe("transactions", () => {
    it("commits the work and returns its result", async () => {
      const merchantId = await newMerchant(store);
      const p = payment(merchantId);
      const result = await store.transaction(async (tx) => {
        await tx.payments.insert(p);
        await tx.payments.appendEvent({ paymentId: p.id, type: "processing", data: {}, at: T0 });
        // The transaction reads its own writes.
        return tx.payments.getById(p.id);
      });
      expect(result).toEqual(p);
      expect(await store.payments.getById(p.id)).toEqual(p);
      expect((await store.payments.events(p.id)).map((e) => e.type)).toEqual([
        "created",
        "processing",
      ]);
    });

    it("writes nothing when the work throws", async () => {
      const merchantId = await newMerchant(store);
      const existing = payment(merchantId);
      await store.payments.insert(existing);
      const p = payment(merchantId);
      const mt = outbound({ paymentId: p.id });
      const inbound = {
        id: uid("in"),
        transport: "kannel",
        providerMessageId: uid("prov"),
        kind: "mo" as const,
        fromHash: null,
        to: null,
        text: null,
        paymentId: null,
        at: T0,
      };
      const spendKey = { merchantId, phoneHash: uid("phone"), period: "2026-03", currency: "EUR" };
      const failure = new Error("boom");
      await expect(
        store.transaction(async (tx) => {
          await tx.payments.insert(p);
          await tx.payments.appendEvent({ paymentId: p.id, type: "created", data: {}, at: T0 });
          await tx.payments.setStatus({
            id: existing.id,
            from: "pending",
            to: "canceled",
            at: at(1),
          });
          await tx.inbound.record(inbound);
          await tx.outbound.create(mt);
          await tx.spend.reserve({ ...spendKey, amount: 100, cap: 1000 });
          await tx.otp.save({
            paymentId: p.id,
            phoneHash: "h",
            phoneCipher: "c",
            pinHash: "p",
            attempts: 0,
            sends: 1,
            lastSentAt: T0,
            expiresAt: T0,
            verifiedAt: null,
          });
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await store.payments.getById(p.id)).toBeUndefined();
      expect(await store.payments.events(p.id)).toEqual([]);
      expect(await store.payments.getById(existing.id)).toEqual(existing);
      expect(await store.outbound.get(mt.id)).toBeUndefined();
      expect(await store.spend.spent(spendKey)).toBe(0);
      expect(await store.otp.get(p.id)).toBeUndefined();
      // The inbound message was not recorded, so its redelivery counts.
      expect(await store.inbound.record(inbound)).toBe(true);
    });

    it(
      "writes nothing of an effect enqueued in a failed transaction",
      async () => {
        const own = await factory();
        try {
          await expect(
            own.store.transaction(async (tx) => {
              await tx.effects.enqueue({
                id: uid("eff"),
                kind: "charge",
                payload: { paymentId: "x" },
                paymentId: null,
                runAt: T0,
              });
              throw new Error("boom");
            }),
          ).rejects.toThrow("boom");
          expect(
            await own.store.effects.claim({ now: at(1000), limit: 10, leaseMs: 1000 }),
          ).toEqual([]);
        } finally {
          await own.close();
        }
      },
      HOOK_TIMEOUT_MS,
    );
  });
}

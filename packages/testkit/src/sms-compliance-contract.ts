// The storage behind SMS compliance, pinned for every database: the opt-out
// registry (STOP/START), publisher identities (HELP/CONTACT), notifications
// (one reminder per payment, idempotency keys) and the OTP abuse guard's
// sliding windows, whose atomicity under concurrent senders is the point.
//
//   describe.each(testDatabases())("on $kind", (database) => {
//     smsComplianceContract(async () => { ... });
//   });

import { randomBytes } from "node:crypto";
import type { NotificationRecord, OtpSendSubject, OtpWindow, Store } from "@smspay/core";
import { describe, expect, it } from "vitest";
import { fixturesAt, newMerchant, openStoreForSuite, uid } from "./fixtures.ts";
import type { ContractStoreFactory } from "./repository-contract.ts";

const T0 = new Date("2026-05-04T10:00:00.000Z");
const { outbound } = fixturesAt(T0);
const at = (offsetSeconds: number): Date => new Date(T0.getTime() + offsetSeconds * 1000);
const code = (): string => String(10_000 + (randomBytes(2).readUInt16BE() % 89_999));

export function smsComplianceContract(factory: ContractStoreFactory): void {
  let store: Store;
  openStoreForSuite(factory, (opened) => {
    store = opened;
  });

  describe("opt-outs", () => {
    it("silences the short code the phone opted out of, and only that one", async () => {
      const phoneHash = uid("ph");
      const [stopped, other] = [code(), code()];
      await store.optOuts.add({ phoneHash, shortCode: stopped, at: T0 });
      expect(await store.optOuts.isOptedOut({ phoneHash, shortCodes: [stopped] })).toBe(true);
      expect(await store.optOuts.isOptedOut({ phoneHash, shortCodes: [other] })).toBe(false);
      expect(await store.optOuts.isOptedOut({ phoneHash, shortCodes: [other, stopped] })).toBe(
        true,
      );
      expect(await store.optOuts.isOptedOut({ phoneHash: uid("ph"), shortCodes: [stopped] })).toBe(
        false,
      );
    });

    it("silences every code after an all-codes opt-out", async () => {
      const phoneHash = uid("ph");
      await store.optOuts.add({ phoneHash, shortCode: null, at: T0 });
      expect(await store.optOuts.isOptedOut({ phoneHash, shortCodes: [code()] })).toBe(true);
      expect(await store.optOuts.isOptedOut({ phoneHash, shortCodes: [] })).toBe(true);
    });

    it("takes a repeated STOP as the same opt-out", async () => {
      const phoneHash = uid("ph");
      const shortCode = code();
      await store.optOuts.add({ phoneHash, shortCode, at: T0 });
      await store.optOuts.add({ phoneHash, shortCode, at: at(60) });
      expect(await store.optOuts.remove({ phoneHash, shortCode })).toBe(true);
      expect(await store.optOuts.isOptedOut({ phoneHash, shortCodes: [shortCode] })).toBe(false);
    });

    it("lifts the code's and the all-codes opt-out on START, and says when there was none", async () => {
      const phoneHash = uid("ph");
      const [shortCode, other] = [code(), code()];
      expect(await store.optOuts.remove({ phoneHash, shortCode })).toBe(false);
      await store.optOuts.add({ phoneHash, shortCode, at: T0 });
      await store.optOuts.add({ phoneHash, shortCode: null, at: T0 });
      await store.optOuts.add({ phoneHash, shortCode: other, at: T0 });
      expect(await store.optOuts.remove({ phoneHash, shortCode })).toBe(true);
      expect(await store.optOuts.isOptedOut({ phoneHash, shortCodes: [shortCode] })).toBe(false);
      expect(await store.optOuts.isOptedOut({ phoneHash, shortCodes: [other] })).toBe(true);
    });
  });

  describe("publishers", () => {
    const tariff = (shortCode: string, merchantId: string | null, amount: number) => ({
      id: uid("sc"),
      merchantId,
      shortCode,
      keyword: `K${randomBytes(3).toString("hex").replace(/\d/g, "X").toUpperCase()}`,
      amount,
      currency: "EUR",
      country: "FR",
      transport: "sandbox",
    });

    it("sets, reads and replaces a merchant's identity", async () => {
      const merchantId = uid("mer");
      expect(await store.publishers.get({ merchantId })).toBeUndefined();
      await store.publishers.set({
        scope: { merchantId },
        identity: { name: "Shop", contact: "a@shop.example" },
        at: T0,
      });
      await store.publishers.set({
        scope: { merchantId },
        identity: { name: "Shop SAS", contact: "b@shop.example" },
        at: at(1),
      });
      expect(await store.publishers.get({ merchantId })).toEqual({
        name: "Shop SAS",
        contact: "b@shop.example",
      });
      expect(await store.publishers.get({ shortCode: merchantId })).toBeUndefined();
    });

    it("profiles a shared code: no identity, no owner, its prices lowest first", async () => {
      const shortCode = code();
      await store.shortCodes.upsert(tariff(shortCode, null, 450));
      await store.shortCodes.upsert(tariff(shortCode, null, 99));
      expect(await store.publishers.profile(shortCode)).toEqual({
        identity: undefined,
        ownerId: undefined,
        ownerName: undefined,
        prices: [
          { amount: 99, currency: "EUR" },
          { amount: 450, currency: "EUR" },
        ],
      });
    });

    it("profiles a merchant's code with its owner's identity, unless the code has its own", async () => {
      const merchantId = await newMerchant(store, "Librairie Marceau");
      const shortCode = code();
      await store.shortCodes.upsert(tariff(shortCode, merchantId, 200));
      expect(await store.publishers.profile(shortCode)).toMatchObject({
        identity: undefined,
        ownerId: merchantId,
        ownerName: "Librairie Marceau",
      });
      await store.publishers.set({
        scope: { merchantId },
        identity: { name: "Marceau SARL", contact: "+33 1 23 45 67 89" },
        at: T0,
      });
      expect((await store.publishers.profile(shortCode)).identity).toEqual({
        name: "Marceau SARL",
        contact: "+33 1 23 45 67 89",
      });
      await store.publishers.set({
        scope: { shortCode },
        identity: { name: "Marceau Jeux", contact: "jeux@marceau.example" },
        at: T0,
      });
      expect((await store.publishers.profile(shortCode)).identity).toEqual({
        name: "Marceau Jeux",
        contact: "jeux@marceau.example",
      });
    });

    it("profiles an unknown (free) code with no price", async () => {
      expect((await store.publishers.profile(code())).prices).toEqual([]);
    });
  });

  describe("notifications", () => {
    const record = async (
      overrides: Partial<NotificationRecord> = {},
    ): Promise<NotificationRecord> => {
      const message = outbound({
        purpose: "notification",
        transport: "sandbox",
        sender: "38100",
        text: "Your order shipped",
      });
      await store.outbound.create(message);
      return {
        id: uid("ntf"),
        merchantId: uid("mer"),
        type: "order_confirmation",
        paymentId: null,
        orderRef: "A-1001",
        phoneHash: uid("ph"),
        phoneLast4: "5678",
        outboundMessageId: message.id,
        consent: null,
        idempotencyKey: null,
        requestHash: "hash",
        createdAt: T0,
        ...overrides,
      };
    };

    it("stores a notification and shows it with its message's status, to its merchant only", async () => {
      const n = await record({
        consent: { givenAt: "2026-05-01T08:00:00.000Z", method: "checkbox at checkout" },
      });
      expect(await store.notifications.insert(n)).toBe("inserted");
      expect(await store.notifications.get({ merchantId: n.merchantId, id: n.id })).toEqual({
        ...n,
        status: "queued",
      });
      await store.outbound.setStatus({ id: n.outboundMessageId, status: "delivered" });
      expect((await store.notifications.get({ merchantId: n.merchantId, id: n.id }))?.status).toBe(
        "delivered",
      );
      expect(await store.notifications.get({ merchantId: uid("mer"), id: n.id })).toBeUndefined();
    });

    it("refuses a second notification with the same idempotency key, per merchant", async () => {
      const first = await record({ idempotencyKey: "key-1" });
      expect(await store.notifications.insert(first)).toBe("inserted");
      const again = await record({ merchantId: first.merchantId, idempotencyKey: "key-1" });
      expect(await store.notifications.insert(again)).toBe("idempotency_key_taken");
      const otherMerchant = await record({ idempotencyKey: "key-1" });
      expect(await store.notifications.insert(otherMerchant)).toBe("inserted");
      expect(
        (
          await store.notifications.findByIdempotencyKey({
            merchantId: first.merchantId,
            key: "key-1",
          })
        )?.id,
      ).toBe(first.id);
    });

    it("keeps one payment reminder per payment, but any number of other notifications", async () => {
      const paymentId = uid("pay");
      const reminder = await record({ type: "payment_reminder", paymentId });
      expect(await store.notifications.insert(reminder)).toBe("inserted");
      const second = await record({ type: "payment_reminder", paymentId, idempotencyKey: "k" });
      expect(await store.notifications.insert(second)).toBe("reminder_taken");
      expect(await store.notifications.insert(await record({ paymentId }))).toBe("inserted");
      expect(await store.notifications.insert(await record({ paymentId }))).toBe("inserted");
    });

    it("lets exactly one of concurrent reminders for a payment through", async () => {
      const paymentId = uid("pay");
      const records = await Promise.all(
        Array.from({ length: 6 }, () => record({ type: "payment_reminder", paymentId })),
      );
      const results = await Promise.all(
        records.map((r) => store.transaction((tx) => tx.notifications.insert(r))),
      );
      expect(results.filter((r) => r === "inserted")).toHaveLength(1);
      expect(results.filter((r) => r === "reminder_taken")).toHaveLength(5);
    });
  });

  describe("OTP sends", () => {
    const subject = (overrides: Partial<OtpSendSubject> = {}): OtpSendSubject => ({
      merchantId: uid("mer"),
      phoneHash: uid("ph"),
      ipHash: uid("ip"),
      country: "FR",
      ...overrides,
    });
    const windows: OtpWindow[] = [
      { dimension: "phone", windowSeconds: 600 },
      { dimension: "ip", windowSeconds: 600 },
      { dimension: "merchant", windowSeconds: 600 },
      { dimension: "country", windowSeconds: 600 },
    ];
    const counts = async (s: OtpSendSubject, now: Date, w: readonly OtpWindow[] = windows) =>
      store.transaction((tx) => tx.otpSends.lockAndCount({ subject: s, now, windows: w }));
    const record = (s: OtpSendSubject, sentAt: Date, forgetBefore = new Date(0)) =>
      store.otpSends.record({ id: uid("otp"), subject: s, at: sentAt, forgetBefore });

    it("counts each key's sends in the window ending now, with the oldest", async () => {
      const base = subject();
      await record(base, at(0));
      await record({ ...subject(), phoneHash: base.phoneHash }, at(100));
      await record({ ...subject(), ipHash: base.ipHash }, at(200));
      await record({ ...base, phoneHash: uid("ph"), ipHash: uid("ip"), country: "BE" }, at(300));
      const usage = await counts(base, at(500));
      expect(usage).toEqual([
        { dimension: "phone", windowSeconds: 600, count: 2, oldest: at(0) },
        { dimension: "ip", windowSeconds: 600, count: 2, oldest: at(0) },
        { dimension: "merchant", windowSeconds: 600, count: 2, oldest: at(0) },
        { dimension: "country", windowSeconds: 600, count: 1, oldest: at(0) },
      ]);
      const later = await counts(base, at(650), [{ dimension: "phone", windowSeconds: 600 }]);
      expect(later).toEqual([
        { dimension: "phone", windowSeconds: 600, count: 1, oldest: at(100) },
      ]);
    });

    it("counts nothing per IP when the address is unknown", async () => {
      const s = subject({ ipHash: null });
      await record(s, at(0));
      const usage = await counts(s, at(10), [{ dimension: "ip", windowSeconds: 600 }]);
      expect(usage).toEqual([{ dimension: "ip", windowSeconds: 600, count: 0, oldest: null }]);
    });

    it("forgets the merchant's sends older than asked when recording", async () => {
      const s = subject();
      await record(s, at(0));
      await record(s, at(1000), at(500));
      const usage = await counts(s, at(1001), [{ dimension: "merchant", windowSeconds: 5000 }]);
      expect(usage[0]).toMatchObject({ count: 1, oldest: at(1000) });
    });

    it("serializes concurrent senders of one number: a limit of 3 lets exactly 3 through", async () => {
      const phoneHash = uid("ph");
      const limit = 3;
      const attempts = Array.from({ length: 8 }, () =>
        store.transaction(async (tx) => {
          const s = subject({ phoneHash });
          const [usage] = await tx.otpSends.lockAndCount({
            subject: s,
            now: at(10),
            windows: [{ dimension: "phone", windowSeconds: 600 }],
          });
          if ((usage?.count ?? 0) >= limit) return false;
          await tx.otpSends.record({ id: uid("otp"), subject: s, at: at(10), forgetBefore: T0 });
          return true;
        }),
      );
      const results = await Promise.all(attempts);
      expect(results.filter(Boolean)).toHaveLength(limit);
      const [after] = await counts(subject({ phoneHash }), at(11), [
        { dimension: "phone", windowSeconds: 600 },
      ]);
      expect(after?.count).toBe(limit);
    });
  });

  describe("OTP countries", () => {
    it("keeps a merchant's list until it is set back to the defaults", async () => {
      const merchantId = uid("mer");
      expect(await store.otpCountries.get(merchantId)).toBeUndefined();
      await store.otpCountries.set({ merchantId, countries: ["BE", "FR"], at: T0 });
      await store.otpCountries.set({ merchantId, countries: ["FR", "LU"], at: at(1) });
      expect(await store.otpCountries.get(merchantId)).toEqual(["FR", "LU"]);
      await store.otpCountries.set({ merchantId, countries: null, at: at(2) });
      expect(await store.otpCountries.get(merchantId)).toBeUndefined();
    });
  });
}

// The contract of the checkout's storage ports (checkout settings, the
// checkout funnel, express consents), for every Store implementation:
//
//   describe.each(testDatabases())("checkout storage on $kind", (database) => {
//     checkoutRepositoryContract(async () => { const db = await database.open(); ... });
//   });

import type { NewExpressConsent, Payment, Store } from "@smspay/core";
import { describe, expect, it } from "vitest";
import { fixturesAt, newMerchant, openStoreForSuite, uid } from "./fixtures.ts";
import type { ContractStoreFactory } from "./repository-contract.ts";

const T0 = new Date("2026-05-04T10:00:00.000Z");
const fixtures = fixturesAt(T0);
const { at } = fixtures;
const payment = (merchantId: string, overrides: Partial<Payment>): Payment =>
  fixtures.payment(merchantId, { flow: "express", amount: 499, ...overrides });

function consent(
  merchantId: string,
  phoneHash: string,
  overrides: Partial<NewExpressConsent> = {},
): NewExpressConsent {
  return {
    id: uid("con"),
    merchantId,
    phoneHash,
    phoneCipher: `sealed-${phoneHash}`,
    channel: "checkout_page",
    textShown: "Remember my number for one-reply payments at Shop X.",
    locale: "en",
    grantedAt: T0,
    ...overrides,
  };
}

export function checkoutRepositoryContract(factory: ContractStoreFactory): void {
  let store: Store;
  openStoreForSuite(factory, (opened) => {
    store = opened;
  });

  describe("checkout settings", () => {
    it("reads a new merchant's name with no branding, locale or return key", async () => {
      const merchantId = await newMerchant(store, "Épicerie Ségolène");
      expect(await store.checkoutSettings.get(merchantId)).toEqual({
        merchantName: "Épicerie Ségolène",
        brandColor: null,
        logoUrl: null,
        defaultLocale: null,
        returnKeyCipher: null,
      });
      expect(await store.checkoutSettings.get(uid("mer"))).toBeUndefined();
    });

    it("sets only the fields given, and clears a field set to null", async () => {
      const merchantId = await newMerchant(store);
      const branding = { brandColor: "#123456", logoUrl: "https://x.example/l.png" };
      expect(await store.checkoutSettings.setBranding({ merchantId, branding })).toBe(true);
      await store.checkoutSettings.setBranding({
        merchantId,
        branding: { defaultLocale: "fr-FR" },
      });
      expect(await store.checkoutSettings.get(merchantId)).toMatchObject({
        ...branding,
        defaultLocale: "fr-FR",
      });
      await store.checkoutSettings.setBranding({ merchantId, branding: { logoUrl: null } });
      expect(await store.checkoutSettings.get(merchantId)).toMatchObject({
        brandColor: "#123456",
        logoUrl: null,
        defaultLocale: "fr-FR",
      });
    });

    it("answers false for an unknown merchant, with or without fields", async () => {
      const merchantId = uid("mer");
      expect(
        await store.checkoutSettings.setBranding({
          merchantId,
          branding: { brandColor: "#000000" },
        }),
      ).toBe(false);
      expect(await store.checkoutSettings.setBranding({ merchantId, branding: {} })).toBe(false);
      expect(
        await store.checkoutSettings.setBranding({
          merchantId: await newMerchant(store),
          branding: {},
        }),
      ).toBe(true);
    });

    it("keeps the first return key claimed, also when claims race", async () => {
      const merchantId = await newMerchant(store);
      const claims = await Promise.all(
        ["k1", "k2", "k3", "k4"].map((cipher) =>
          store.checkoutSettings.claimReturnKey({ merchantId, cipher }),
        ),
      );
      const winner = claims[0];
      expect(["k1", "k2", "k3", "k4"]).toContain(winner);
      expect(claims).toEqual([winner, winner, winner, winner]);
      expect(await store.checkoutSettings.claimReturnKey({ merchantId, cipher: "later" })).toBe(
        winner,
      );
      expect((await store.checkoutSettings.get(merchantId))?.returnKeyCipher).toBe(winner);
      expect(
        await store.checkoutSettings.claimReturnKey({ merchantId: uid("mer"), cipher: "x" }),
      ).toBeUndefined();
    });
  });

  describe("checkout events", () => {
    it("records each step once per payment, the first time counting", async () => {
      const merchantId = await newMerchant(store);
      const paymentId = uid("pay");
      const event = { paymentId, merchantId, type: "page_viewed" as const, at: at(0) };
      expect(await store.checkoutEvents.record(event)).toBe(true);
      expect(await store.checkoutEvents.record({ ...event, at: at(5_000) })).toBe(false);
      expect(await store.checkoutEvents.record({ ...event, type: "pin_sent", at: at(1_000) })).toBe(
        true,
      );
      expect(await store.checkoutEvents.types(paymentId)).toEqual(["page_viewed", "pin_sent"]);
      expect(await store.checkoutEvents.types(uid("pay"))).toEqual([]);
    });

    it("counts the merchant's payments per step within [from, to)", async () => {
      const merchantId = await newMerchant(store);
      const other = await newMerchant(store);
      const steps: [string, "page_viewed" | "flow_chosen" | "paid" | "abandoned", number][] = [
        ["a", "page_viewed", 0],
        ["a", "flow_chosen", 1_000],
        ["a", "paid", 2_000],
        ["b", "page_viewed", 500],
        ["b", "abandoned", 60_000],
        ["c", "page_viewed", 3_600_000], // at `to`: outside
        ["d", "page_viewed", -1], // before `from`: outside
      ];
      const ids = new Map(["a", "b", "c", "d"].map((k) => [k, uid("pay")]));
      for (const [key, type, offset] of steps) {
        await store.checkoutEvents.record({
          paymentId: ids.get(key) as string,
          merchantId,
          type,
          at: at(offset),
        });
      }
      await store.checkoutEvents.record({
        paymentId: uid("pay"),
        merchantId: other,
        type: "paid",
        at: at(10),
      });
      expect(
        await store.checkoutEvents.funnel({ merchantId, from: at(0), to: at(3_600_000) }),
      ).toEqual({
        page_viewed: 2,
        flow_chosen: 1,
        sms_link_tapped: 0,
        pin_sent: 0,
        pin_verified: 0,
        paid: 1,
        abandoned: 1,
      });
    });
  });

  describe("express consents", () => {
    it("grants one live consent per merchant and phone, keeping the first record", async () => {
      const merchantId = await newMerchant(store);
      const phoneHash = uid("ph");
      const first = await store.expressConsents.grant(consent(merchantId, phoneHash));
      expect(first).toMatchObject({ merchantId, phoneHash, revokedAt: null, revokedVia: null });
      const again = await store.expressConsents.grant(
        consent(merchantId, phoneHash, { textShown: "other words", grantedAt: at(60_000) }),
      );
      expect(again).toEqual(first);
      expect(await store.expressConsents.findLive({ merchantId, phoneHash })).toEqual(first);
      expect(await store.expressConsents.get(first.id)).toEqual(first);
      expect(
        await store.expressConsents.findLive({ merchantId: await newMerchant(store), phoneHash }),
      ).toBeUndefined();
    });

    it("revokes once, keeps the record, and takes a new consent afterwards", async () => {
      const merchantId = await newMerchant(store);
      const phoneHash = uid("ph");
      const granted = await store.expressConsents.grant(consent(merchantId, phoneHash));
      expect(
        await store.expressConsents.revoke({ id: granted.id, at: at(1_000), via: "link" }),
      ).toBe(true);
      expect(
        await store.expressConsents.revoke({ id: granted.id, at: at(2_000), via: "link" }),
      ).toBe(false);
      expect(await store.expressConsents.findLive({ merchantId, phoneHash })).toBeUndefined();
      expect(await store.expressConsents.get(granted.id)).toMatchObject({
        revokedAt: at(1_000),
        revokedVia: "link",
        textShown: granted.textShown,
      });
      const renewed = await store.expressConsents.grant(
        consent(merchantId, phoneHash, { grantedAt: at(5_000) }),
      );
      expect(renewed.id).not.toBe(granted.id);
      expect(renewed.grantedAt).toEqual(at(5_000));
    });

    it("revokes every live consent of a phone at once (STOP)", async () => {
      const phoneHash = uid("ph");
      const shops = [await newMerchant(store), await newMerchant(store)];
      for (const merchantId of shops)
        await store.expressConsents.grant(consent(merchantId, phoneHash));
      const bystander = await store.expressConsents.grant(consent(shops[0] as string, uid("ph")));
      expect(
        await store.expressConsents.revokeAllForPhone({ phoneHash, at: at(1), via: "sms_stop" }),
      ).toBe(2);
      for (const merchantId of shops)
        expect(await store.expressConsents.findLive({ merchantId, phoneHash })).toBeUndefined();
      expect(await store.expressConsents.get(bystander.id)).toMatchObject({ revokedAt: null });
      expect(
        await store.expressConsents.revokeAllForPhone({ phoneHash, at: at(2), via: "sms_stop" }),
      ).toBe(0);
    });

    it("finds the phone's latest pending express payment whose time is not up", async () => {
      const merchantId = await newMerchant(store);
      const phoneHash = uid("ph");
      const mine = { phoneHash, phoneCipher: "c", phoneLast4: "5678" };
      const older = payment(merchantId, { ...mine, createdAt: at(0) });
      const latest = payment(merchantId, { ...mine, createdAt: at(1_000) });
      const notExpress = payment(merchantId, { ...mine, flow: "otp", createdAt: at(2_000) });
      const paid = payment(merchantId, { ...mine, status: "succeeded", createdAt: at(3_000) });
      const lapsed = payment(merchantId, { ...mine, createdAt: at(4_000), expiresAt: at(5_000) });
      const someoneElse = payment(merchantId, { phoneHash: uid("ph"), createdAt: at(9_000) });
      for (const p of [older, latest, notExpress, paid, lapsed, someoneElse])
        expect(await store.payments.insert(p)).toBe("inserted");

      expect(await store.expressConsents.pendingPaymentFor({ phoneHash, now: at(6_000) })).toBe(
        latest.id,
      );
      expect(
        await store.expressConsents.pendingPaymentFor({ phoneHash, now: at(20 * 60_000) }),
      ).toBeUndefined();
      expect(
        await store.expressConsents.pendingPaymentFor({ phoneHash: uid("ph"), now: at(0) }),
      ).toBeUndefined();
    });
  });
}

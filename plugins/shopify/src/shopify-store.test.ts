// The app's storage and install bookkeeping on both databases: one merchant
// per shop even when installs race, retries of a session keep the first
// record, acknowledged outcomes are not undone, and erasure stays within one
// merchant.

import { randomBytes } from "node:crypto";
import type { PrismaClient as ClassicPrismaClient } from "@prisma/client";
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { type Payment, PhoneVault, type Store, systemClock } from "@smspay/core";
import { createPrismaStore } from "@smspay/db";
import {
  fixturesAt,
  insertPayment,
  newMerchant,
  type TestDatabase,
  testDatabases,
  uid,
} from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopInstaller } from "./shop-installer.ts";
import { shopTransaction } from "./shop-transaction.ts";
import { openShopifyConnection, sealShopifyConnection } from "./shopify-connection.ts";
import { type ShopifyStore, shopifyStore } from "./shopify-store.ts";

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

describe.each(testDatabases())("Shopify app storage on $kind", (factory) => {
  let db: TestDatabase;
  let store: Store;
  let shopify: ShopifyStore;
  let installer: ShopInstaller;
  let sessions: PrismaSessionStorage<ClassicPrismaClient>;
  const vault = new PhoneVault({ hashKey: randomBytes(32), dataKey: randomBytes(32) });

  beforeAll(async () => {
    db = await factory.open();
    store = createPrismaStore(db.prisma);
    shopify = shopifyStore(db.prisma);
    sessions = new PrismaSessionStorage(db.prisma as unknown as ClassicPrismaClient);
    installer = new ShopInstaller({
      transaction: shopTransaction(db.prisma),
      sessions,
      seal: (_merchantId, connection) => sealShopifyConnection(vault, connection),
      clock: systemClock,
      log: quiet,
    });
  });
  afterAll(() => db.close());

  const offlineSession = (shop: string, token: string) =>
    new Session({
      id: `offline_${shop}`,
      shop,
      state: "state",
      isOnline: false,
      accessToken: token,
      scope: "write_payment_sessions",
    });

  it("makes one merchant of a shop, also when installs race, and finds it again on reinstall", async () => {
    const shop = `${uid("race")}.myshopify.com`.replace("_", "-");
    const installs = await Promise.all(
      ["tok_a", "tok_b", "tok_c"].map((token) => installer.installed(offlineSession(shop, token))),
    );
    const merchantIds = new Set(installs.map((s) => s.merchantId));
    expect(merchantIds.size).toBe(1);
    const [merchantId] = [...merchantIds];
    if (!merchantId) throw new Error("no merchant");
    expect((await store.merchants.list()).filter((m) => m.name === shop)).toHaveLength(1);
    expect((await sessions.loadSession(`offline_${shop}`))?.shop).toBe(shop);

    const connection = await store.platformConnections.get(merchantId);
    if (!connection) throw new Error("no connection");
    expect(connection.configCipher).not.toContain("tok_");
    expect(openShopifyConnection(vault, connection)?.shop).toBe(shop);

    await installer.uninstalled(shop);
    await installer.uninstalled(shop);
    expect((await store.merchants.get(merchantId))?.active).toBe(false);
    expect(await store.platformConnections.get(merchantId)).toBeUndefined();
    expect(await sessions.findSessionsByShop(shop)).toHaveLength(0);

    const again = await installer.installed(offlineSession(shop, "tok_d"));
    expect(again.merchantId).toBe(merchantId);
    expect((await store.merchants.get(merchantId))?.active).toBe(true);
    expect(
      openShopifyConnection(vault, (await store.platformConnections.get(merchantId)) ?? connection),
    ).toEqual({ shop, accessToken: "tok_d" });
  });

  it("keeps the first record of a payment session Shopify retries, and never undoes an outcome", async () => {
    const shop = "records.myshopify.com";
    const id = uid("ps");
    const gid = `gid://shopify/PaymentSession/${id}`;
    const record = {
      shop,
      id,
      gid,
      merchantId: "mer_records",
      apiVersion: "2026-10" as const,
      kind: "sale" as const,
      amount: 450,
      currency: "EUR",
      test: false,
      cancelUrl: "https://records.myshopify.com/cancel",
      createdAt: new Date(),
    };
    const stored = await Promise.all(
      ["pay_first", "pay_second"].map((paymentId) =>
        shopify.putPaymentSession({ ...record, paymentId }),
      ),
    );
    expect(new Set(stored.map((s) => s.paymentId)).size).toBe(1);

    const at = new Date();
    expect(await shopify.setPaymentSessionState({ gid, state: "failed", at })).toBe(true);
    expect(
      await shopify.setPaymentSessionState({
        gid,
        state: "resolved",
        nextActionUrl: "https://x/thanks",
        at,
      }),
    ).toBe(true);
    expect(await shopify.setPaymentSessionState({ gid, state: "rejected", at })).toBe(false);
    expect(await shopify.findPaymentSession({ merchantId: "mer_records", gid })).toMatchObject({
      state: "resolved",
      nextActionUrl: "https://x/thanks",
    });
    // Another merchant does not see it.
    expect(await shopify.findPaymentSession({ merchantId: "mer_other", gid })).toBeUndefined();
  });

  it("erases a customer's personal data in one merchant's payments only", async () => {
    const phone = "+33612345678";
    const phoneHash = vault.hash(phone);
    const mine = await newMerchant(store);
    const theirs = await newMerchant(store);
    const paid = await newPayment(store, mine, {
      phoneHash,
      phoneCipher: vault.seal(phone),
      phoneLast4: "5678",
      customerEmail: "a@b.example",
    });
    const byEmail = await newPayment(store, mine, { customerEmail: "A@B.example" });
    const other = await newPayment(store, theirs, {
      phoneHash,
      phoneCipher: vault.seal(phone),
      phoneLast4: "5678",
    });

    const found = await shopify.customerPayments({
      merchantId: mine,
      phoneHash,
      email: "a@b.example",
    });
    expect(found.map((p) => p.paymentId).sort()).toEqual([paid.id, byEmail.id].sort());
    expect(JSON.stringify(found)).not.toContain(phone);

    const erased = await shopify.erasePaymentsPersonalData({
      merchantId: mine,
      paymentIds: [paid.id, other.id],
    });
    expect(erased).toBe(1);
    expect(await store.payments.getById(paid.id)).toMatchObject({
      amount: 1234,
      phoneHash: null,
      phoneCipher: null,
      phoneLast4: null,
      customerEmail: null,
    });
    expect((await store.payments.getById(other.id))?.phoneHash).toBe(phoneHash);
    expect((await store.payments.getById(byEmail.id))?.customerEmail).toBe("A@B.example");
  });
});

/** Stores a payment paid just now for a Shopify payment session. */
function newPayment(
  store: Store,
  merchantId: string,
  overrides: Partial<Payment>,
): Promise<Payment> {
  const now = new Date();
  return insertPayment(
    store,
    fixturesAt(now).payment(merchantId, {
      status: "succeeded",
      amount: 1234,
      orderRef: `gid://shopify/PaymentSession/${uid("ps")}`,
      returnUrl: "https://app.example/shopify/return/x/y",
      shortCode: null,
      keyword: null,
      reference: null,
      succeededAt: now,
      ...overrides,
    }),
  );
}

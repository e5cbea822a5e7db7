// The reconciler end to end, one test per drift case: a real smspay (HTTP,
// worker, sandbox operator) on PGlite and on PostgreSQL, with a fake shop
// platform registered like a real adapter (the platform's API is the only
// part faked).

import {
  type PlatformAdapter,
  type PlatformOrderState,
  type PlatformPayment,
  type ReconcileReport,
  Reconciler,
  SmspayError,
} from "@smspay/core";
import { testDatabases } from "@smspay/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { eventually, type Json, TestShop } from "./test-client.ts";
import { type RunningSmspay, startSmspay } from "./test-support.ts";

/** The shop's side: order states by order reference, and what smspay told it. */
class FakeShop {
  readonly orders = new Map<string, PlatformOrderState>();
  readonly told: { call: "paid" | "failed" | "refunded"; orderRef: string }[] = [];
  /** While set, notifications fail for good (an HTTP 4xx that will not change). */
  refusing = false;

  adapter(): PlatformAdapter {
    const record = async (call: "paid" | "failed" | "refunded", payment: PlatformPayment) => {
      if (this.refusing) {
        throw new SmspayError("platform_error", "shop answered 401", { retryable: false });
      }
      this.told.push({ call, orderRef: payment.orderRef });
    };
    return {
      platform: "shopify",
      notifyPaid: ({ payment }) => record("paid", payment),
      notifyFailed: ({ payment }) => record("failed", payment),
      notifyRefunded: ({ payment }) => record("refunded", payment),
      orderState: async ({ orderRef }) => this.orders.get(orderRef) ?? "not_found",
    };
  }

  toldAbout(orderRef: string): string[] {
    return this.told.filter((t) => t.orderRef === orderRef).map((t) => t.call);
  }
}

const shopConfig = z.object({ shop: z.string().endsWith(".myshopify.com") }).strict();

describe.each(testDatabases())("reconciliation on $kind", (factory) => {
  let smspay: RunningSmspay;
  const platform = new FakeShop();
  let shop: TestShop;
  let reconciler: Reconciler;

  beforeAll(async () => {
    smspay = await startSmspay({ db: (await factory.open()).db });
    smspay.smspay.platforms.registerPlatform("shopify", (config) => {
      shopConfig.parse(config);
      return platform.adapter();
    });
    const { deps, platforms, sandbox, inbound, settlements } = smspay.smspay;
    if (!sandbox) throw new Error("the sandbox is on in tests");
    // As the worker's, but with no delay: the payments here changed a moment ago.
    reconciler = new Reconciler(
      deps,
      {
        platforms,
        statusQueries: new Map([[sandbox.name, sandbox]]),
        receipts: inbound,
        settlements,
      },
      { settleMs: 0, stuckAfterMs: 0 },
    );
  });
  beforeEach(async () => {
    platform.refusing = false;
    shop = await TestShop.open(smspay, "Disquaire Hugo");
    await connect(shop);
  });
  afterAll(() => smspay.close());

  const connect = async (merchant: TestShop) => {
    const connected = await merchant.api("PUT", "/v1/platform-connection", {
      platform: "shopify",
      config: { shop: "disquaire.myshopify.com" },
    });
    expect(connected.status).toBe(200);
  };
  /** Lets the worker deliver what is queued, then compares. */
  const reconcile = async (): Promise<ReconcileReport> => {
    await eventually(
      () => smspay.smspay.db.prisma.effect.count({ where: { status: "pending" } }),
      (pending) => pending === 0,
    );
    return reconciler.run();
  };
  const openItems = async (paymentId: string) =>
    ((await shop.api("GET", "/v1/attention")).body.data as Json[]).filter(
      (i) => i.paymentId === paymentId,
    );
  const paidOrder = async (state: PlatformOrderState, amount = 450) => {
    const paid = await shop.payBySms(amount);
    await eventually(
      async () => platform.toldAbout(paid.orderRef),
      (told) => told.includes("paid"),
    );
    platform.orders.set(paid.orderRef, state);
    return paid;
  };

  it("leaves a payment alone when the shop agrees", async () => {
    const paid = await paidOrder("paid");
    await reconcile();
    expect(await openItems(paid.id)).toEqual([]);
    expect(platform.toldAbout(paid.orderRef)).toEqual(["paid"]);
  });

  it("replays a notification the shop never got (dead letter), once the shop is back", async () => {
    platform.refusing = true;
    const paid = await shop.payBySms(450);
    const dead = await eventually(
      () =>
        smspay.smspay.db.prisma.effect.findMany({
          where: { paymentId: paid.id, kind: "notify_platform" },
        }),
      (effects) => effects.some((e) => e.status === "dead"),
    );
    expect(dead.map((e) => e.status)).toEqual(["dead"]);
    platform.refusing = false;
    platform.orders.set(paid.orderRef, "awaiting_payment");

    const report = await reconcile();
    expect(report.renotified).toBeGreaterThanOrEqual(1);
    await eventually(
      async () => platform.toldAbout(paid.orderRef),
      (told) => told.includes("paid"),
    );
    expect(platform.toldAbout(paid.orderRef)).toEqual(["paid"]);
    expect((await shop.eventTypes(paid.id)).at(-1)).toBe("reconciled");
    // Compared once per change: a second run asks nothing again.
    await reconcile();
    expect(platform.toldAbout(paid.orderRef)).toEqual(["paid"]);
  });

  it("tells a shop connected after the payment what it never heard of", async () => {
    const later = await TestShop.open(smspay, "Connected Later");
    const paid = await later.payBySms(200);
    await connect(later);
    platform.orders.set(paid.orderRef, "awaiting_payment");
    await reconcile();
    await eventually(
      async () => platform.toldAbout(paid.orderRef),
      (told) => told.length > 0,
    );
    expect(platform.toldAbout(paid.orderRef)).toEqual(["paid"]);
  });

  it("asks a person when the shop cancelled an order the customer paid by SMS", async () => {
    const paid = await paidOrder("cancelled");
    await reconcile();
    expect(await openItems(paid.id)).toEqual([
      expect.objectContaining({
        kind: "order_cancelled_but_paid",
        detail: expect.stringContaining(`order ${paid.orderRef} cancelled`),
        resolvedAt: null,
      }),
    ]);
    expect((await shop.eventTypes(paid.id)).at(-1)).toBe("needs_attention");
  });

  it("asks a person when the shop shows paid an order whose SMS payment failed", async () => {
    const failed = await shop.payBySms(450, "+33600000001");
    expect(failed.status).toBe("failed");
    platform.orders.set(failed.orderRef, "paid");
    await reconcile();
    expect((await openItems(failed.id)).map((i) => i.kind)).toEqual(["paid_in_shop_but_failed"]);
  });

  it("does not fail an order whose failed payment the customer retried", async () => {
    const orderRef = `retried-${Math.random()}`;
    const failed = await shop.create(450, { orderRef });
    await shop.sms("+33600000001", failed.shortCode, failed.smsText);
    expect((await shop.settled(failed.id)).status).toBe("failed");
    await eventually(
      async () => platform.toldAbout(orderRef),
      (told) => told.includes("failed"),
    );
    const retry = await shop.create(450, { orderRef });
    platform.orders.set(orderRef, "awaiting_payment");
    await reconcile();
    expect(platform.toldAbout(orderRef)).toEqual(["failed"]);
    expect(await openItems(failed.id)).toEqual([]);
    expect((await shop.payment(retry.id)).status).toBe("pending");
  });

  it("asks a person about a refund made in the shop that never went through smspay", async () => {
    const paid = await paidOrder("refunded");
    await reconcile();
    expect((await openItems(paid.id)).map((i) => i.kind)).toEqual(["platform_refund_unknown"]);
  });

  it("asks a person about a paid order the shop does not know", async () => {
    const paid = await paidOrder("not_found");
    await reconcile();
    expect((await openItems(paid.id)).map((i) => i.kind)).toEqual(["order_not_found"]);
  });

  it("recovers a lost delivery receipt by asking the operator", async () => {
    // +33600000003: the operator delivers the billed SMS but its receipt never comes.
    const created = await shop.create(450);
    await shop.sms("+33600000003", created.shortCode, created.smsText);
    await eventually(
      () => shop.eventTypes(created.id),
      (types) => types.includes("mt_sent"),
    );
    expect((await shop.payment(created.id)).status).toBe("processing");
    const report = await reconcile();
    expect(report.receiptsRecovered).toBeGreaterThanOrEqual(1);
    expect((await shop.payment(created.id)).status).toBe("succeeded");
    // The receipt went the way of a real one: the shop was told.
    await eventually(
      async () => platform.toldAbout(created.orderRef),
      (told) => told.includes("paid"),
    );
  });

  it("asks a person about a payment stuck in processing when the transport cannot be asked", async () => {
    const { deps, platforms, inbound, settlements } = smspay.smspay;
    const blind = new Reconciler(
      deps,
      { platforms, statusQueries: new Map(), receipts: inbound, settlements },
      { settleMs: 0, stuckAfterMs: 0 },
    );
    const created = await shop.create(200);
    await shop.sms("+33600000003", created.shortCode, created.smsText);
    await eventually(
      () => shop.eventTypes(created.id),
      (types) => types.includes("mt_sent"),
    );
    await blind.run();
    await blind.run();
    const items = await openItems(created.id);
    expect(items.map((i) => i.kind)).toEqual(["stuck_processing"]);
    expect(items[0]?.detail).toContain("sandbox cannot be asked");
  });

  it("lists open items per merchant and lets the merchant resolve them", async () => {
    const paid = await paidOrder("cancelled");
    await reconcile();
    const [item] = await openItems(paid.id);
    if (!item) throw new Error("the reconciler raised nothing");

    const stranger = await TestShop.open(smspay, "Stranger");
    expect((await stranger.api("GET", "/v1/attention")).body.data).toEqual([]);
    const foreign = await stranger.api("POST", `/v1/attention/${item.id}/resolve`, {});
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe("not_found");

    const resolved = await shop.api("POST", `/v1/attention/${item.id}/resolve`, {
      resolution: "shipped after a call with the customer",
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      id: item.id,
      resolution: "shipped after a call with the customer",
    });
    expect(Date.parse(resolved.body.resolvedAt)).toBeGreaterThan(0);
    // Resolving twice changes nothing.
    const twice = await shop.api("POST", `/v1/attention/${item.id}/resolve`, {});
    expect(twice.body).toEqual(resolved.body);
    expect(await openItems(paid.id)).toEqual([]);
    const history = await shop.api("GET", "/v1/attention?status=resolved");
    expect(history.body.data.map((i: Json) => i.id)).toContain(item.id);
    expect((await shop.api("GET", "/v1/attention?status=everything")).status).toBe(400);
    expect(
      (await shop.api("POST", `/v1/attention/${item.id}/resolve`, { resolution: 42 })).status,
    ).toBe(400);
  });
});

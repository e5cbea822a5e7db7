// The WooCommerce adapter against the strict fake, in each way WooCommerce
// authenticates: basic auth and query-string keys over HTTPS, OAuth 1.0a
// signatures over plain HTTP.

import { isSmspayError, type PlatformPayment } from "@smspay/core";
import { platformAdapterContract } from "@smspay/testkit";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestCertificate, FakeWooCommerce } from "./fake-woocommerce.ts";
import { createWooCommerceAdapter } from "./woocommerce-adapter.ts";

let tls: { key: string; cert: string };
beforeAll(() => {
  tls = createTestCertificate();
});

const modes = [
  { name: "basic auth over HTTPS", https: true, queryStringAuth: false, expect: "basic" },
  { name: "query-string keys over HTTPS", https: true, queryStringAuth: true, expect: "query" },
  { name: "OAuth 1.0a over HTTP", https: false, queryStringAuth: false, expect: "oauth1" },
] as const;

async function connect(mode: (typeof modes)[number]) {
  const shop = await FakeWooCommerce.start(mode.https ? { tls } : {});
  const adapter = createWooCommerceAdapter(
    {
      url: shop.baseUrl,
      consumerKey: shop.consumerKey,
      consumerSecret: shop.consumerSecret,
      queryStringAuth: mode.queryStringAuth,
    },
    mode.https ? { ca: tls.cert } : {},
  );
  return { shop, adapter };
}

for (const mode of modes) {
  platformAdapterContract(`woocommerce (${mode.name})`, async () => {
    const { shop, adapter } = await connect(mode);
    return {
      adapter,
      createOrder: async (input) => shop.createOrder(input),
      inspect: async (orderRef) => shop.inspect(orderRef),
      failNext: (count) => shop.failNext(count),
      close: async () => {
        // Every call the suite made was authenticated the way this mode says.
        expect(new Set(shop.requests.filter((r) => r.status !== 503).map((r) => r.auth))).toEqual(
          new Set([mode.expect]),
        );
        await shop.close();
      },
    };
  });
}

describe("woocommerce adapter", () => {
  let shop: FakeWooCommerce;
  let adapter: ReturnType<typeof createWooCommerceAdapter>;
  beforeEach(async () => {
    ({ shop, adapter } = await connect(modes[2]));
  });
  afterEach(() => shop.close());

  const payment = (orderRef: string, extra: Partial<PlatformPayment> = {}): PlatformPayment => ({
    id: `pay_${Math.random().toString(36).slice(2)}`,
    orderRef,
    amount: 450,
    currency: "EUR",
    reference: "123456",
    failureCode: null,
    test: false,
    ...extra,
  });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error("expected a failure");
      },
      (error: unknown) => {
        if (!isSmspayError(error)) throw error;
        return error;
      },
    );

  it("sets the order paid once, with one note naming the amount", async () => {
    const orderRef = shop.createOrder({ amount: 450, currency: "EUR" });
    const paid = payment(orderRef, { test: true });
    await adapter.notifyPaid({ payment: paid });
    await adapter.notifyPaid({ payment: paid });
    const order = shop.inspect(orderRef);
    expect(order).toMatchObject({
      status: "processing",
      timesMarkedPaid: 1,
      transactionId: paid.id,
    });
    expect(order.notes).toEqual([`Paid by SMS: 4.50 EUR (test mode). [smspay ${paid.id} paid]`]);
  });

  it("refuses to mark paid an order whose total no longer matches the payment", async () => {
    const orderRef = shop.createOrder({ amount: 500, currency: "EUR" });
    const error = await failure(adapter.notifyPaid({ payment: payment(orderRef) }));
    expect(error).toMatchObject({ code: "platform_error", retryable: false });
    expect(shop.inspect(orderRef).timesMarkedPaid).toBe(0);
  });

  it("flags a second payment for an order that was already paid, without touching it", async () => {
    const orderRef = shop.createOrder({ amount: 450, currency: "EUR" });
    await adapter.notifyPaid({ payment: payment(orderRef) });
    const late = payment(orderRef);
    await adapter.notifyPaid({ payment: late });
    await adapter.notifyPaid({ payment: late });
    const order = shop.inspect(orderRef);
    expect(order.timesMarkedPaid).toBe(1);
    expect(order.notes.filter((n) => n.includes("already paid"))).toHaveLength(1);
  });

  it("leaves alone an order paid another way or waiting for a newer SMS payment", async () => {
    const switched = shop.createOrder({ amount: 450, currency: "EUR", paymentMethod: "bacs" });
    await adapter.notifyFailed({ payment: payment(switched), reason: "expired" });
    expect(shop.inspect(switched).status).toBe("pending");

    const retried = shop.createOrder({ amount: 450, currency: "EUR", paymentId: "pay_newer" });
    await adapter.notifyFailed({ payment: payment(retried), reason: "expired" });
    expect(shop.inspect(retried).status).toBe("pending");
    await adapter.notifyFailed({
      payment: payment(retried, { id: "pay_newer" }),
      reason: "expired",
    });
    expect(shop.inspect(retried).status).toBe("cancelled");
  });

  it("marks a failed payment failed with its failure code, once", async () => {
    const orderRef = shop.createOrder({ amount: 450, currency: "EUR" });
    const failed = payment(orderRef, { failureCode: "insufficient_funds" });
    await adapter.notifyFailed({ payment: failed, reason: "failed" });
    await adapter.notifyFailed({ payment: failed, reason: "failed" });
    expect(shop.inspect(orderRef)).toMatchObject({
      status: "failed",
      notes: [`SMS payment failed (insufficient_funds). [smspay ${failed.id} failed]`],
    });
  });

  it("refuses a refund larger than what is left on the order", async () => {
    const orderRef = shop.createOrder({ amount: 450, currency: "EUR" });
    const paid = payment(orderRef);
    await adapter.notifyPaid({ payment: paid });
    const refund = { id: "re_big", amount: 451, currency: "EUR", reason: null };
    const error = await failure(adapter.notifyRefunded({ payment: paid, refund }));
    expect(error).toMatchObject({ code: "platform_error", retryable: false });
    expect(shop.inspect(orderRef).refundedAmount).toBe(0);
  });

  it("fails for good on an order the shop does not have, or a reference that is no order id", async () => {
    expect(await failure(adapter.notifyPaid({ payment: payment("424242") }))).toMatchObject({
      code: "platform_error",
      retryable: false,
    });
    expect(await adapter.orderState({ orderRef: "../users" })).toBe("not_found");
    expect(shop.requests).toHaveLength(1);
  });

  it("does not retry with credentials the shop rejects", async () => {
    const orderRef = shop.createOrder({ amount: 450, currency: "EUR" });
    const wrong = createWooCommerceAdapter({
      url: shop.baseUrl,
      consumerKey: shop.consumerKey,
      consumerSecret: "cs_wrong",
    });
    const error = await failure(wrong.orderState({ orderRef }));
    expect(error).toMatchObject({ code: "platform_error", retryable: false });
    expect(error.message).toContain("woocommerce_rest_authentication_error");
  });

  it("fails retryably when the shop cannot be reached", async () => {
    await shop.close();
    const error = await failure(adapter.orderState({ orderRef: "1001" }));
    expect(error).toMatchObject({ code: "platform_error", retryable: true });
    ({ shop, adapter } = await connect(modes[2]));
  });

  it("rejects a connection config that is not WooCommerce's", () => {
    expect(() =>
      createWooCommerceAdapter({
        url: "ftp://shop.example",
        consumerKey: "key",
        consumerSecret: "",
      }),
    ).toThrow(expect.objectContaining({ code: "invalid_request" }));
  });
});

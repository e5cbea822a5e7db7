// What the contract does not pin: authentication failures, the fake's
// strictness (so the contract run means something), the refund's shape and the
// checks that keep a wrong order from being marked paid.

import { isSmspayError, type PlatformPayment, type SmspayError } from "@smspay/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeMagento } from "./fake-magento.ts";
import { createMagentoAdapter, type MagentoAdapter } from "./magento-adapter.ts";
import { magentoAuthorization } from "./magento-auth.ts";

const credentials = {
  consumerKey: "ck_test",
  consumerSecret: "cs_test",
  accessToken: "at_test",
  accessTokenSecret: "ats_test",
};
const oauth = { type: "oauth1", ...credentials } as const;

const payment = (orderRef: string, extra: Partial<PlatformPayment> = {}): PlatformPayment => ({
  id: "pay_magento1",
  orderRef,
  amount: 450,
  currency: "EUR",
  reference: "123456",
  failureCode: null,
  test: true,
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<SmspayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSmspayError(error)) throw new Error(`expected an SmspayError, got ${String(error)}`);
  return error;
}

describe("Magento adapter", () => {
  let magento: FakeMagento;
  let adapter: MagentoAdapter;
  beforeEach(async () => {
    magento = await FakeMagento.start({ credentials });
    adapter = createMagentoAdapter({ baseUrl: `${magento.baseUrl}/`, auth: oauth });
  });
  afterEach(() => magento.close());

  it("invoices with capture, records our payment id and comments once", async () => {
    const orderRef = magento.createOrder({ amount: 450, currency: "EUR" });
    await adapter.notifyPaid({ payment: payment(orderRef) });
    await adapter.notifyPaid({ payment: payment(orderRef) });
    expect(magento.inspect(orderRef)).toMatchObject({
      transactionId: "pay_magento1",
      timesMarkedPaid: 1,
    });
    const { comments } = magento.history(orderRef);
    expect(comments).toEqual([
      {
        comment: "smspay: paid by SMS (payment pay_magento1). Reference 123456.",
        status: "processing",
        isCustomerNotified: false,
        isVisibleOnFront: true,
      },
    ]);
    expect(magento.calls.filter((c) => c.method === "POST").map((c) => c.path)).toEqual([
      `/order/${orderRef}/invoice`,
      `/orders/${orderRef}/comments`,
    ]);
  });

  it("refuses to mark paid an order whose total differs from the payment", async () => {
    const orderRef = magento.createOrder({ amount: 500, currency: "EUR" });
    const error = await failure(adapter.notifyPaid({ payment: payment(orderRef) }));
    expect(error).toMatchObject({ code: "platform_error", retryable: false });
    expect(error.message).toContain("4.50 EUR");
    expect(magento.inspect(orderRef).timesMarkedPaid).toBe(0);
  });

  it("does not invoice an order Magento already cancelled, and says why", async () => {
    const orderRef = magento.createOrder({ amount: 450, currency: "EUR" });
    await adapter.notifyFailed({ payment: payment(orderRef), reason: "expired" });
    const error = await failure(adapter.notifyPaid({ payment: payment(orderRef) }));
    expect(error).toMatchObject({ code: "platform_error", retryable: false });
    expect(error.message).toContain("canceled");
    expect(magento.history(orderRef).comments.map((c) => c.comment)).toEqual([
      "smspay: payment pay_magento1 expired.",
    ]);
  });

  it("records a refund from smspay as an offline credit memo of exactly its amount", async () => {
    const orderRef = magento.createOrder({ amount: 450, currency: "EUR" });
    await adapter.notifyPaid({ payment: payment(orderRef) });
    const refund = { id: "re_1", amount: 99, currency: "EUR", reason: "late delivery" };
    await adapter.notifyRefunded({ payment: payment(orderRef), refund });
    expect(magento.history(orderRef).creditMemos).toEqual([
      expect.objectContaining({ amount: 99, comments: ["smspay refund re_1: late delivery"] }),
    ]);
    expect(magento.inspect(orderRef)).toMatchObject({ refundedAmount: 99, gatewayRefunds: 0 });
  });

  it("leaves refunds asked from a Magento credit memo to that credit memo", async () => {
    const orderRef = magento.createOrder({ amount: 450, currency: "EUR" });
    await adapter.notifyPaid({ payment: payment(orderRef) });
    const refund = {
      id: "re_from_magento",
      amount: 450,
      currency: "EUR",
      reason: "Magento credit memo #1 for order #000000001",
    };
    await adapter.notifyRefunded({ payment: payment(orderRef), refund });
    expect(magento.history(orderRef).creditMemos).toEqual([]);
  });

  it("does not retry what Magento refuses: a refund above what is left", async () => {
    const orderRef = magento.createOrder({ amount: 450, currency: "EUR" });
    await adapter.notifyPaid({ payment: payment(orderRef) });
    const refund = { id: "re_big", amount: 451, currency: "EUR", reason: null };
    const error = await failure(adapter.notifyRefunded({ payment: payment(orderRef), refund }));
    expect(error).toMatchObject({ code: "platform_error", retryable: false });
    expect(error.message).toContain("The most money available to refund is 4.50.");
  });

  it("reads an order reference that is not an entity id as not_found, and refuses to notify it", async () => {
    expect(await adapter.orderState({ orderRef: "000000012" })).toBe("not_found");
    const error = await failure(adapter.notifyPaid({ payment: payment("A-12") }));
    expect(error).toMatchObject({ code: "platform_error", retryable: false });
  });

  it("fails without retry on wrong credentials, with Magento's message", async () => {
    const wrong = createMagentoAdapter({
      baseUrl: magento.baseUrl,
      auth: { ...oauth, accessTokenSecret: "not-the-secret" },
    });
    const orderRef = magento.createOrder({ amount: 450, currency: "EUR" });
    const error = await failure(wrong.notifyPaid({ payment: payment(orderRef) }));
    expect(error).toMatchObject({ code: "platform_error", retryable: false });
    expect(error.message).toContain(
      "401 The consumer isn't authorized to access Magento_Sales::sales.",
    );
    expect(magento.calls).toEqual([]);
  });

  it("sends bearer tokens only to shops that allow them", async () => {
    const bearer = createMagentoAdapter({
      baseUrl: magento.baseUrl,
      auth: { type: "bearer", accessToken: credentials.accessToken },
    });
    const orderRef = magento.createOrder({ amount: 450, currency: "EUR" });
    const error = await failure(bearer.orderState({ orderRef }));
    expect(error).toMatchObject({ code: "platform_error", retryable: false });
    expect(error.message).toContain("401");
  });

  it("fails retryably when the shop cannot be reached", async () => {
    await magento.close();
    const error = await failure(adapter.orderState({ orderRef: "1" }));
    expect(error).toMatchObject({ code: "platform_error", retryable: true });
    magento = await FakeMagento.start({ credentials });
  });
});

describe("Magento connection config", () => {
  it("names every missing credential and refuses the connection", () => {
    const error = (() => {
      try {
        createMagentoAdapter({
          baseUrl: "ftp://shop.example",
          auth: { type: "oauth1", consumerKey: "k" },
        });
      } catch (e) {
        return e;
      }
    })();
    expect(isSmspayError(error) && error.code).toBe("invalid_request");
    const paths = isSmspayError(error) ? error.fields.map((f) => f.path).sort() : [];
    expect(paths).toEqual([
      "config.auth.accessToken",
      "config.auth.accessTokenSecret",
      "config.auth.consumerSecret",
      "config.baseUrl",
    ]);
  });

  it("refuses unknown fields rather than ignoring a misspelt secret", () => {
    expect(() =>
      createMagentoAdapter({
        baseUrl: "https://shop.example",
        auth: { type: "bearer", accessToken: "t", acessToken: "typo" },
      }),
    ).toThrow(/invalid Magento connection/);
  });
});

describe("fake Magento strictness", () => {
  let magento: FakeMagento;
  beforeEach(async () => {
    magento = await FakeMagento.start({ credentials });
  });
  afterEach(() => magento.close());

  const sign = magentoAuthorization(oauth);
  const call = (
    method: string,
    path: string,
    init: { body?: unknown; authorization?: string } = {},
  ) => {
    const url = `${magento.baseUrl}/rest/V1${path}`;
    return fetch(url, {
      method,
      headers: {
        authorization: init.authorization ?? sign({ method, url }),
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as unknown }));
  };

  it("recomputes the OAuth signature: a tampered or replayed request is refused", async () => {
    const orderRef = magento.createOrder({ amount: 450, currency: "EUR" });
    const url = `${magento.baseUrl}/rest/V1/orders/${orderRef}`;
    const header = sign({ method: "GET", url });
    expect((await call("GET", `/orders/${orderRef}`, { authorization: header })).status).toBe(200);
    // The same nonce again, then the same signature on another path.
    expect((await call("GET", `/orders/${orderRef}`, { authorization: header })).status).toBe(401);
    const other = magento.createOrder({ amount: 450, currency: "EUR" });
    const fresh = sign({ method: "GET", url });
    const moved = await call("GET", `/orders/${other}`, { authorization: fresh });
    expect(moved).toEqual({
      status: 401,
      body: {
        message: "The consumer isn't authorized to access %resources.",
        parameters: { resources: "Magento_Sales::sales" },
      },
    });
  });

  it("answers unknown routes, methods and fields as Magento does", async () => {
    const orderRef = magento.createOrder({ amount: 450, currency: "EUR" });
    expect(await call("GET", "/orders/1/invoice")).toMatchObject({
      status: 404,
      body: { message: "Request does not match any route." },
    });
    expect((await call("DELETE", `/orders/${orderRef}`)).status).toBe(404);
    const unknownField = await call("POST", `/order/${orderRef}/invoice`, {
      body: { capture: true, notify: true, transaction_id: "pay_x" },
    });
    expect(unknownField.status).toBe(400);
    const badComment = await call("POST", `/orders/${orderRef}/comments`, {
      body: {
        statusHistory: {
          comment: "x",
          is_customer_notified: 0,
          is_visible_on_front: 0,
          status: "complete",
        },
      },
    });
    expect(badComment.status).toBe(400);
    const noCriteria = await call("GET", "/creditmemos");
    expect(noCriteria).toMatchObject({
      status: 400,
      body: { parameters: { fieldName: "searchCriteria" } },
    });
    expect(magento.inspect(orderRef)).toMatchObject({
      state: "awaiting_payment",
      timesMarkedPaid: 0,
    });
  });

  it("captures only with a known SMS payment, and never invoices twice", async () => {
    const orderRef = magento.createOrder({ amount: 450, currency: "EUR" });
    const unknown = await call("POST", `/order/${orderRef}/invoice`, { body: { capture: true } });
    expect(unknown).toMatchObject({
      status: 400,
      body: { message: "The SMS payment for this order is unknown." },
    });
    magento.setPaymentInformation(orderRef, { smspay_payment_id: "pay_stored" });
    expect(
      (await call("POST", `/order/${orderRef}/invoice`, { body: { capture: true } })).status,
    ).toBe(200);
    const again = await call("POST", `/order/${orderRef}/invoice`, { body: { capture: true } });
    expect(again).toMatchObject({
      status: 400,
      body: { message: "The order does not allow an invoice to be created." },
    });
    expect(magento.inspect(orderRef)).toMatchObject({
      timesMarkedPaid: 1,
      transactionId: "pay_stored",
    });
  });

  it("counts an online refund through the invoice as a gateway refund", async () => {
    const orderRef = magento.createOrder({ amount: 450, currency: "EUR" });
    magento.setPaymentInformation(orderRef, { smspay_payment_id: "pay_stored" });
    const invoiceId = (
      await call("POST", `/order/${orderRef}/invoice`, { body: { capture: true } })
    ).body;
    const refunded = await call("POST", `/invoice/${String(invoiceId)}/refund`, {
      body: { isOnline: true },
    });
    expect(refunded.status).toBe(200);
    expect(magento.inspect(orderRef)).toMatchObject({ gatewayRefunds: 1, refundedAmount: 450 });
  });
});

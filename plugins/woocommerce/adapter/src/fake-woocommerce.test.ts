// The fake must reject what WooCommerce rejects, or the adapter's contract
// proves nothing. Raw HTTP(S) requests, no adapter in between.

import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestCertificate, FakeWooCommerce } from "./fake-woocommerce.ts";
import { createWooCommerceAdapter } from "./woocommerce-adapter.ts";

type Answer = { status: number; body: Record<string, unknown> };

let tls: { key: string; cert: string };
beforeAll(() => {
  tls = createTestCertificate();
});

let shop: FakeWooCommerce;
afterEach(() => shop.close());

function call(
  method: string,
  pathAndQuery: string,
  options: { body?: unknown; raw?: string; basic?: [string, string] } = {},
): Promise<Answer> {
  const url = new URL(pathAndQuery, shop.baseUrl);
  const secure = url.protocol === "https:";
  const headers: Record<string, string> = { accept: "application/json" };
  const payload =
    options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (payload !== undefined) headers["content-type"] = "application/json";
  if (options.basic) {
    headers.authorization = `Basic ${Buffer.from(options.basic.join(":")).toString("base64")}`;
  }
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(
      url,
      { method, headers, ...(secure ? { ca: tls.cert } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            body: text.startsWith("{") ? (JSON.parse(text) as Record<string, unknown>) : {},
          });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

describe("fake WooCommerce over HTTPS", () => {
  const keys = (): [string, string] => [shop.consumerKey, shop.consumerSecret];

  it("answers like WooCommerce without, and with wrong, credentials", async () => {
    shop = await FakeWooCommerce.start({ tls });
    const orderRef = shop.createOrder({ amount: 450, currency: "EUR" });
    expect(await call("GET", `/wp-json/wc/v3/orders/${orderRef}`)).toEqual({
      status: 401,
      body: {
        code: "woocommerce_rest_cannot_view",
        message: "Sorry, you cannot view this resource.",
        data: { status: 401 },
      },
    });
    const put = await call("PUT", `/wp-json/wc/v3/orders/${orderRef}`, {
      body: { set_paid: true },
    });
    expect(put.body.code).toBe("woocommerce_rest_cannot_edit");
    const wrong = await call("GET", `/wp-json/wc/v3/orders/${orderRef}`, {
      basic: [shop.consumerKey, "cs_wrong"],
    });
    expect(wrong).toMatchObject({
      status: 401,
      body: { code: "woocommerce_rest_authentication_error" },
    });
    const query = await call(
      "GET",
      `/wp-json/wc/v3/orders/${orderRef}?consumer_key=${shop.consumerKey}&consumer_secret=${shop.consumerSecret}`,
    );
    expect(query).toMatchObject({ status: 200, body: { id: Number(orderRef), total: "4.50" } });
    expect(shop.inspect(orderRef).timesMarkedPaid).toBe(0);
  });

  it("validates parameters as the REST schema does, changing nothing on a 400", async () => {
    shop = await FakeWooCommerce.start({ tls });
    const orderRef = shop.createOrder({ amount: 450, currency: "EUR" });
    const order = `/wp-json/wc/v3/orders/${orderRef}`;
    const badStatus = await call("PUT", order, { basic: keys(), body: { status: "paid" } });
    expect(badStatus).toMatchObject({
      status: 400,
      body: { code: "rest_invalid_param", message: "Invalid parameter(s): status" },
    });
    const badPaid = await call("PUT", order, { basic: keys(), body: { set_paid: "yes" } });
    expect(badPaid.body.code).toBe("rest_invalid_param");
    const badJson = await call("PUT", order, { basic: keys(), raw: '{"set_paid": true' });
    expect(badJson).toMatchObject({ status: 400, body: { code: "rest_invalid_json" } });
    const numberAmount = await call("POST", `${order}/refunds`, {
      basic: keys(),
      body: { amount: 1.5, api_refund: false },
    });
    expect(numberAmount.body.code).toBe("rest_invalid_param");
    const noNote = await call("POST", `${order}/notes`, { basic: keys(), body: {} });
    expect(noNote.body.code).toBe("rest_missing_callback_param");
    expect(shop.inspect(orderRef)).toMatchObject({
      status: "pending",
      refundedAmount: 0,
      notes: [],
    });

    expect((await call("DELETE", order, { basic: keys() })).body.code).toBe("rest_no_route");
    expect((await call("GET", "/wp-json/wc/v3/products", { basic: keys() })).body.code).toBe(
      "rest_no_route",
    );
    expect((await call("GET", "/wp-json/wc/v3/orders/9", { basic: keys() })).body.code).toBe(
      "woocommerce_rest_shop_order_invalid_id",
    );
  });

  it("refunds through the gateway unless api_refund is false, never beyond the total", async () => {
    shop = await FakeWooCommerce.start({ tls });
    const orderRef = shop.createOrder({ amount: 450, currency: "EUR", status: "processing" });
    const refunds = `/wp-json/wc/v3/orders/${orderRef}/refunds`;
    const defaulted = await call("POST", refunds, { basic: keys(), body: { amount: "1.00" } });
    expect(defaulted).toMatchObject({
      status: 201,
      body: { amount: "1.00", refunded_payment: true },
    });
    await call("POST", refunds, { basic: keys(), body: { amount: "1.00", api_refund: false } });
    const tooMuch = await call("POST", refunds, {
      basic: keys(),
      body: { amount: "2.51", api_refund: false },
    });
    expect(tooMuch).toMatchObject({
      status: 500,
      body: { code: "woocommerce_rest_cannot_create_order_refund" },
    });
    await call("POST", refunds, { basic: keys(), body: { amount: "2.50", api_refund: false } });
    expect(shop.inspect(orderRef)).toMatchObject({
      gatewayRefunds: 1,
      refundedAmount: 450,
      status: "refunded",
      state: "refunded",
    });
  });

  it("fails the next calls with 503 when told to", async () => {
    shop = await FakeWooCommerce.start({ tls });
    shop.failNext(2);
    const url = "/wp-json/wc/v3/orders/1";
    expect((await call("GET", url, { basic: keys() })).status).toBe(503);
    expect((await call("GET", url, { basic: keys() })).status).toBe(503);
    expect((await call("GET", url, { basic: keys() })).status).toBe(404);
  });
});

describe("fake WooCommerce over plain HTTP", () => {
  it("refuses keys in clear and accepts each OAuth 1.0a signature once", async () => {
    shop = await FakeWooCommerce.start();
    const orderRef = shop.createOrder({ amount: 450, currency: "EUR" });
    const order = `/wp-json/wc/v3/orders/${orderRef}`;
    const basic = await call("GET", order, { basic: [shop.consumerKey, shop.consumerSecret] });
    expect(basic.body.code).toBe("woocommerce_rest_cannot_view");

    const adapter = createWooCommerceAdapter({
      url: shop.baseUrl,
      consumerKey: shop.consumerKey,
      consumerSecret: shop.consumerSecret,
    });
    expect(await adapter.orderState({ orderRef })).toBe("awaiting_payment");
    const signed = shop.requests.at(-1);
    expect(signed).toMatchObject({ auth: "oauth1", status: 200 });
    expect(signed?.url).toContain("oauth_signature=");

    const replay = await call("GET", signed?.url ?? "");
    expect(replay).toMatchObject({
      status: 401,
      body: { message: "Invalid nonce - nonce has already been used." },
    });
    const tampered = await call(
      "GET",
      (signed?.url ?? "").replace(`/orders/${orderRef}`, "/orders/9"),
    );
    expect(tampered.body.message).toBe("Invalid signature - provided signature does not match.");
  });
});

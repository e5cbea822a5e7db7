// WooCommerce end to end: the plugin's real checkout code (PHP, with the
// WordPress/WooCommerce stand-ins of its unit tests and live HTTP) creates the
// payment at a real smspay; the customer pays in the sandbox; the worker's
// platform notification reaches the fake WooCommerce REST API through
// @smspay/woocommerce, which sets the order paid once; the customer's return
// is confirmed server to server; a refund made in smspay is recorded on the
// order without a second refund through the gateway.

import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { eventually, type RunningSmspay, startSmspay, TestShop } from "@smspay/server/testing";
import { testDatabases } from "@smspay/testkit";
import { FakeWooCommerce } from "@smspay/woocommerce/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHECKOUT = fileURLToPath(
  new URL("../../plugins/woocommerce/wordpress/tests/end-to-end/checkout.php", import.meta.url),
);

type Paid = {
  result: { result: string; redirect?: string };
  paymentId: string;
  notices: unknown[];
  notes: string[];
};
type Returned = { status: string; transactionId: string; notes: string[]; page: string };

describe.each(testDatabases())("WooCommerce end to end on $kind", (factory) => {
  let smspay: RunningSmspay;
  let shop: FakeWooCommerce;
  let merchant: TestShop;

  beforeAll(async () => {
    shop = await FakeWooCommerce.start();
    smspay = await startSmspay({ db: (await factory.open()).db });
    merchant = await TestShop.open(smspay, "Woo Shop");
    const connected = await merchant.api("PUT", "/v1/platform-connection", {
      platform: "woocommerce",
      config: {
        url: shop.baseUrl,
        consumerKey: shop.consumerKey,
        consumerSecret: shop.consumerSecret,
      },
    });
    expect(connected.status).toBe(200);
  });
  afterAll(async () => {
    await smspay.close();
    await shop.close();
  });

  async function plugin<T>(step: "pay" | "return", orderRef: string, total: string, extra: string) {
    const { stdout } = await promisify(execFile)("php", [
      CHECKOUT,
      step,
      smspay.baseUrl,
      merchant.apiKey,
      orderRef,
      total,
      extra,
    ]);
    return JSON.parse(stdout) as T;
  }

  it("pays a WooCommerce order by SMS, marks it paid once and records a refund from smspay", async () => {
    const orderRef = shop.createOrder({ amount: 450, currency: "EUR" });
    const started = await plugin<Paid>("pay", orderRef, "4.50", "+33 6 12 34 00 02");
    const { paymentId } = started;
    expect(started.result).toEqual({
      result: "success",
      redirect: `${smspay.baseUrl}/pay/${paymentId}`,
    });
    expect(started.notices).toEqual([]);
    // What the plugin saved on its side of the order, mirrored in the fake shop.
    shop.setMeta(orderRef, "_smspay_payment_id", paymentId);

    const payment = (await merchant.api("GET", `/v1/payments/${paymentId}`)).body;
    expect(payment).toMatchObject({
      status: "pending",
      amount: 450,
      currency: "EUR",
      orderRef,
      flow: "shortcode",
      description: `Order ${orderRef}`,
      returnUrl: `https://shop.example/checkout/order-received/${orderRef}/?key=wc_order_e2e${orderRef}`,
      customer: { email: "customer@example.com", locale: "en-US", phoneLast4: "0002" },
      metadata: { platform: "woocommerce", orderNumber: orderRef, testMode: "no" },
    });
    // Placing the order again (a double click, the back button) finds the same payment.
    const again = await plugin<Paid>("pay", orderRef, "4.50", "+33 6 12 34 00 02");
    expect(again.paymentId).toBe(paymentId);

    await merchant.sms("+33612340002", payment.shortCode, payment.smsText);

    const paid = await eventually(
      () => shop.inspect(orderRef),
      (order) => order.state === "paid" && order.notes.length > 0,
    );
    expect(paid).toMatchObject({
      status: "processing",
      timesMarkedPaid: 1,
      transactionId: paymentId,
    });
    expect(paid.notes).toEqual([`Paid by SMS: 4.50 EUR. [smspay ${paymentId} paid]`]);

    // The customer's way back: the plugin asks smspay before completing its order.
    const back = await plugin<Returned>("return", orderRef, "4.50", paymentId);
    expect(back).toMatchObject({ status: "processing", transactionId: paymentId, page: "" });

    const refund = await merchant.api(
      "POST",
      `/v1/payments/${paymentId}/refunds`,
      { amount: 150, reason: "one croissant missing" },
      { "idempotency-key": `e2e-refund-${paymentId}` },
    );
    expect(refund.status).toBe(201);
    const refunded = await eventually(
      () => shop.inspect(orderRef),
      (order) => order.refundedAmount === 150,
    );
    expect(refunded).toMatchObject({
      state: "partially_refunded",
      gatewayRefunds: 0,
      timesMarkedPaid: 1,
    });
  });

  it("cancels the WooCommerce order when the payment is canceled", async () => {
    const orderRef = shop.createOrder({ amount: 200, currency: "EUR" });
    const started = await plugin<Paid>("pay", orderRef, "2.00", "");
    shop.setMeta(orderRef, "_smspay_payment_id", started.paymentId);
    expect((await merchant.api("POST", `/v1/payments/${started.paymentId}/cancel`)).status).toBe(
      200,
    );
    const order = await eventually(
      () => shop.inspect(orderRef),
      // The adapter cancels, then notes: wait for both.
      (view) => view.state === "cancelled" && view.notes.length > 0,
    );
    expect(order).toMatchObject({ status: "cancelled", timesMarkedPaid: 0 });
    expect(order.notes).toEqual([`SMS payment canceled. [smspay ${started.paymentId} canceled]`]);
  });
});

import { describe, expect, it } from "vitest";
import type { Payment } from "./payment.ts";
import { paymentResource } from "./payment-resource.ts";
import { STATUS_EVENTS, type WebhookEvent, webhookBody } from "./webhook-events.ts";

const payment: Payment = {
  id: "pay_1",
  merchantId: "mer_1",
  status: "succeeded",
  flow: "shortcode",
  amount: 450,
  currency: "EUR",
  orderRef: "1001",
  description: null,
  returnUrl: "https://shop.example/thanks",
  cancelUrl: null,
  customerEmail: null,
  customerLocale: "fr",
  phoneHash: "hash",
  phoneCipher: "cipher",
  phoneLast4: "5678",
  metadata: { cart: "42" },
  shortCode: "81450",
  keyword: "PAY",
  reference: "123456",
  test: false,
  idempotencyKey: "key-1",
  requestHash: "request-hash",
  refundedAmount: 0,
  failureCode: null,
  expiresAt: new Date("2026-11-27T10:15:00.000Z"),
  createdAt: new Date("2026-11-27T10:00:00.000Z"),
  updatedAt: new Date("2026-11-27T10:00:15.000Z"),
  succeededAt: new Date("2026-11-27T10:00:15.000Z"),
};

const event: WebhookEvent = {
  id: "evt_1",
  merchantId: "mer_1",
  paymentId: "pay_1",
  type: "payment.succeeded",
  createdAt: new Date("2026-11-27T10:00:15.000Z"),
  data: { payment: paymentResource(payment, "") },
};

describe("webhookBody", () => {
  it("is the documented envelope around the payment exactly as the API shows it", () => {
    const body = webhookBody(event, "https://pay.example");
    expect(JSON.parse(body)).toEqual({
      id: "evt_1",
      type: "payment.succeeded",
      createdAt: "2026-11-27T10:00:15.000Z",
      data: { payment: paymentResource(payment, "https://pay.example") },
    });
    expect(Object.keys(JSON.parse(body))).toEqual(["id", "type", "createdAt", "data"]);
  });

  it("keeps the API's field order in the payment and never shows the phone number", () => {
    const body = webhookBody(event, "https://pay.example");
    expect(body).toContain(
      JSON.stringify({ payment: paymentResource(payment, "https://pay.example") }).slice(0, -1),
    );
    expect(body).not.toContain("cipher");
    expect(body).not.toContain("hash");
  });

  it("carries the refund of a refund event beside the payment", () => {
    const refund = {
      id: "re_1",
      paymentId: "pay_1",
      amount: 200,
      currency: "EUR",
      status: "succeeded",
      method: "phone_credit",
      reason: null,
      createdAt: "2026-11-28T09:00:00.000Z",
    };
    const body = JSON.parse(
      webhookBody(
        { ...event, type: "payment.partially_refunded", data: { ...event.data, refund } },
        "https://pay.example",
      ),
    );
    expect(body.data.refund).toEqual(refund);
    expect(body.data.payment.checkoutUrl).toBe("https://pay.example/pay/pay_1");
  });
});

describe("STATUS_EVENTS", () => {
  it("announces every final status and every refund, not the ones in between", () => {
    expect(STATUS_EVENTS).toEqual({
      succeeded: "payment.succeeded",
      failed: "payment.failed",
      expired: "payment.expired",
      canceled: "payment.canceled",
      partially_refunded: "payment.partially_refunded",
      refunded: "payment.refunded",
    });
  });
});

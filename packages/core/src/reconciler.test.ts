import { describe, expect, it } from "vitest";
import type { Payment } from "./payment.ts";
import type { PaymentStatus } from "./payment-states.ts";
import type { PlatformOrderState } from "./platform.ts";
import { comparePlatform } from "./reconciler.ts";

const T0 = new Date("2026-03-14T09:00:00.000Z");

function payment(status: PaymentStatus, refundedAmount = 0): Payment {
  return {
    id: "pay_1",
    merchantId: "mer_1",
    status,
    flow: "shortcode",
    amount: 450,
    currency: "EUR",
    orderRef: "A-1001",
    description: null,
    returnUrl: "https://shop.example/thanks",
    cancelUrl: null,
    customerEmail: null,
    customerLocale: null,
    phoneHash: null,
    phoneCipher: null,
    phoneLast4: null,
    metadata: null,
    shortCode: "81450",
    keyword: "PAY",
    reference: "123456",
    test: false,
    idempotencyKey: null,
    requestHash: null,
    refundedAmount,
    failureCode: null,
    expiresAt: T0,
    createdAt: T0,
    updatedAt: T0,
    succeededAt: null,
  };
}

const decide = (status: PaymentStatus, order: PlatformOrderState, refunded = 0) => {
  const drift = comparePlatform(payment(status, refunded), order);
  return drift.action === "attention" ? drift.kind : drift.action;
};

describe("comparePlatform", () => {
  it("leaves agreeing states alone", () => {
    expect(decide("succeeded", "paid")).toBe("none");
    expect(decide("partially_refunded", "partially_refunded", 200)).toBe("none");
    expect(decide("refunded", "refunded", 450)).toBe("none");
    expect(decide("refunded", "cancelled", 450)).toBe("none");
    expect(decide("failed", "failed")).toBe("none");
    expect(decide("expired", "cancelled")).toBe("none");
    expect(decide("canceled", "not_found")).toBe("none");
  });

  it("tells the shop again what it missed", () => {
    expect(decide("succeeded", "awaiting_payment")).toBe("renotify");
    expect(decide("partially_refunded", "paid", 200)).toBe("renotify");
    expect(decide("refunded", "paid", 450)).toBe("renotify");
    expect(decide("refunded", "partially_refunded", 450)).toBe("renotify");
    expect(decide("failed", "awaiting_payment")).toBe("renotify");
    expect(decide("expired", "awaiting_payment")).toBe("renotify");
  });

  it("asks a person when only a person can decide", () => {
    expect(decide("succeeded", "cancelled")).toBe("order_cancelled_but_paid");
    expect(decide("succeeded", "failed")).toBe("order_cancelled_but_paid");
    expect(decide("succeeded", "not_found")).toBe("order_not_found");
    expect(decide("succeeded", "refunded")).toBe("platform_refund_unknown");
    expect(decide("succeeded", "partially_refunded")).toBe("platform_refund_unknown");
    expect(decide("partially_refunded", "refunded", 200)).toBe("platform_refund_unknown");
    expect(decide("failed", "paid")).toBe("paid_in_shop_but_failed");
    expect(decide("canceled", "paid")).toBe("paid_in_shop_but_failed");
  });

  it("says what it found in the merchant's words", () => {
    const drift = comparePlatform(payment("succeeded"), "cancelled");
    expect(drift).toEqual({
      action: "attention",
      kind: "order_cancelled_but_paid",
      detail:
        "the shop shows order A-1001 cancelled, but the customer paid 450 EUR by SMS: ship it, or refund the customer",
    });
  });

  it("has nothing to say about payments still in flight", () => {
    expect(decide("pending", "paid")).toBe("none");
    expect(decide("processing", "cancelled")).toBe("none");
  });
});

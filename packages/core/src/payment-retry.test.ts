import { describe, expect, it } from "vitest";
import type { Payment } from "./payment.ts";
import { retryRequestFor } from "./payment-retry.ts";

const failed: Payment = {
  id: "pay_1",
  merchantId: "mer_1",
  status: "failed",
  flow: "otp",
  amount: 750,
  currency: "EUR",
  orderRef: "A-1",
  description: "Gift card",
  returnUrl: "https://shop.example/r",
  cancelUrl: null,
  customerEmail: "lea@example.com",
  customerLocale: "fr-FR",
  phoneHash: "h",
  phoneCipher: "c",
  phoneLast4: "5678",
  metadata: { cart: "42" },
  shortCode: null,
  keyword: null,
  reference: null,
  test: false,
  idempotencyKey: "shop-key",
  requestHash: "x",
  refundedAmount: 0,
  failureCode: "insufficient_funds",
  expiresAt: new Date(0),
  createdAt: new Date(0),
  updatedAt: new Date(0),
  succeededAt: null,
};

describe("retryRequestFor", () => {
  it("asks again for the same order with the same parameters, and no phone", () => {
    expect(retryRequestFor(failed)).toEqual({
      idempotencyKey: "retry:pay_1",
      body: {
        amount: 750,
        currency: "EUR",
        orderRef: "A-1",
        returnUrl: "https://shop.example/r",
        description: "Gift card",
        customer: { email: "lea@example.com", locale: "fr-FR" },
        metadata: { cart: "42" },
      },
    });
  });

  it.each(["pending", "processing", "succeeded", "expired", "canceled"] as const)(
    "refuses a %s payment",
    (status) => {
      expect(() => retryRequestFor({ ...failed, status })).toThrow(
        expect.objectContaining({ code: "invalid_state" }),
      );
    },
  );
});

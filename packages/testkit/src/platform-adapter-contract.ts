// The contract every platform adapter (Shopify, WooCommerce, Magento) runs
// against a strict fake of its platform's HTTP API: what the outbox relies on
// when it tells a shop what happened to an order.
//
//   platformAdapterContract("woocommerce", async () => ({ adapter, createOrder, inspect, failNext, close }));

import {
  isSmspayError,
  type PlatformAdapter,
  type PlatformOrderState,
  type PlatformPayment,
} from "@smspay/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

/** The fake platform's own view of an order, as its API stores it. */
export type FakeOrderView = {
  readonly state: PlatformOrderState;
  /** How many times the order was marked paid (a second invoice or set_paid counts). */
  readonly timesMarkedPaid: number;
  /** Refunds recorded on the order, in minor units. */
  readonly refundedAmount: number;
  /** Refunds the platform was asked to push back through the payment gateway (must stay 0). */
  readonly gatewayRefunds: number;
  /** Our payment id, where the platform keeps a transaction id. */
  readonly transactionId: string | null;
};

export type PlatformFixture = {
  readonly adapter: PlatformAdapter;
  /** Creates an order awaiting payment on the fake platform; returns its order reference. */
  createOrder(input: { amount: number; currency: string }): Promise<string>;
  inspect(orderRef: string): Promise<FakeOrderView>;
  /** The next `count` API calls answer 503 (a platform outage). */
  failNext(count: number): void;
  close(): Promise<void>;
};

/** What differs between platforms, and which contract cases follow from it. */
export type PlatformTraits = {
  /**
   * Where refunds start. "smspay" (default): a refund made through smspay is
   * recorded on the order. "platform": the platform only records refunds it
   * started itself (Shopify's refund sessions), so a refund made in smspay
   * changes nothing there (and, either way, never loops back through the gateway).
   */
  readonly refundsStartIn?: "smspay" | "platform";
};

let paymentSeq = 0;

function paymentFor(orderRef: string, amount: number): PlatformPayment {
  paymentSeq += 1;
  return {
    id: `pay_contract${paymentSeq}`,
    orderRef,
    amount,
    currency: "EUR",
    reference: "123456",
    failureCode: null,
    test: true,
  };
}

export function platformAdapterContract(
  name: string,
  setup: () => Promise<PlatformFixture>,
  traits: PlatformTraits = {},
): void {
  describe(`platform adapter contract: ${name}`, () => {
    let fixture: PlatformFixture;
    beforeEach(async () => {
      fixture = await setup();
    });
    afterEach(() => fixture.close());

    it("marks an order paid with our payment id, once even when told twice", async () => {
      const orderRef = await fixture.createOrder({ amount: 450, currency: "EUR" });
      const payment = paymentFor(orderRef, 450);
      await fixture.adapter.notifyPaid({ payment });
      await fixture.adapter.notifyPaid({ payment });
      const order = await fixture.inspect(orderRef);
      expect(order).toMatchObject({ state: "paid", timesMarkedPaid: 1, transactionId: payment.id });
      expect(await fixture.adapter.orderState({ orderRef })).toBe("paid");
    });

    it("reports an order awaiting payment as such", async () => {
      const orderRef = await fixture.createOrder({ amount: 200, currency: "EUR" });
      expect(await fixture.adapter.orderState({ orderRef })).toBe("awaiting_payment");
    });

    it.each(["failed", "expired", "canceled"] as const)(
      "stops an order whose payment %s from shipping",
      async (reason) => {
        const orderRef = await fixture.createOrder({ amount: 200, currency: "EUR" });
        await fixture.adapter.notifyFailed({ payment: paymentFor(orderRef, 200), reason });
        const state = await fixture.adapter.orderState({ orderRef });
        expect(["failed", "cancelled"]).toContain(state);
        expect((await fixture.inspect(orderRef)).timesMarkedPaid).toBe(0);
      },
    );

    it("never unpays a paid order when a late failure arrives", async () => {
      const orderRef = await fixture.createOrder({ amount: 450, currency: "EUR" });
      const payment = paymentFor(orderRef, 450);
      await fixture.adapter.notifyPaid({ payment });
      await fixture.adapter.notifyFailed({ payment, reason: "failed" });
      expect(await fixture.adapter.orderState({ orderRef })).toBe("paid");
    });

    // One of the two refund cases applies (registered, not skipped).
    const refundCase = traits.refundsStartIn === "platform" ? "platform" : "smspay";
    if (refundCase === "platform")
      it("leaves refunds made in smspay off the order, without a gateway refund loop", async () => {
        const orderRef = await fixture.createOrder({ amount: 450, currency: "EUR" });
        const payment = paymentFor(orderRef, 450);
        await fixture.adapter.notifyPaid({ payment });
        const refund = { id: `re_${payment.id}_1`, amount: 150, currency: "EUR", reason: null };
        await fixture.adapter.notifyRefunded({ payment, refund });
        await fixture.adapter.notifyRefunded({ payment, refund });
        expect(await fixture.inspect(orderRef)).toMatchObject({
          refundedAmount: 0,
          gatewayRefunds: 0,
          timesMarkedPaid: 1,
        });
        expect(await fixture.adapter.orderState({ orderRef })).toBe("paid");
      });

    if (refundCase === "smspay")
      it("records refunds from smspay once each, without a gateway refund loop", async () => {
        const orderRef = await fixture.createOrder({ amount: 450, currency: "EUR" });
        const payment = paymentFor(orderRef, 450);
        await fixture.adapter.notifyPaid({ payment });
        const partial = {
          id: `re_${payment.id}_1`,
          amount: 150,
          currency: "EUR",
          reason: "one item missing",
        };
        await fixture.adapter.notifyRefunded({ payment, refund: partial });
        await fixture.adapter.notifyRefunded({ payment, refund: partial });
        expect(await fixture.inspect(orderRef)).toMatchObject({
          refundedAmount: 150,
          gatewayRefunds: 0,
        });
        expect(await fixture.adapter.orderState({ orderRef })).toBe("partially_refunded");

        await fixture.adapter.notifyRefunded({
          payment,
          refund: { id: `re_${payment.id}_2`, amount: 300, currency: "EUR", reason: null },
        });
        expect(await fixture.inspect(orderRef)).toMatchObject({
          refundedAmount: 450,
          gatewayRefunds: 0,
        });
        expect(await fixture.adapter.orderState({ orderRef })).toBe("refunded");
      });

    it("says not_found for an order the platform does not have", async () => {
      expect(await fixture.adapter.orderState({ orderRef: "999999999" })).toBe("not_found");
    });

    it("fails retryably during a platform outage, then goes through", async () => {
      const orderRef = await fixture.createOrder({ amount: 450, currency: "EUR" });
      const payment = paymentFor(orderRef, 450);
      fixture.failNext(1);
      const error = await fixture.adapter.notifyPaid({ payment }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isSmspayError(error) && error.code === "platform_error" && error.retryable).toBe(true);
      await fixture.adapter.notifyPaid({ payment });
      expect((await fixture.inspect(orderRef)).timesMarkedPaid).toBe(1);
    });
  });
}

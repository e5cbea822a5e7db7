// The platform adapter contract, run against the Shopify adapter and the fake
// Shopify, on both databases (the adapter keeps what Shopify acknowledged).
// For Shopify an order is a payment session (orderRef = its gid), and refunds
// start in Shopify (refund sessions): a refund made in smspay cannot be
// recorded there, which is the contract's "platform" refund case.

import { toDecimalString } from "@smspay/core";
import { createPrismaStore } from "@smspay/db";
import { type PlatformFixture, platformAdapterContract, testDatabases } from "@smspay/testkit";
import { FakeShopify } from "./fake-shopify.ts";
import { SHOPIFY_SCOPES } from "./shopify-app.ts";
import { shopifyAdapterFactory } from "./shopify-connection.ts";
import { shopifyStore } from "./shopify-store.ts";

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

for (const factory of testDatabases()) {
  platformAdapterContract(
    `shopify on ${factory.kind}`,
    async (): Promise<PlatformFixture> => {
      const db = await factory.open();
      const fake = await FakeShopify.start({
        apiKey: "contract-client",
        apiSecret: "contract-secret-0123456789",
        appUrl: "http://127.0.0.1:9",
        scopes: SHOPIFY_SCOPES,
      });
      const shop = "contract-shop.myshopify.com";
      const merchantId = "mer_contract";
      const shopify = shopifyStore(db.prisma);
      const adapter = shopifyAdapterFactory({
        shopify,
        core: createPrismaStore(db.prisma),
        origin: fake.origin,
      })({ shop, accessToken: fake.issueToken(shop) }, { merchantId, log: quiet });
      let orders = 0;
      return {
        adapter,
        async createOrder({ amount, currency }) {
          const session = fake.openPaymentSession(shop, {
            amount: toDecimalString({ amount, currency }),
            currency,
          });
          await shopify.putPaymentSession({
            shop,
            id: session.id,
            gid: session.gid,
            merchantId,
            paymentId: `pay_order${++orders}`,
            apiVersion: "2026-10",
            kind: "sale",
            amount,
            currency,
            test: true,
            cancelUrl: `https://${shop}/checkouts/c/${session.id}/payment`,
            createdAt: new Date(),
          });
          return session.gid;
        },
        async inspect(orderRef) {
          const session = fake.session(orderRef);
          if (!session) throw new Error(`the fake has no session ${orderRef}`);
          const refunded = [...fake.sessions.values()]
            .filter(
              (s) =>
                s.kind === "RefundSession" && s.paymentId === session.id && s.state === "resolved",
            )
            .reduce((sum, s) => sum + Math.round(Number(s.amount) * 100), 0);
          const amount = Math.round(Number(session.amount) * 100);
          return {
            state:
              session.state === "resolved"
                ? refunded === 0
                  ? "paid"
                  : refunded >= amount
                    ? "refunded"
                    : "partially_refunded"
                : session.state === "rejected"
                  ? "failed"
                  : "awaiting_payment",
            timesMarkedPaid:
              fake.callsFor(orderRef, "paymentSessionResolve").length > 0 &&
              session.state === "resolved"
                ? 1
                : 0,
            refundedAmount: refunded,
            // Payments apps never push a refund back through the gateway: Shopify starts them.
            gatewayRefunds: 0,
            transactionId: session.transactionId,
          };
        },
        failNext: (count) => fake.failNext(count),
        async close() {
          await fake.close();
          await db.close();
        },
      };
    },
    { refundsStartIn: "platform" },
  );
}

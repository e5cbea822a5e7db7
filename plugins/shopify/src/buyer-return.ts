// The buyer's way back from the smspay checkout to Shopify (the payment's
// returnUrl). Shopify's redirect URL is only known once the session was
// resolved, rejected or marked pending, so this page waits for it:
// - paid: the outbox resolves the session; wait for its redirect URL.
// - failed: the buyer gave up trying again; reject now (with the reason for
//   the session's API version) and follow Shopify's redirect.
// - expired, canceled: back to Shopify's cancel_url (no reject: the buyer may
//   pick SMS again, or another method).
// - processing for long (the operator has not confirmed): mark the session
//   pending so Shopify takes the buyer back and waits for the outcome.
// - pending: the buyer has not paid yet: back to the checkout page.

import { checkoutUrl, PAID_STATUSES } from "@smspay/core";
import type { AppLog } from "./app-log.ts";
import type { PaymentSessions } from "./payment-sessions.ts";
import type { ShopifyAdapter } from "./shopify-adapter.ts";
import type { ShopifyStore } from "./shopify-store.ts";

export type ReturnStep =
  | { readonly redirect: string }
  | { readonly wait: string; readonly cancelUrl: string | null };

export type BuyerReturnDeps = {
  readonly shopify: ShopifyStore;
  readonly sessions: PaymentSessions;
  readonly adapterFor: (merchantId: string) => Promise<ShopifyAdapter | undefined>;
  readonly publicUrl: string;
  readonly clock: { now(): Date };
  readonly log: AppLog;
  /** How long the operator may take before Shopify is told the payment is pending. */
  readonly pendingAfterMs: number;
  /** How long Shopify keeps a pending session (Shopify recommends at most 3 days). */
  readonly pendingForMs: number;
};

export class BuyerReturn {
  readonly #deps: BuyerReturnDeps;

  constructor(deps: BuyerReturnDeps) {
    this.#deps = deps;
  }

  async next(shop: string, sessionId: string): Promise<ReturnStep | undefined> {
    const { shopify, sessions, clock } = this.#deps;
    const session = await shopify.getPaymentSession({ shop, id: sessionId });
    const payment = session && (await sessions.latestPayment(session));
    if (!session || !payment) return undefined;
    const final =
      session.state === "resolved" || session.state === "rejected" || session.state === "pending";
    if (final && session.nextActionUrl) return { redirect: session.nextActionUrl };
    const wait = (text: string) => ({ wait: text, cancelUrl: session.cancelUrl });

    if (PAID_STATUSES.includes(payment.status))
      return wait("Payment received: taking you back to the shop…");
    switch (payment.status) {
      case "expired":
      case "canceled":
        return { redirect: session.cancelUrl };
      case "pending":
        return { redirect: checkoutUrl(this.#deps.publicUrl, payment.id) };
      case "failed": {
        const url = await this.#withAdapter(session.merchantId, (adapter) =>
          adapter.rejectForBuyer(session, payment.failureCode ?? "failed"),
        );
        return url ? { redirect: url } : wait("Telling the shop the payment did not go through…");
      }
      case "processing": {
        const waited = clock.now().getTime() - payment.updatedAt.getTime();
        if (waited < this.#deps.pendingAfterMs)
          return wait("Your operator is confirming the payment…");
        const expiresAt = new Date(clock.now().getTime() + this.#deps.pendingForMs);
        const url = await this.#withAdapter(session.merchantId, (adapter) =>
          adapter.markPending(session, expiresAt),
        );
        return url ? { redirect: url } : wait("Your operator is confirming the payment…");
      }
    }
    return wait("Taking you back to the shop…");
  }

  /** Shopify unreachable: the buyer's page tries again at its next refresh. */
  async #withAdapter(
    merchantId: string,
    call: (adapter: ShopifyAdapter) => Promise<string | null>,
  ): Promise<string | null> {
    const adapter = await this.#deps.adapterFor(merchantId);
    if (!adapter) return null;
    try {
      return await call(adapter);
    } catch (error) {
      this.#deps.log.warn({ err: error, merchantId }, "Shopify call on the buyer's return failed");
      return null;
    }
  }
}

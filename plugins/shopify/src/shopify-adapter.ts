// The Shopify side of the platform adapter port: tells Shopify, through the
// Payments Apps API, what became of a payment session, and settles the
// refund, capture and void sessions Shopify opened on it. The outbox calls it
// (notify_platform) and retries it; every call is idempotent because it acts
// only on what Shopify has not acknowledged yet (stored per session).
//
// A payment's orderRef is its payment session's gid (what the mutations take).
// Shopify has no order until a session is resolved (or pending), so:
// - succeeded: paymentSessionResolve; the redirect URL Shopify answers is kept
//   for the buyer's way back (/shopify/return/...).
// - failed: no reject yet. The checkout offers "Try again" (a new payment for
//   the same session), and a rejected session blocks retrying with the same
//   provider: the reject, with the reason mapped for the session's API version,
//   is sent when the buyer goes back to the shop (return route) — or at once
//   when Shopify already sent the buyer back (the session is pending).
// - expired, canceled: the buyer goes to cancel_url; no reject either, unless
//   the session is pending (it must end one way or the other).
// - refunded: Shopify's refunds start in Shopify (refund sessions); a refund
//   made in smspay cannot be recorded in Shopify through this API and is
//   only logged.

import {
  type Clock,
  type PlatformAdapter,
  type PlatformOrderState,
  type PlatformPayment,
  type PlatformRefund,
  type Repositories,
  raiseAttention,
  SmspayError,
  type Store,
} from "@smspay/core";
import { merchantMessageFor, rejectionCodeFor } from "./api-versions.ts";
import type { AppLog } from "./app-log.ts";
import { refundIdempotencyKey } from "./follow-up-sessions.ts";
import type { PaymentsAppsClient } from "./payments-client.ts";
import type { FollowUpRecord, PaymentSessionRecord, ShopifyStore } from "./shopify-store.ts";

export type ShopifyAdapterDeps = {
  readonly merchantId: string;
  readonly client: PaymentsAppsClient;
  readonly shopify: ShopifyStore;
  /** The core's storage: refunds' outcomes, the needs-attention list. */
  readonly core: Store;
  readonly clock: Clock;
  readonly log: AppLog;
};

export class ShopifyAdapter implements PlatformAdapter {
  readonly platform = "shopify";
  readonly #deps: ShopifyAdapterDeps;

  constructor(deps: ShopifyAdapterDeps) {
    this.#deps = deps;
  }

  async notifyPaid({ payment }: { payment: PlatformPayment }): Promise<void> {
    const session = await this.#session(payment.orderRef);
    if (session.state !== "resolved") await this.#resolve(session, payment);
    await this.#settleFollowUps(session);
  }

  async notifyFailed({
    payment,
    reason,
  }: {
    payment: PlatformPayment;
    reason: "failed" | "expired" | "canceled";
  }): Promise<void> {
    const session = await this.#session(payment.orderRef);
    if (session.state === "pending") {
      await this.#reject(session, payment.failureCode ?? reason);
    } else if (session.state !== "resolved" && session.state !== "rejected") {
      await this.#deps.shopify.setPaymentSessionState({
        gid: session.gid,
        state: reason === "failed" ? "failed" : "canceled",
        at: this.#deps.clock.now(),
      });
    }
    await this.#settleFollowUps(session);
  }

  async notifyRefunded({
    payment,
    refund,
  }: {
    payment: PlatformPayment;
    refund: PlatformRefund;
  }): Promise<void> {
    const session = await this.#session(payment.orderRef);
    const key = (await this.#deps.core.refunds.getById(refund.id))?.idempotencyKey ?? "";
    if (!key.startsWith(refundIdempotencyKey("gid://shopify/RefundSession/"))) {
      // Shopify's payments apps cannot record a refund Shopify did not ask for.
      this.#deps.log.warn(
        { paymentId: payment.id, refundId: refund.id, shop: session.shop },
        "refund made in smspay: record it in the Shopify admin by hand",
      );
    }
    await this.#settleFollowUps(session);
  }

  async orderState({ orderRef }: { orderRef: string }): Promise<PlatformOrderState> {
    const session = await this.#deps.shopify.findPaymentSession({
      merchantId: this.#deps.merchantId,
      gid: orderRef,
    });
    if (!session) return "not_found";
    switch (session.state) {
      case "open":
      case "pending":
        return "awaiting_payment";
      case "failed":
      case "rejected":
        return "failed";
      case "canceled":
        return "cancelled";
      case "resolved": {
        const refunded = await this.#deps.shopify.refundedInShopify({
          shop: session.shop,
          paymentSessionId: session.id,
        });
        if (refunded === 0) return "paid";
        return refunded >= session.amount ? "refunded" : "partially_refunded";
      }
    }
  }

  /**
   * Rejects the session now (the buyer went back to the shop, or Shopify holds
   * it pending); returns where the buyer goes.
   */
  async rejectForBuyer(session: PaymentSessionRecord, failureCode: string): Promise<string | null> {
    return this.#reject(session, failureCode);
  }

  /**
   * Tells Shopify the payment waits on the operator: Shopify takes the buyer
   * back and waits for resolve or reject (which the outbox sends when the
   * payment ends). Returns where the buyer goes.
   */
  async markPending(session: PaymentSessionRecord, expiresAt: Date): Promise<string | null> {
    const outcome = await this.#deps.client.pendPayment(session.apiVersion, session.gid, {
      expiresAt,
      reason: "BUYER_ACTION_REQUIRED",
    });
    if (outcome.userErrors.length > 0) {
      this.#deps.log.warn(
        { shop: session.shop, gid: session.gid, userErrors: outcome.userErrors },
        "Shopify refused to mark the payment session pending",
      );
      return null;
    }
    await this.#deps.shopify.setPaymentSessionState({
      gid: session.gid,
      state: "pending",
      ...(outcome.nextActionUrl ? { nextActionUrl: outcome.nextActionUrl } : {}),
      at: this.#deps.clock.now(),
    });
    return outcome.nextActionUrl;
  }

  async #resolve(session: PaymentSessionRecord, payment: PlatformPayment): Promise<void> {
    const outcome = await this.#deps.client.resolvePayment(
      session.apiVersion,
      session.gid,
      payment.id,
    );
    const at = this.#deps.clock.now();
    if (outcome.userErrors.length === 0) {
      await this.#deps.shopify.setPaymentSessionState({
        gid: session.gid,
        state: "resolved",
        ...(outcome.nextActionUrl ? { nextActionUrl: outcome.nextActionUrl } : {}),
        at,
      });
      return;
    }
    // A resolve is refused only when the session ended otherwise (rejected, or
    // expired at Shopify): the customer paid for an order Shopify will not create.
    await this.#deps.shopify.setPaymentSessionState({
      gid: session.gid,
      state: "rejected",
      at,
      overrideFinal: true,
    });
    await this.#conflict(session, payment.id, {
      kind: "order_cancelled_but_paid",
      detail: `the customer paid ${payment.amount} ${payment.currency} by SMS, but Shopify refused to resolve payment session ${session.gid} (${messages(outcome.userErrors)}): refund the customer, or create the order by hand`,
    });
  }

  async #reject(session: PaymentSessionRecord, failureCode: string): Promise<string | null> {
    const code = rejectionCodeFor(failureCode, session.apiVersion);
    const outcome = await this.#deps.client.rejectPayment(session.apiVersion, session.gid, {
      code,
      merchantMessage: merchantMessageFor(failureCode),
    });
    const at = this.#deps.clock.now();
    if (outcome.userErrors.length === 0) {
      await this.#deps.shopify.setPaymentSessionState({
        gid: session.gid,
        state: "rejected",
        ...(outcome.nextActionUrl ? { nextActionUrl: outcome.nextActionUrl } : {}),
        at,
      });
      return outcome.nextActionUrl;
    }
    // Refused: Shopify resolved it (a payment that succeeded after all, or a retry).
    await this.#deps.shopify.setPaymentSessionState({
      gid: session.gid,
      state: "resolved",
      at,
      overrideFinal: true,
    });
    await this.#conflict(session, session.paymentId, {
      kind: "paid_in_shop_but_failed",
      detail: `Shopify holds payment session ${session.gid} as paid, but its SMS payment failed (${messages(outcome.userErrors)}): do not ship before checking`,
    });
    return null;
  }

  /** Refund, capture and void sessions whose outcome is known: tell Shopify. */
  async #settleFollowUps(session: PaymentSessionRecord): Promise<void> {
    for (const followUp of await this.#openFollowUps(session)) {
      const decision = followUp.decision ?? (await this.#refundOutcome(followUp));
      if (!decision) continue;
      const outcome = await this.#deps.client.finishFollowUp(
        session.apiVersion,
        followUp.kind,
        followUp.gid,
        decision === "resolve"
          ? { resolve: true }
          : {
              resolve: false,
              merchantMessage: followUp.reason ?? "The SMS payment could not do it.",
            },
      );
      if (outcome.userErrors.length > 0) {
        this.#deps.log.error(
          { shop: session.shop, gid: followUp.gid, userErrors: outcome.userErrors },
          `Shopify refused to ${decision} the ${followUp.kind} session`,
        );
      }
      await this.#deps.shopify.finishFollowUp({
        gid: followUp.gid,
        state: decision === "resolve" ? "resolved" : "rejected",
        at: this.#deps.clock.now(),
      });
    }
  }

  /** A refund session waits on its smspay refund (an operator credit can take a while). */
  async #refundOutcome(followUp: FollowUpRecord): Promise<"resolve" | "reject" | null> {
    if (followUp.kind !== "refund") return null;
    const refund = await this.#deps.core.refunds.findByIdempotencyKey({
      merchantId: this.#deps.merchantId,
      key: refundIdempotencyKey(followUp.gid),
    });
    if (refund?.status === "succeeded") return "resolve";
    if (refund?.status === "failed") return "reject";
    return null;
  }

  #openFollowUps(session: PaymentSessionRecord): Promise<FollowUpRecord[]> {
    return this.#deps.shopify.openFollowUps({ shop: session.shop, paymentSessionId: session.id });
  }

  async #session(orderRef: string): Promise<PaymentSessionRecord> {
    const session = await this.#deps.shopify.findPaymentSession({
      merchantId: this.#deps.merchantId,
      gid: orderRef,
    });
    if (!session) {
      throw new SmspayError(
        "platform_error",
        `no Shopify payment session ${orderRef} for this shop`,
      );
    }
    return session;
  }

  async #conflict(
    session: PaymentSessionRecord,
    paymentId: string,
    item: { kind: "order_cancelled_but_paid" | "paid_in_shop_but_failed"; detail: string },
  ): Promise<void> {
    this.#deps.log.error({ shop: session.shop, gid: session.gid, paymentId }, item.detail);
    const payment = await this.#deps.core.payments.getById(paymentId);
    await this.#deps.core.transaction((tx: Repositories) =>
      raiseAttention(
        tx,
        { ...item, merchantId: this.#deps.merchantId, paymentId: payment ? paymentId : null },
        this.#deps.clock.now(),
      ),
    );
  }
}

function messages(errors: readonly { message: string }[]): string {
  return errors.map((e) => e.message).join("; ");
}

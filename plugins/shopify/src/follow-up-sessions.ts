// Shopify's refund, capture and void sessions on a payment session. Each is
// answered 201 once recorded, and finished later: the outcome is decided (or,
// for a refund, left to the smspay refund), and the outbox's notify_platform
// effect carries it to Shopify (ShopifyAdapter settles open follow-ups on
// every notification). Shopify retries these requests: Shopify's id keys the
// record, and a refund is created through the core's idempotency path.
//
// SMS payments are captured when paid (no separate authorization), so a
// capture of a paid payment just resolves, and a void can only stop a payment
// the customer has not paid yet.

import {
  type CoreDeps,
  emitPaymentEvent,
  isSmspayError,
  PAID_STATUSES,
  type Payment,
  type PaymentService,
  parseOrThrow,
  type RefundService,
  refundResource,
  SmspayError,
  STATUS_EVENTS,
} from "@smspay/core";
import type { PaymentSessions } from "./payment-sessions.ts";
import {
  captureSessionSchema,
  minorUnits,
  refundSessionSchema,
  type SessionHeaders,
  voidSessionSchema,
} from "./session-requests.ts";
import type { FollowUpKind, PaymentSessionRecord, ShopifyStore } from "./shopify-store.ts";

export type FollowUpDeps = {
  readonly core: CoreDeps;
  readonly payments: PaymentService;
  readonly refunds: RefundService;
  readonly shopify: ShopifyStore;
  readonly sessions: PaymentSessions;
};

/** The smspay refund a Shopify refund session becomes is keyed by the session. */
export function refundIdempotencyKey(refundSessionGid: string): string {
  return `shopify:${refundSessionGid}`;
}

export class FollowUpSessions {
  readonly #deps: FollowUpDeps;

  constructor(deps: FollowUpDeps) {
    this.#deps = deps;
  }

  async refund(headers: SessionHeaders, body: unknown): Promise<void> {
    const request = parseOrThrow(refundSessionSchema, body, "refund session");
    const amount = minorUnits(request.amount, request.currency);
    const { session, payment } = await this.#open(headers, request.payment_id);
    const { record } = await this.#record(headers.shop, "refund", request, session, {
      amount,
      currency: request.currency,
    });
    if (record.decision) return;
    try {
      if (payment.currency !== request.currency) {
        throw new SmspayError("invalid_request", `the payment is in ${payment.currency}`);
      }
      const { refund } = await this.#deps.refunds.create({
        merchantId: payment.merchantId,
        paymentId: payment.id,
        body: { amount, reason: `Shopify refund ${request.id}` },
        idempotencyKey: refundIdempotencyKey(request.gid),
      });
      // Its outcome reaches Shopify with the payment's refund event (or, for an
      // operator credit, once the operator answered): the adapter finds the
      // refund by its idempotency key, so the order of the two does not matter.
      await this.#deps.shopify.attachRefund({
        gid: request.gid,
        refundId: refund.id,
        at: this.#now(),
      });
    } catch (error) {
      if (!isSmspayError(error) || error.retryable) throw error;
      await this.#decide(
        request.gid,
        "reject",
        `smspay could not refund: ${error.message}`,
        payment,
      );
    }
  }

  async capture(headers: SessionHeaders, body: unknown): Promise<void> {
    const request = parseOrThrow(captureSessionSchema, body, "capture session");
    const amount = minorUnits(request.amount, request.currency);
    const { session, payment } = await this.#open(headers, request.payment_id);
    const { record } = await this.#record(headers.shop, "capture", request, session, {
      amount,
      currency: request.currency,
    });
    if (record.decision) return;
    const paid = PAID_STATUSES.includes(payment.status);
    if (paid && payment.currency === request.currency && amount <= payment.amount) {
      await this.#decide(request.gid, "resolve", null, payment);
    } else {
      await this.#decide(
        request.gid,
        "reject",
        paid
          ? `SMS payments capture exactly what was paid (${payment.amount} ${payment.currency} minor units)`
          : `the SMS payment is ${payment.status}: nothing to capture`,
        payment,
      );
    }
  }

  async void(headers: SessionHeaders, body: unknown): Promise<void> {
    const request = parseOrThrow(voidSessionSchema, body, "void session");
    const { session, payment } = await this.#open(headers, request.payment_id);
    const { record } = await this.#record(headers.shop, "void", request, session, {
      amount: null,
      currency: null,
    });
    if (record.decision) return;
    if (payment.status === "pending") {
      // Decided first: cancelling announces the payment, and that settles the void.
      await this.#deps.shopify.decideFollowUp({
        gid: request.gid,
        decision: "resolve",
        reason: null,
        at: this.#now(),
      });
      try {
        await this.#deps.payments.cancel(payment.merchantId, payment.id, "merchant");
        return;
      } catch (error) {
        if (!isSmspayError(error) || error.code !== "invalid_state") throw error;
      }
      const now = await this.#deps.core.store.payments.getById(payment.id);
      return this.#voidEnded(request.gid, now ?? payment);
    }
    return this.#voidEnded(request.gid, payment);
  }

  /** A void of a payment that is no longer pending: nothing to stop, or too late. */
  async #voidEnded(gid: string, payment: Payment): Promise<void> {
    if (PAID_STATUSES.includes(payment.status) || payment.status === "processing") {
      await this.#decide(
        gid,
        "reject",
        payment.status === "processing"
          ? "the customer's SMS payment is being charged: refund it once it succeeded"
          : "SMS payments are charged when paid: refund the order instead",
        payment,
      );
    } else {
      await this.#decide(gid, "resolve", null, payment);
    }
  }

  async #open(
    headers: SessionHeaders,
    paymentSessionId: string,
  ): Promise<{ session: PaymentSessionRecord; payment: Payment }> {
    const session = await this.#deps.shopify.getPaymentSession({
      shop: headers.shop,
      id: paymentSessionId,
    });
    const payment = session && (await this.#deps.sessions.latestPayment(session));
    if (!session || !payment) {
      throw new SmspayError(
        "not_found",
        `no payment session ${paymentSessionId} in ${headers.shop}`,
      );
    }
    return { session, payment };
  }

  #record(
    shop: string,
    kind: FollowUpKind,
    request: { id: string; gid: string },
    session: PaymentSessionRecord,
    money: { amount: number | null; currency: string | null },
  ) {
    return this.#deps.shopify.putFollowUp({
      shop,
      id: request.id,
      gid: request.gid,
      kind,
      paymentSessionId: session.id,
      ...money,
      refundId: null,
      decision: null,
      reason: null,
      createdAt: this.#now(),
    });
  }

  /** Records the outcome and has the outbox tell Shopify (the payment's status, announced again). */
  async #decide(
    gid: string,
    decision: "resolve" | "reject",
    reason: string | null,
    payment: Payment,
  ): Promise<void> {
    const { core, shopify } = this.#deps;
    await shopify.decideFollowUp({ gid, decision, reason, at: this.#now() });
    const type = STATUS_EVENTS[payment.status];
    // A payment still under way announces itself when it ends.
    if (!type) return;
    await core.store.transaction(async (tx) => {
      const locked = await tx.payments.lock(payment.id);
      // Changed meanwhile: that change was announced and carries the outcome.
      if (locked?.status !== payment.status) return;
      const refunds = type.includes("refunded") ? await tx.refunds.listForPayment(payment.id) : [];
      const last = refunds.filter((r) => r.status === "succeeded").at(-1);
      await emitPaymentEvent(tx, {
        type,
        payment: locked,
        at: this.#now(),
        ...(last ? { refund: refundResource(last) } : {}),
      });
    });
    core.effectsQueued?.();
  }

  #now(): Date {
    return this.#deps.core.clock.now();
  }
}

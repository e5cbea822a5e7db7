// A Shopify payment session becomes an smspay payment. Shopify retries the
// request (and may send it twice at once): the payment is created through the
// core's idempotency path with Shopify's `id` as the key, so every copy of the
// request gets the same payment and the same redirect_url, and the answer goes
// out only once both the payment and the session's record are stored.

import {
  type CoreDeps,
  checkoutUrl,
  type Payment,
  type PaymentService,
  parseOrThrow,
  parsePhone,
  SmspayError,
} from "@smspay/core";
import {
  minorUnits,
  type PaymentSessionRequest,
  paymentSessionSchema,
  type SessionHeaders,
} from "./session-requests.ts";
import type { PaymentSessionRecord, ShopifyStore } from "./shopify-store.ts";

export type PaymentSessionDeps = {
  readonly core: CoreDeps;
  readonly payments: PaymentService;
  readonly shopify: ShopifyStore;
  /** Where the app is published (the buyer's way back: /shopify/return/...). */
  readonly appUrl: string;
  /** Where the checkout pages are published. */
  readonly publicUrl: string;
  /** Whether this server runs the sandbox operator (test sessions need it). */
  readonly sandbox: boolean;
};

const LOCALE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/;

export class PaymentSessions {
  readonly #deps: PaymentSessionDeps;

  constructor(deps: PaymentSessionDeps) {
    this.#deps = deps;
  }

  /** Accepts a payment session; returns the URL Shopify sends the buyer to. */
  async start(headers: SessionHeaders, body: unknown): Promise<{ redirectUrl: string }> {
    const request = parseOrThrow(paymentSessionSchema, body, "payment session");
    const { shopify, core, payments } = this.#deps;
    const shop = await shopify.getShop(headers.shop);
    if (!shop?.installed)
      throw new SmspayError("not_found", `${headers.shop} has not installed the app`);
    if (!shop.settings) {
      throw new SmspayError("invalid_state", "the shop has not finished setting up SMS payments");
    }
    // Test sessions (and every session of a shop set to the sandbox) are paid
    // by the sandbox's virtual phones only: never a real phone.
    if (request.test && !shop.settings.testSessions) {
      throw new SmspayError("invalid_state", "test mode is off for SMS payments in this shop");
    }
    const sandboxed = request.test || shop.settings.mode === "sandbox";
    if (sandboxed && !this.#deps.sandbox) {
      throw new SmspayError(
        "sandbox_disabled",
        "test payments need the smspay sandbox, which is off here",
      );
    }
    const merchant = await core.store.merchants.get(shop.merchantId);
    if (!merchant?.active)
      throw new SmspayError("invalid_state", "the shop's SMS payments are off");

    const { payment } = await payments.create(
      merchant,
      this.#paymentBody(headers.shop, request, sandboxed),
      `shopify:${request.id}`,
    );
    const record = await shopify.putPaymentSession({
      shop: headers.shop,
      id: request.id,
      gid: request.gid,
      merchantId: merchant.id,
      paymentId: payment.id,
      apiVersion: headers.apiVersion,
      kind: request.kind,
      amount: payment.amount,
      currency: payment.currency,
      test: sandboxed,
      cancelUrl: request.payment_method.data.cancel_url,
      createdAt: core.clock.now(),
    });
    return { redirectUrl: checkoutUrl(this.#deps.publicUrl, record.paymentId) };
  }

  /** The smspay payment now standing for a session: the latest try ("Try again" makes new ones). */
  async latestPayment(session: PaymentSessionRecord): Promise<Payment | undefined> {
    const { store } = this.#deps.core;
    const latest = await store.reconcile.latestForOrder({
      merchantId: session.merchantId,
      orderRef: session.gid,
    });
    return store.payments.getById(latest ?? session.paymentId);
  }

  /** The buyer's way back from the checkout, for this session. */
  returnUrl(shop: string, sessionId: string): string {
    return `${this.#deps.appUrl}/shopify/return/${encodeURIComponent(shop)}/${encodeURIComponent(sessionId)}`;
  }

  #paymentBody(shop: string, request: PaymentSessionRequest, test: boolean) {
    const amount = minorUnits(request.amount, request.currency);
    const customer = request.customer;
    const phone = customer?.phone_number ? mobileOrNothing(customer.phone_number) : undefined;
    const email =
      customer?.email && /^[^\s@]+@[^\s@]+$/.test(customer.email) ? customer.email : undefined;
    const locale = [customer?.locale, request.merchant_locale].find((l) => l && LOCALE.test(l));
    return {
      amount,
      currency: request.currency,
      orderRef: request.gid,
      returnUrl: this.returnUrl(shop, request.id),
      cancelUrl: request.payment_method.data.cancel_url,
      customer: {
        ...(phone ? { phone } : {}),
        ...(email ? { email } : {}),
        ...(locale ? { locale } : {}),
      },
      metadata: {
        shopify_shop: shop,
        shopify_session: request.id,
        shopify_kind: request.kind,
      },
      // A test payment: only the sandbox's virtual phones can pay it (core test-mode.ts).
      ...(test ? { test: true } : {}),
    };
  }
}

/** The buyer's number when it is a valid one (a landline or typo just leaves it out). */
function mobileOrNothing(input: string): string | undefined {
  try {
    return parsePhone(input).e164;
  } catch {
    return undefined;
  }
}

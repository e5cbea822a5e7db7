// Express payments (DOMAIN.md 1.3). A customer who paid a merchant with a PIN
// may ask the checkout to remember their number there (consent.ts). When that
// merchant later creates a payment with the customer's phone and
// `express: true`, one MT goes out at once ("reply YES to pay EUR 4.99 to
// Shop X") and a single YES from that phone charges the phone bill, exactly
// as a right PIN would. The checkout page still offers a PIN as a fallback.

import { startCarrierCharge } from "./carrier-charge.ts";
import type { ExpressConsent } from "./consent.ts";
import type { CoreDeps } from "./core-deps.ts";
import { SmspayError } from "./errors.ts";
import { newId } from "./ids.ts";
import type { InboundSms } from "./inbound.ts";
import { type MessageKey, resolveLocale, translate } from "./messages.ts";
import { formatMoney } from "./money.ts";
import { optedOut } from "./opt-outs.ts";
import type { Merchant, Payment } from "./payment.ts";
import { queueMt } from "./payment-lifecycle.ts";
import { maskPhone } from "./phone.ts";
import type { Repositories } from "./ports.ts";
import { maySettle, transportChannel } from "./test-mode.ts";

/** How long after a PIN payment succeeded the checkout may still offer to remember the number. */
export const EXPRESS_OPT_IN_WINDOW_MS = 30 * 60_000;

/**
 * The consent a new payment goes express under, if any: the shop asked for it
 * with the customer's phone, the customer opted in at this merchant and has
 * not opted out of the express sender since, and the merchant takes carrier
 * billing (an express payment is charged to the phone bill).
 */
export async function expressConsentFor(
  repos: Repositories,
  deps: Pick<CoreDeps, "vault" | "settings">,
  request: { merchant: Merchant; phone: string | undefined; express: boolean },
): Promise<ExpressConsent | undefined> {
  const { merchant, phone } = request;
  if (!request.express || !phone || !merchant.carrierBilling) return undefined;
  const phoneHash = deps.vault.hash(phone);
  const consent = await repos.expressConsents.findLive({ merchantId: merchant.id, phoneHash });
  if (!consent) return undefined;
  const sender = deps.settings.pinRoute.sender;
  if (await optedOut(repos, { phoneHash, sender, paymentId: null })) return undefined;
  return consent;
}

/** Queues the "reply YES" MT of a new express payment, in the transaction that inserts it. */
export async function requestExpressReply(
  tx: Repositories,
  deps: CoreDeps,
  payment: Payment,
  merchant: Merchant,
  phone: string,
): Promise<void> {
  const { settings } = deps;
  const shopLocale = (await tx.checkoutSettings.get(merchant.id))?.defaultLocale;
  const locale = resolveLocale(payment.customerLocale ?? shopLocale ?? settings.defaultLocale);
  await queueMt(
    tx,
    deps,
    {
      merchantId: merchant.id,
      paymentId: payment.id,
      purpose: "express_request",
      transport: settings.pinRoute.transport,
      sender: settings.pinRoute.sender,
      to: phone,
      text: translate(locale, "sms.express_request", {
        merchant: merchant.name,
        amount: formatMoney(payment, locale),
        order: payment.orderRef,
      }),
    },
    payment.createdAt,
  );
  await tx.payments.appendEvent({
    paymentId: payment.id,
    type: "express_requested",
    data: { phone: maskPhone(phone), sender: settings.pinRoute.sender },
    at: payment.createdAt,
  });
}

export type YesAnswer =
  | { readonly kind: "charging" }
  | {
      readonly kind: "reply";
      readonly key: MessageKey;
      readonly params: Readonly<Record<string, string>>;
      readonly payment?: Payment;
    };

/**
 * What a "YES" MO does: it confirms the sender's most recent pending express
 * payment, which then goes to carrier billing. `inboundId` is the MO's record.
 */
export async function answerYes(
  tx: Repositories,
  deps: Pick<CoreDeps, "vault" | "clock" | "settings">,
  sms: InboundSms,
  inboundId: string,
): Promise<YesAnswer> {
  const { vault, clock, settings } = deps;
  // Express requests leave from the PIN route's sender: a YES sent to any other
  // number answers none of them.
  if (sms.to !== settings.pinRoute.sender)
    return { kind: "reply", key: "sms.not_understood", params: {} };
  const now = clock.now();
  const phoneHash = vault.hash(sms.from);
  const nothingPending = { kind: "reply", key: "sms.express_nothing_pending", params: {} } as const;
  const id = await tx.expressConsents.pendingPaymentFor({ phoneHash, now });
  const payment = id ? await tx.payments.lock(id) : undefined;
  if (
    payment?.status !== "pending" ||
    payment.flow !== "express" ||
    payment.phoneHash !== phoneHash ||
    payment.expiresAt <= now ||
    !maySettle(payment, transportChannel(sms.transport, settings.testMode), settings.testMode)
  ) {
    return nothingPending;
  }
  await tx.inbound.attachPayment({ id: inboundId, paymentId: payment.id });
  // Consent revoked since the request went out (STOP, or the link): the YES pays nothing.
  const consent = await tx.expressConsents.findLive({ merchantId: payment.merchantId, phoneHash });
  if (!consent) return { ...nothingPending, payment };
  const started = await startCarrierCharge(tx, deps, {
    payment,
    phoneHash,
    phoneCipher: vault.seal(sms.from),
    via: "express",
    at: now,
  });
  if (!started) {
    await tx.payments.appendEvent({
      paymentId: payment.id,
      type: "mo_refused",
      data: { reason: "monthly_limit" },
      at: now,
    });
    return { kind: "reply", key: "sms.monthly_limit", params: {}, payment };
  }
  return { kind: "charging" };
}

/** STOP from a phone ends its express payments at every merchant. */
export async function revokeExpressOnStop(
  tx: Repositories,
  deps: Pick<CoreDeps, "vault" | "clock">,
  sms: InboundSms,
): Promise<void> {
  await tx.expressConsents.revokeAllForPhone({
    phoneHash: deps.vault.hash(sms.from),
    at: deps.clock.now(),
    via: "sms_stop",
  });
}

/** Whether the checkout may offer to remember the number after `payment`. */
export function canOfferExpress(payment: Payment, now: Date): boolean {
  return (
    payment.status === "succeeded" &&
    payment.flow === "otp" &&
    payment.phoneHash !== null &&
    payment.phoneCipher !== null &&
    payment.succeededAt !== null &&
    now.getTime() - payment.succeededAt.getTime() <= EXPRESS_OPT_IN_WINDOW_MS
  );
}

/** The checkout's side: opting in after a PIN payment, and opting out by link. */
export class ExpressFlow {
  readonly #deps: CoreDeps;

  constructor(deps: CoreDeps) {
    this.#deps = deps;
  }

  /** The phone's live consent at the payment's merchant, if any. */
  async consentFor(payment: Payment): Promise<ExpressConsent | undefined> {
    if (!payment.phoneHash) return undefined;
    return this.#deps.store.expressConsents.findLive({
      merchantId: payment.merchantId,
      phoneHash: payment.phoneHash,
    });
  }

  /**
   * Records the customer's consent, given on the checkout page of a payment
   * they just made with a PIN; `locale` is the language the offer was shown in,
   * so the record holds the very words they agreed to.
   */
  async optIn(paymentId: string, locale: string): Promise<ExpressConsent> {
    const { store, clock } = this.#deps;
    const payment = await store.payments.getById(paymentId);
    if (!payment) throw new SmspayError("not_found", `no payment ${paymentId}`);
    const now = clock.now();
    const merchant = await store.merchants.get(payment.merchantId);
    if (!canOfferExpress(payment, now) || !merchant?.carrierBilling) {
      throw new SmspayError(
        "invalid_state",
        "one-reply payments can only be turned on just after paying with a PIN",
      );
    }
    const shown = resolveLocale(locale);
    const params = { merchant: merchant.name };
    return store.expressConsents.grant({
      id: newId("con"),
      merchantId: payment.merchantId,
      phoneHash: payment.phoneHash as string,
      phoneCipher: payment.phoneCipher as string,
      channel: "checkout_page",
      textShown: `${translate(shown, "page.express_optin_label", params)}. ${translate(shown, "page.express_optin_hint", params)}`,
      locale: shown,
      grantedAt: now,
    });
  }

  /** Revokes a consent through its link; the consent as it now is. */
  async revoke(consentId: string): Promise<ExpressConsent> {
    const { store, clock } = this.#deps;
    await store.expressConsents.revoke({ id: consentId, at: clock.now(), via: "link" });
    const consent = await store.expressConsents.get(consentId);
    if (!consent) throw new SmspayError("not_found", "no such consent");
    return consent;
  }
}

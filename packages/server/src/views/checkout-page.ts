// The hosted checkout page at /pay/:id, for any phone: server-rendered in the
// customer's language, plain forms that work with JavaScript off (a meta
// refresh follows the payment then), and a small inline script that adds live
// status, countdowns and the copy button (checkout-script.ts).

import {
  formatMoney,
  isMessageKey,
  isRightToLeft,
  type MessageKey,
  type Payment,
  translate,
} from "@smspay/core";
import { CHECKOUT_SCRIPT } from "./checkout-script.ts";
import { checkoutStyle } from "./checkout-style.ts";
import { html, page, type SafeHtml, trusted } from "./html.ts";
import { countryOptions } from "./phone-countries.ts";

/** A PIN is out for the payment. */
export type PinState = {
  readonly sentTo: string;
  readonly attemptsLeft: number;
  /** Seconds before another PIN may be asked for. */
  readonly resendIn: number;
};

export type FieldError = { readonly field: "phone" | "pin" | "form"; readonly text: string };

/** After a PIN payment: offer one-reply payments, or show the consent just given. */
export type ExpressOffer =
  | { readonly kind: "offer" }
  | { readonly kind: "saved" | "active"; readonly consentId: string };

export type CheckoutView = {
  readonly payment: Payment;
  readonly merchant: {
    readonly name: string;
    readonly brandColor: string | null;
    readonly logoUrl: string | null;
  };
  readonly locale: string;
  readonly now: Date;
  /** CSP nonce of the inline style and script. */
  readonly nonce: string;
  /** Short-code flow: what to send where, as a tappable link and a QR code. */
  readonly sms?: {
    readonly text: string;
    readonly shortCode: string;
    /** The sms: URI for the customer's device (sms-uri.ts). */
    readonly uri: string;
    /** The QR code, an inline <svg>. */
    readonly qr: string;
  };
  readonly pin?: PinState;
  /** Whether to ask for the phone number (carrier billing, or an express fallback). */
  readonly askPhone: boolean;
  /** The masked number an express request went to. */
  readonly expressSentTo?: string;
  readonly country: string;
  /** What the customer typed, shown again with an error. */
  readonly phone?: string;
  readonly error?: FieldError;
  /** The signed way back to the shop, once the payment is over. */
  readonly back?: string;
  readonly express?: ExpressOffer;
};

// Seconds before a paid customer is sent back to the shop on their own.
const AUTO_RETURN_SECONDS = 5;
// How often the page reloads itself without JavaScript while it waits.
const REFRESH_SECONDS = 5;

export function checkoutPage(view: CheckoutView): string {
  const { payment, merchant, locale, nonce } = view;
  const t = (key: MessageKey, params: Record<string, string | number> = {}) =>
    translate(locale, key, params);
  const amount = formatMoney(payment, locale);
  const live = payment.status === "pending" || payment.status === "processing";
  const waitingOutside =
    payment.status === "processing" ||
    (payment.status === "pending" && !view.askPhone && !view.pin);
  const autoReturn = payment.status === "succeeded" && view.back && view.express?.kind !== "offer";
  const head = html`<style nonce="${nonce}">${trusted(checkoutStyle(merchant.brandColor))}</style>${
    waitingOutside
      ? html`<noscript><meta http-equiv="refresh" content="${REFRESH_SECONDS};url=/pay/${payment.id}?r=1"></noscript>`
      : ""
  }${
    // With script the page counts down and offers to stay (WCAG 2.2.1); without, a meta refresh.
    autoReturn
      ? html`<noscript><meta http-equiv="refresh" content="${AUTO_RETURN_SECONDS};url=${view.back}"></noscript>`
      : ""
  }`;

  const body = html`<header class="bar">${
    merchant.logoUrl ? html`<img src="${merchant.logoUrl}" alt="">` : ""
  }<span>${merchant.name}</span></header>
<main data-id="${payment.id}" data-status="${payment.status}" data-live="${live ? "1" : "0"}">
<section class="card" aria-labelledby="amount">
<h1>${t("page.title", { merchant: merchant.name })}</h1>
<p class="amount" id="amount">${amount}</p>
${payment.description ? html`<p>${payment.description}</p>` : ""}
<p class="muted">${t("page.order", { order: payment.orderRef })}</p>
${payment.status === "pending" ? timer(view, t) : ""}
</section>
<section class="card">
<p class="status" id="status" role="status" data-status="${payment.status}">${statusText(payment, t)}</p>
${body_(view, t, amount)}
</section>
${
  payment.status === "pending"
    ? html`<form method="post" action="/pay/${payment.id}/cancel"><button class="link" type="submit">${t("page.cancel")}</button></form>`
    : ""
}
</main>
<footer>${t("page.powered_by")}</footer>
<script nonce="${nonce}">${trusted(CHECKOUT_SCRIPT)}</script>`;
  return page({
    title: t("page.title", { merchant: merchant.name }),
    lang: locale,
    dir: isRightToLeft(locale) ? "rtl" : "ltr",
    head,
    body,
  });
}

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

function timer(view: CheckoutView, t: T): SafeHtml {
  const seconds = Math.max(
    0,
    Math.round((view.payment.expiresAt.getTime() - view.now.getTime()) / 1000),
  );
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  return html`<p class="timer">${t("page.time_left")}: <time id="left" class="ltr" datetime="PT${seconds}S" data-expires="${view.payment.expiresAt.toISOString()}">${text}</time></p>`;
}

function statusText(payment: Payment, t: T): string {
  switch (payment.status) {
    case "pending":
      return t("page.status_pending");
    case "processing":
      return t("page.status_processing");
    case "succeeded":
      return t("page.status_succeeded");
    case "failed":
      return t("page.status_failed");
    case "expired":
      return t("page.status_expired");
    case "canceled":
      return t("page.status_canceled");
    default:
      return t("page.status_refunded");
  }
}

/** The failure in plain words: the operator's reason when we know it. */
export function failureText(failureCode: string | null, t: T): string {
  const key = `page.failure.${failureCode ?? "unknown"}`;
  return t(isMessageKey(key) ? key : "page.failure.unknown");
}

function body_(view: CheckoutView, t: T, amount: string): SafeHtml | string {
  const { payment } = view;
  const problem =
    view.error?.field === "form" ? html`<p class="error" role="alert">${view.error.text}</p>` : "";
  const disclosure = html`<p class="price">${priceDisclosure(t, amount)}</p>`;
  switch (payment.status) {
    case "pending":
      if (view.sms) return shortCodeFlow(view, t, disclosure);
      if (view.pin && !view.askPhone)
        return html`${problem}${pinEntry(view, view.pin, t, amount, disclosure)}`;
      if (view.expressSentTo && !view.askPhone)
        return expressWait(view, view.expressSentTo, t, disclosure);
      return html`${problem}${phoneEntry(view, t, disclosure)}`;
    case "processing":
      return "";
    case "succeeded":
      return receipt(view, t, amount);
    case "failed":
      return html`<p role="alert">${failureText(payment.failureCode, t)}</p>
<form method="post" action="/pay/${payment.id}/retry"><button class="btn" type="submit">${t("page.retry")}</button></form>
${backLink(view, t, true)}`;
    default:
      return backLink(view, t, false);
  }
}

// The regulated price statement: the amount, who bills it and how, in type at
// least a third the size of the short code (French SMS+ code of conduct).
function priceDisclosure(t: T, amount: string): SafeHtml {
  const [before, after] = t("page.disclosure", { amount: "\u0000" }).split("\u0000");
  return html`${before}<strong>${amount}</strong>${after}`;
}

function shortCodeFlow(view: CheckoutView, t: T, disclosure: SafeHtml): SafeHtml {
  const sms = view.sms as NonNullable<CheckoutView["sms"]>;
  const id = view.payment.id;
  return html`<h2>${t("page.shortcode_heading")}</h2>
<dl class="sms"><div><dt>${t("page.sms_text_label")}</dt><dd id="sms-text">${sms.text}</dd></div><div><dt>${t("page.sms_to_label")}</dt><dd id="short-code">${sms.shortCode}</dd></div></dl>
${disclosure}
<a class="btn" id="sms-link" href="/pay/${id}/sms" data-sms="${sms.uri}">${t("page.open_sms")}</a>
<button class="btn alt" type="button" id="copy" data-text="${sms.text}" data-done="${t("page.copied")}" hidden>${t("page.copy")}</button><span id="copied" class="muted" aria-live="polite"></span>
<figure class="qr">${trusted(sms.qr)}<figcaption class="muted">${t("page.qr_hint")}</figcaption></figure>`;
}

function phoneEntry(view: CheckoutView, t: T, disclosure: SafeHtml): SafeHtml {
  const error = view.error?.field === "phone" ? view.error : undefined;
  return html`<h2>${t("page.pin_heading")}</h2>
${disclosure}
<form method="post" action="/pay/${view.payment.id}/pin">
<label for="country">${t("page.country_label")}</label>
<select id="country" name="country" autocomplete="country">${countryOptions(view.locale).map(
    (c) =>
      html`<option value="${c.code}"${c.code === view.country ? html` selected` : ""}>${c.name} (+${c.dial})</option>`,
  )}</select>
<label for="phone">${t("page.phone_label")}</label>
<input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required maxlength="32" dir="ltr" value="${view.phone ?? ""}" aria-describedby="phone-hint${error ? " phone-error" : ""}"${error ? html` aria-invalid="true"` : ""}>
<p id="phone-hint" class="muted">${t("page.phone_hint")}</p>
${error ? html`<p id="phone-error" class="error">${error.text}</p>` : ""}
<button class="btn" type="submit">${t("page.send_code")}</button>
</form>`;
}

function pinEntry(
  view: CheckoutView,
  pin: PinState,
  t: T,
  amount: string,
  disclosure: SafeHtml,
): SafeHtml {
  const id = view.payment.id;
  const error = view.error?.field === "pin" ? view.error : undefined;
  return html`<h2>${t("page.pin_heading")}</h2>
<p>${t("page.code_sent", { phone: `\u2066${pin.sentTo}\u2069` })}</p>
${disclosure}
<form method="post" action="/pay/${id}/pin/verify">
<label for="pin">${t("page.pin_label")}</label>
<input id="pin" name="pin" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,8}" maxlength="8" required dir="ltr" aria-describedby="pin-attempts${error ? " pin-error" : ""}"${error ? html` aria-invalid="true"` : ""}>
<p id="pin-attempts" class="muted">${t("page.attempts_left", { count: pin.attemptsLeft })}</p>
${error ? html`<p id="pin-error" class="error">${error.text}</p>` : ""}
<button class="btn" type="submit">${t("page.pay_button", { amount })}</button>
</form>
<form method="post" action="/pay/${id}/pin/resend"><button class="btn alt" id="resend" type="submit" data-wait="${pin.resendIn}" aria-describedby="resend-wait">${t("page.resend")}</button><p id="resend-wait" class="muted" data-text="${t("page.resend_wait", { seconds: "{seconds}" })}"></p></form>
<p><a class="link" href="/pay/${id}?change=1">${t("page.change_number")}</a></p>`;
}

function expressWait(view: CheckoutView, sentTo: string, t: T, disclosure: SafeHtml): SafeHtml {
  return html`<h2>${t("page.express_heading")}</h2>
<p>${t("page.express_sent", { phone: `\u2066${sentTo}\u2069` })}</p>
${disclosure}
<p><a class="link" href="/pay/${view.payment.id}?change=1">${t("page.express_fallback")}</a></p>`;
}

function receipt(view: CheckoutView, t: T, amount: string): SafeHtml {
  const { payment, merchant } = view;
  const paidAt = payment.succeededAt ?? payment.updatedAt;
  const date = new Intl.DateTimeFormat(view.locale, {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(paidAt);
  return html`<h2>${t("page.receipt_heading")}</h2>
<dl class="receipt"><dt>${t("page.receipt_merchant")}</dt><dd>${merchant.name}</dd>
<dt>${t("page.receipt_amount")}</dt><dd>${amount}</dd>
<dt>${t("page.receipt_date")}</dt><dd>${date}</dd>
<dt>${t("page.receipt_reference")}</dt><dd class="ltr">${payment.reference ?? payment.orderRef}</dd>
${payment.phoneLast4 ? html`<dt>${t("page.receipt_phone")}</dt><dd class="ltr">•••• ${payment.phoneLast4}</dd>` : ""}</dl>
${expressOffer(view, t)}
${backLink(view, t, view.express?.kind !== "offer")}`;
}

function expressOffer(view: CheckoutView, t: T): SafeHtml | string {
  const { express, payment, merchant } = view;
  if (!express) return "";
  if (express.kind !== "offer") {
    return html`${express.kind === "saved" ? html`<p role="status">${t("page.express_optin_done", { merchant: merchant.name })}</p>` : ""}
<form method="post" action="/pay/consents/${express.consentId}/revoke"><button class="link" type="submit">${t("page.express_revoke", { merchant: merchant.name })}</button></form>`;
  }
  // Explicit consent: an unticked box, the exact words recorded with the answer.
  return html`<form method="post" action="/pay/${payment.id}/express">
<label class="check"><input type="checkbox" name="remember" value="yes" required aria-describedby="remember-hint"><span>${t("page.express_optin_label", { merchant: merchant.name })}</span></label>
<p id="remember-hint" class="muted">${t("page.express_optin_hint")}</p>
<input type="hidden" name="lang" value="${view.locale}">
<button class="btn alt" type="submit">${t("page.express_optin_button")}</button>
</form>`;
}

function backLink(view: CheckoutView, t: T, returning: boolean): SafeHtml | string {
  if (!view.back) return "";
  const name = view.merchant.name;
  const succeeded = view.payment.status === "succeeded";
  const auto = returning && succeeded;
  return html`${auto ? html`<p class="muted" id="returning">${t("page.returning", { merchant: name })}</p>` : ""}<a class="btn${succeeded ? "" : " alt"}" id="back" href="${view.back}"${auto ? html` data-after="${AUTO_RETURN_SECONDS}"` : ""}>${t("page.back_to_shop", { merchant: name })}</a>${
    auto ? html`<button class="link" type="button" id="stay" hidden>${t("page.stay")}</button>` : ""
  }`;
}

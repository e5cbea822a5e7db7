// The hosted checkout page (minimal version: the instruction and the live
// status). Works without JavaScript: a meta refresh keeps the status current.

import { formatMoney, type Payment, resolveLocale, smsTextFor } from "@smspay/core";
import { html, page, type SafeHtml } from "./html.ts";

const STYLE = html`<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#111}
main{max-width:28rem;margin:0 auto;padding:1.5rem}
.card{background:#fff;border-radius:.75rem;padding:1.25rem;box-shadow:0 1px 3px #0002}
.amount{font-size:2rem;font-weight:700;margin:.25rem 0}
.sms{font-size:1.5rem;font-weight:700;letter-spacing:.05em}
.btn{display:block;text-align:center;background:#0b5cff;color:#fff;padding:.9rem;border-radius:.5rem;text-decoration:none;font-weight:600;border:0;width:100%;font-size:1rem}
label{display:block;margin:.75rem 0 .25rem}input{font-size:1.1rem;padding:.6rem;width:100%;box-sizing:border-box}
.status{margin-top:1rem;font-weight:600}.muted{color:#555;font-size:.9rem}
</style>`;

export type CheckoutView = {
  readonly payment: Payment;
  readonly merchantName: string;
  readonly error?: string;
  readonly pinSentTo?: string;
};

const STATUS_TEXT: Readonly<Record<string, string>> = {
  pending: "Waiting for your SMS…",
  processing: "Payment in progress…",
  succeeded: "Paid. Thank you!",
  failed: "The payment did not go through.",
  expired: "This payment has expired.",
  canceled: "This payment was canceled.",
  partially_refunded: "Paid (partly refunded).",
  refunded: "Paid, then refunded.",
};

export function checkoutPage(view: CheckoutView): string {
  const { payment, merchantName } = view;
  const locale = resolveLocale(payment.customerLocale);
  const live = payment.status === "pending" || payment.status === "processing";
  const head = html`${STYLE}${live ? html`<meta http-equiv="refresh" content="5">` : ""}`;
  const body = html`<main><div class="card">
<p class="muted">${merchantName}${payment.description ? html` — ${payment.description}` : ""}</p>
<p class="amount">${formatMoney(payment, locale)}</p>
${payment.status === "pending" ? instructions(view) : ""}
<p class="status" role="status" aria-live="polite" data-status="${payment.status}">${STATUS_TEXT[payment.status] ?? payment.status}</p>
${payment.status === "succeeded" ? html`<a class="btn" href="${payment.returnUrl}">Back to the shop</a>` : ""}
${payment.status === "pending" && payment.cancelUrl ? html`<p><a href="/pay/${payment.id}/cancel">Cancel and return to the shop</a></p>` : ""}
</div></main>
${live ? html`<script>(function(){var s=document.querySelector("[data-status]");setInterval(function(){fetch(location.pathname+"/status").then(function(r){return r.json()}).then(function(j){if(j.status!==s.dataset.status)location.reload()})},1500)})()</script>` : ""}`;
  return page({ title: `${merchantName}: pay by SMS`, lang: locale, head, body });
}

function instructions(view: CheckoutView): SafeHtml {
  const { payment } = view;
  const text = smsTextFor(payment);
  if (payment.flow === "shortcode" && text && payment.shortCode) {
    // iOS and Android both accept "sms:NUMBER?&body=TEXT" (the "?&" form).
    const href = `sms:${payment.shortCode}?&body=${encodeURIComponent(text)}`;
    return html`<p>Send</p><p class="sms">${text}</p><p>to <strong class="sms">${payment.shortCode}</strong></p>
<p class="muted">${formatMoney(payment, resolveLocale(payment.customerLocale))} will be added to your phone bill or taken from your credit.</p>
<a class="btn" href="${href}">Open my SMS app</a>`;
  }
  const error = view.error ? html`<p role="alert">${view.error}</p>` : "";
  if (view.pinSentTo) {
    return html`${error}<form method="post" action="/pay/${payment.id}/pin/verify">
<p>We sent a code to ${view.pinSentTo}.</p>
<label for="pin">Code from the SMS</label><input id="pin" name="pin" inputmode="numeric" autocomplete="one-time-code" required>
<p><button class="btn" type="submit">Pay ${formatMoney(payment, resolveLocale(payment.customerLocale))}</button></p></form>`;
  }
  return html`${error}<form method="post" action="/pay/${payment.id}/pin">
<label for="phone">Your mobile number</label><input id="phone" name="phone" type="tel" autocomplete="tel" placeholder="+33 6 12 34 56 78" required>
<p class="muted">The amount is charged to your phone bill after you confirm with a code sent by SMS.</p>
<p><button class="btn" type="submit">Send me a code</button></p></form>`;
}

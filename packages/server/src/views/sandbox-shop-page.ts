// The sandbox's demo shop: pick a product, pay on smspay's checkout (framed on
// the left) with the virtual phone beside it (on the right). A newcomer sees a
// whole SMS payment in the browser, start to finish.

import { formatMoney, type Payment, SUPPORTED_LOCALES, smsTextFor } from "@smspay/core";
import { html, page, type SafeHtml, trusted } from "./html.ts";
import {
  DEFAULT_SANDBOX_PHONE,
  type QuickSms,
  SANDBOX_PHONE_SCRIPT,
  SANDBOX_STYLE,
  sandboxPhone,
} from "./sandbox-phone.ts";

export type DemoProduct = {
  readonly id: string;
  readonly name: string;
  readonly amount: number;
  readonly how: string;
};

// Two prices that short codes carry, one that only carrier billing can.
export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  { id: "croissants", name: "Box of croissants", amount: 450, how: "one SMS to 81450" },
  { id: "espresso", name: "Espresso", amount: 99, how: "one SMS to 71099" },
  { id: "gift-card", name: "Gift card", amount: 750, how: "a PIN by SMS (carrier billing)" },
];

function shell(title: string, body: SafeHtml, script = true): string {
  return page({
    title,
    lang: "en",
    head: html`<style>${trusted(SANDBOX_STYLE)}</style>`,
    body: html`<header><h1><a href="/sandbox">smspay sandbox</a> · Demo shop</h1></header>${body}${
      script ? html`<script>${trusted(SANDBOX_PHONE_SCRIPT)}</script>` : ""
    }`,
  });
}

export function demoShopPage(shortCodes: readonly string[]): string {
  return shell(
    "Demo shop",
    html`<div class="wrap"><section aria-labelledby="shop-title"><h2 id="shop-title">Demo shop</h2>
<form method="post" action="/sandbox/shop/checkout">
<fieldset class="products"><legend>Product</legend>${DEMO_PRODUCTS.map(
      (p, i) =>
        html`<label class="product"><input type="radio" name="product" value="${p.id}"${i === 0 ? html` checked` : ""}> ${p.name}: ${formatMoney({ amount: p.amount, currency: "EUR" }, "en")}<br><small>${p.how}</small></label>`,
    )}</fieldset>
<label for="lang">Customer's language</label><select id="lang" name="lang">${SUPPORTED_LOCALES.map(
      (l) => html`<option value="${l}">${l}</option>`,
    )}</select>
<label for="phone">Customer's phone on file (for one-reply payments)</label><input id="phone" name="phone" value="${DEFAULT_SANDBOX_PHONE}" inputmode="tel">
<label><input type="checkbox" name="express" value="yes"> Ask for a one-reply payment (works once the customer opted in after a PIN payment)</label>
<button class="btn" type="submit">Buy with SMS</button>
</form></section>
${sandboxPhone({ phone: DEFAULT_SANDBOX_PHONE, shortCodes, quick: [] })}</div>`,
  );
}

export function demoPaymentPage(payment: Payment, phone: string, pinSender: string): string {
  const text = smsTextFor(payment);
  const quick: QuickSms[] = [];
  if (payment.flow === "shortcode" && text && payment.shortCode)
    quick.push({ label: `Send “${text}” to ${payment.shortCode}`, to: payment.shortCode, text });
  if (payment.flow === "express") quick.push({ label: "Reply YES", to: pinSender, text: "YES" });
  return shell(
    "Demo shop: checkout",
    html`<div class="wrap"><section aria-labelledby="checkout-title"><h2 id="checkout-title">The customer's checkout</h2>
<iframe src="/pay/${payment.id}" title="smspay checkout"></iframe></section>
${sandboxPhone({ phone, shortCodes: [payment.shortCode ?? pinSender, pinSender], quick })}</div>`,
  );
}

export function demoThanksPage(result: {
  paymentId: string;
  status: string;
  verified: boolean;
}): string {
  const paid = result.verified && result.status === "succeeded";
  return shell(
    "Demo shop: thank you",
    html`<div class="wrap"><section aria-labelledby="thanks"><h2 id="thanks">${paid ? "Thank you for your order!" : `Payment ${result.status}`}</h2>
<p>The checkout sent the customer back with <code>smspay_status=${result.status}</code>; its signature is <strong>${result.verified ? "valid" : "NOT valid"}</strong>.</p>
<p>A real shop now confirms payment <code>${result.paymentId}</code> server to server before shipping.</p>
<p><a class="btn" href="/sandbox/shop" target="_top">Back to the shop</a></p></section></div>`,
    false,
  );
}

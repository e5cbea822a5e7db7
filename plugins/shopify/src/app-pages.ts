// The app's pages: the shop owner's home (onboarding, then the shop's SMS
// payments and customer data exports), and the buyer's short wait on the way
// back to Shopify. Server-rendered, every value escaped.

import { formatMoney, type Payment, type Tariff } from "@smspay/core";
import { html, page } from "./html.ts";
import type { DataRequestExport, ShopifyShop } from "./shopify-store.ts";

export function installPage(error?: string): string {
  return page(
    "SMS payments for Shopify",
    html`<h1>SMS payments for Shopify</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ""}
<form method="get" action="/shopify/auth">
<label>Your shop's domain <input name="shop" placeholder="my-shop.myshopify.com" required></label>
<button type="submit">Install</button></form>`,
  );
}

export type HomeView = {
  readonly shop: ShopifyShop;
  readonly tariffs: readonly Tariff[];
  readonly payments: readonly Payment[];
  readonly dataRequests: readonly DataRequestExport[];
  readonly sandboxAvailable: boolean;
  readonly notice?: { readonly kind: "saved" | "error"; readonly text: string };
};

export function homePage(view: HomeView): string {
  const { shop } = view;
  const settings = shop.settings;
  return page(
    `SMS payments — ${shop.shop}`,
    html`<h1>SMS payments</h1>
<p>${shop.shop}${settings ? html` · ${settings.mode === "sandbox" ? "sandbox (no real phone is charged)" : "live"}` : ""}</p>
${view.notice ? html`<p class="${view.notice.kind === "error" ? "error" : ""}" role="status">${view.notice.text}</p>` : ""}
${settings ? "" : html`<p>Finish setting up to offer "Pay by SMS" at checkout.</p>`}
<form method="post" action="/shopify/app/settings">
<fieldset><legend>Operator</legend>
<label><input type="radio" name="mode" value="sandbox" ${settings?.mode !== "live" ? "checked" : ""}> Sandbox: virtual phones only${view.sandboxAvailable ? "" : " (off on this server)"}</label>
<label><input type="radio" name="mode" value="live" ${settings?.mode === "live" ? "checked" : ""}> Live: real operators</label>
</fieldset>
<fieldset><legend>Test mode</legend>
<label><input type="checkbox" name="testSessions" value="on" ${settings?.testSessions !== false ? "checked" : ""}> Accept Shopify test orders (always paid in the sandbox)</label>
</fieldset>
<fieldset><legend>Short codes and prices</legend>
<table><thead><tr><th>Short code</th><th>Keyword</th><th>Price</th><th>Operator route</th></tr></thead><tbody>
${view.tariffs.map((t) => html`<tr><td>${t.shortCode}</td><td>${t.keyword}</td><td>${formatMoney(t, "en")}</td><td>${t.transport}</td></tr>`)}
</tbody></table>
<p>Amounts without a short code of exactly that price are paid by carrier billing (PIN).</p>
<label>Add a short code <input name="shortCode" inputmode="numeric" pattern="[0-9]{3,8}" placeholder="81450"></label>
<label>Keyword <input name="keyword" pattern="[A-Za-z]{2,12}" placeholder="PAY"></label>
<label>Price <input name="price" inputmode="decimal" placeholder="4.50"> <input name="currency" value="EUR" size="4"></label>
<label>Country <input name="country" value="FR" size="3"></label>
<label>Operator route (smspay transport) <input name="transport" placeholder="kannel"></label>
</fieldset>
<button type="submit">${settings ? "Save" : "Activate SMS payments"}</button>
</form>
<h2>Payments</h2>
${
  view.payments.length === 0
    ? html`<p>No SMS payments yet.</p>`
    : html`<table><thead><tr><th>When</th><th>Order</th><th>Amount</th><th>Status</th><th>Phone</th></tr></thead><tbody>
${view.payments.map(
  (p) =>
    html`<tr><td>${p.createdAt.toISOString().slice(0, 16).replace("T", " ")}</td><td>${p.orderRef.replace("gid://shopify/PaymentSession/", "")}</td><td>${formatMoney(p, "en")}</td><td>${p.status}${p.test ? " (test)" : ""}</td><td>${p.phoneLast4 ? `••${p.phoneLast4}` : ""}</td></tr>`,
)}
</tbody></table>`
}
<h2>Customer data requests</h2>
${
  view.dataRequests.length === 0
    ? html`<p>None.</p>`
    : html`<p>Send each customer their export (Shopify asked on their behalf).</p>
${view.dataRequests.map((r) => html`<details><summary>Request ${r.requestId}, ${r.createdAt.toISOString().slice(0, 10)}</summary><pre>${JSON.stringify(r.export, null, 2)}</pre></details>`)}`
}`,
  );
}

/** The buyer waits a moment (the outbox is telling Shopify); the page reloads itself. */
export function waitPage(text: string, cancelUrl: string | null): string {
  return page(
    "Finishing your payment",
    html`<h1>${text}</h1><p>This page refreshes by itself.</p>
${cancelUrl ? html`<p><a href="${cancelUrl}">Back to the shop</a></p>` : ""}`,
    { refreshSeconds: 2 },
  );
}

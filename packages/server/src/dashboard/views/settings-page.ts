// Settings: what the merchant's payments run on (short codes and their
// prices, limits, the SMS routing), where its events go (webhook endpoints)
// and how its checkout looks (branding). Owners change; staff read.

import {
  type CheckoutSettings,
  type Merchant,
  type Tariff,
  WEBHOOK_EVENT_TYPES,
  type WebhookEndpoint,
} from "@smspay/core";
import { DEFAULT_BRAND_COLOR } from "../../views/checkout-style.ts";
import { html, type SafeHtml } from "../../views/html.ts";
import { dateTime, money } from "../format.ts";
import { csrfField, dashboardPage, notice } from "../layout.ts";
import type { SignedIn } from "../session-auth.ts";

/** The SMS routing as configured (read-only: it comes from the server's environment). */
export type RoutingView = {
  readonly sandbox: boolean;
  readonly transports: readonly { readonly name: string; readonly type: string }[];
  readonly routes: readonly {
    readonly senders?: readonly string[];
    readonly countries?: readonly string[];
    readonly via: readonly string[];
  }[];
};

export function settingsPage(view: {
  context: SignedIn;
  merchant: Merchant;
  tariffs: readonly Tariff[];
  routing: RoutingView;
  endpoints: readonly WebhookEndpoint[];
  branding: CheckoutSettings;
  platform: string | null;
  done?: string;
  /** A webhook secret, shown once right after the endpoint's creation. */
  secret?: string;
  error?: string;
}): string {
  const { context, merchant, routing } = view;
  const { t, locale } = context;
  const owner = context.session.role === "owner";
  const section = (id: string, title: string, body: SafeHtml) =>
    html`<section class="card" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${body}</section>`;

  const mode = section(
    "mode-h",
    t("dashboard.settings.mode"),
    html`<p>${t(routing.sandbox ? "dashboard.settings.mode_sandbox" : "dashboard.settings.mode_live")}</p>
<p class="hint">${t("dashboard.settings.mode_hint")}</p>
<p><a href="/dashboard/payments?mode=test">${t("dashboard.settings.test_payments")}</a></p>
${view.platform ? html`<p>${t("dashboard.settings.platform", { platform: view.platform })}</p>` : ""}`,
  );

  const tariffs = section(
    "codes-h",
    t("dashboard.settings.short_codes"),
    view.tariffs.length === 0
      ? html`<p class="empty">${t("dashboard.settings.no_short_codes")}</p>`
      : html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="codes-h"><table><thead><tr><th scope="col">${t("dashboard.payments.short_code")}</th><th scope="col">${t("dashboard.settings.keyword")}</th><th scope="col" class="num">${t("dashboard.settings.price")}</th><th scope="col">${t("dashboard.settings.country")}</th><th scope="col">${t("dashboard.settings.transport")}</th></tr></thead>
<tbody>${view.tariffs.map((tariff) => html`<tr><td class="ltr">${tariff.shortCode}</td><td>${tariff.keyword}</td><td class="num">${money(tariff.amount, tariff.currency, locale)}</td><td>${tariff.country}</td><td>${tariff.transport}</td></tr>`)}</tbody></table></div>
<p class="hint">${t(merchant.carrierBilling ? "dashboard.settings.carrier_billing_on" : "dashboard.settings.carrier_billing_off")}</p>`,
  );

  const limits = section(
    "limits-h",
    t("dashboard.settings.limits"),
    html`<dl class="facts">${Object.entries(merchant.limits).map(
      ([currency, l]) =>
        html`<dt>${t("dashboard.settings.per_payment", { currency })}</dt><dd>${money(l.perTransaction, currency, locale)}</dd><dt>${t("dashboard.settings.per_month", { currency })}</dt><dd>${money(l.monthly, currency, locale)}</dd>`,
    )}</dl><p class="hint">${t("dashboard.settings.limits_hint")}</p>`,
  );

  const transports = section(
    "routing-h",
    t("dashboard.settings.routing"),
    html`<ul class="plain">${routing.sandbox ? html`<li><strong>sandbox</strong> · ${t("dashboard.settings.sandbox_transport")}</li>` : ""}${routing.transports.map((tr) => html`<li><strong>${tr.name}</strong> · ${tr.type}</li>`)}</ul>
${
  routing.routes.length === 0
    ? html`<p class="hint">${t("dashboard.settings.no_routes")}</p>`
    : html`<ol>${routing.routes.map((route) => html`<li>${t("dashboard.settings.route", { senders: route.senders?.join(", ") ?? "*", countries: route.countries?.join(", ") ?? "*", via: route.via.join(" → ") })}</li>`)}</ol>`
}<p class="hint">${t("dashboard.settings.routing_hint")}</p>`,
  );

  const endpoints = section(
    "hooks-h",
    t("dashboard.settings.webhooks"),
    html`${view.secret ? html`<div class="notice ok" role="status"><p>${t("dashboard.settings.webhook_secret")}</p><p><code class="secret">${view.secret}</code></p></div>` : ""}
${
  view.endpoints.length === 0
    ? html`<p class="empty">${t("dashboard.settings.no_webhooks")}</p>`
    : html`<ul class="plain items">${view.endpoints.map(
        (
          e,
        ) => html`<li><p class="ltr"><strong>${e.url}</strong></p><p class="muted">${e.events.join(", ")} · ${dateTime(e.createdAt, locale)}</p>
${owner ? html`<form method="post" action="/dashboard/settings/webhooks/${e.id}/delete">${csrfField(context)}<button class="btn alt" type="submit" aria-label="${t("dashboard.settings.webhook_delete_label", { url: e.url })}">${t("dashboard.settings.webhook_delete")}</button></form>` : ""}</li>`,
      )}</ul>`
}
${
  owner
    ? html`<form method="post" action="/dashboard/settings/webhooks">${csrfField(context)}
<label for="hook-url">${t("dashboard.settings.webhook_url")}</label><input id="hook-url" name="url" type="url" required placeholder="https://shop.example/smspay">
<fieldset><legend>${t("dashboard.settings.webhook_events")}</legend>${WEBHOOK_EVENT_TYPES.map(
        (type) =>
          html`<label class="check"><input type="checkbox" name="events" value="${type}"> <span>${type}</span></label>`,
      )}<p class="hint">${t("dashboard.settings.webhook_events_hint")}</p></fieldset>
<button class="btn" type="submit">${t("dashboard.settings.webhook_add")}</button></form>`
    : ""
}`,
  );

  const b = view.branding;
  const swatch = b.brandColor ?? DEFAULT_BRAND_COLOR;
  const branding = section(
    "brand-h",
    t("dashboard.settings.branding"),
    html`<p><svg class="swatch" width="24" height="24" aria-hidden="true"><rect width="24" height="24" rx="4" fill="${swatch}"/></svg> ${t("dashboard.settings.current_color", { color: swatch })}</p>
${b.logoUrl ? html`<p><img class="logo-preview" src="${b.logoUrl}" alt="${t("dashboard.settings.logo_alt")}"></p>` : ""}
${
  owner
    ? html`<form method="post" action="/dashboard/settings/branding">${csrfField(context)}
<label for="brandColor">${t("dashboard.settings.brand_color")}</label><input id="brandColor" name="brandColor" value="${b.brandColor ?? ""}" placeholder="${DEFAULT_BRAND_COLOR}" pattern="#[0-9a-fA-F]{6}" aria-describedby="color-hint"><p class="hint" id="color-hint">${t("dashboard.settings.brand_color_hint")}</p>
<label for="logoUrl">${t("dashboard.settings.logo_url")}</label><input id="logoUrl" name="logoUrl" type="url" value="${b.logoUrl ?? ""}" placeholder="https://shop.example/logo.png">
<label for="defaultLocale">${t("dashboard.settings.default_locale")}</label><input id="defaultLocale" name="defaultLocale" value="${b.defaultLocale ?? ""}" placeholder="fr-FR">
<button class="btn" type="submit">${t("dashboard.settings.save")}</button></form>`
    : ""
}`,
  );

  return dashboardPage({
    context,
    title: t("dashboard.settings.title"),
    section: "settings",
    body: html`${notice(view.done)}${notice(view.error, "error")}${owner ? "" : html`<p class="notice ok" role="status">${t("dashboard.settings.read_only")}</p>`}
<div class="grid">${mode}${limits}</div>${tariffs}${transports}${endpoints}${branding}`,
  });
}

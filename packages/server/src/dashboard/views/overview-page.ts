// The overview: money, statuses and conversion over a period, at a glance.
// Bars are plain HTML (readable without JavaScript and by screen readers);
// the daily chart is drawn by uPlot from a JSON island, with the same
// figures in a table beside it.

import {
  type Breakdown,
  CHECKOUT_EVENT_TYPES,
  type Overview,
  PAYMENT_MODES,
  type PaymentMode,
} from "@smspay/core";
import { html, type SafeHtml, trusted } from "../../views/html.ts";
import { count, money, percent } from "../format.ts";
import { codeLabel } from "../i18n.ts";
import { dashboardPage } from "../layout.ts";
import type { SignedIn } from "../session-auth.ts";
import { statusLabel } from "./labels.ts";

function bar(label: SafeHtml | string, value: number, max: number, text: string): SafeHtml {
  const width = max > 0 ? Math.round((value / max) * 100) : 0;
  return html`<li><span class="bar-label">${label}</span><span class="bar-track" aria-hidden="true"><span class="bar-fill w${String(width)}"></span></span><span class="bar-value">${text}</span></li>`;
}

/** JSON inside <script type="application/json">: `<` escaped so no tag can close it. */
function jsonIsland(id: string, value: unknown): SafeHtml {
  return trusted(
    `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, "\\u003c")}</script>`,
  );
}

export function overviewPage(view: {
  context: SignedIn;
  overview: Overview;
  mode: PaymentMode;
  to: Date;
}): string {
  const { context, overview: o } = view;
  const { t, locale } = context;
  const day = (date: Date) => date.toISOString().slice(0, 10);
  const main = o.totals[0];
  const m = (amount: number) => money(amount, o.currency, locale);
  const form = html`<form class="filters" method="get" action="/dashboard">
<div class="field"><label for="from">${t("dashboard.payments.from")}</label><input id="from" name="from" type="date" value="${day(o.from)}"></div>
<div class="field"><label for="to">${t("dashboard.payments.to")}</label><input id="to" name="to" type="date" value="${day(view.to)}"></div>
<div class="field"><label for="mode">${t("dashboard.payments.mode")}</label><select id="mode" name="mode">${PAYMENT_MODES.map(
    (mode) =>
      html`<option value="${mode}"${mode === view.mode ? html` selected` : ""}>${t(mode === "test" ? "dashboard.mode.test" : "dashboard.mode.live")}</option>`,
  )}</select></div>
<div class="actions"><button class="btn" type="submit">${t("dashboard.payments.apply")}</button></div></form>`;

  const kpi = (label: string, value: string, hint?: string) =>
    html`<div class="kpi"><p class="kpi-label">${label}</p><p class="kpi-value">${value}</p>${hint ? html`<p class="hint">${hint}</p>` : ""}</div>`;
  const kpis = html`<section aria-labelledby="kpi-h"><h2 id="kpi-h" class="visually-hidden">${t("dashboard.overview.figures")}</h2><div class="kpis">
${kpi(t("dashboard.money.gross"), m(main?.gross ?? 0))}
${kpi(t("dashboard.money.refunded"), m(main?.refunded ?? 0))}
${kpi(t("dashboard.money.fees"), m(main?.fees ?? 0), main?.estimated ? t("dashboard.money.estimated") : undefined)}
${kpi(t("dashboard.money.net"), m(main?.net ?? 0), main?.unpriced ? t("dashboard.money.unpriced", { count: main.unpriced }) : undefined)}
${kpi(t("dashboard.overview.success_rate"), o.successRate === null ? "—" : percent(o.successRate, locale))}
${kpi(t("dashboard.overview.paid_payments"), count(main?.payments ?? 0, locale))}
</div>${o.totals
    .slice(1)
    .map(
      (other) =>
        html`<p class="muted">${t("dashboard.overview.other_currency", { gross: money(other.gross, other.currency, locale), net: money(other.net, other.currency, locale) })}</p>`,
    )}</section>`;

  const statusMax = Math.max(0, ...o.statuses.map((s) => s.payments));
  const statuses = html`<section class="card" aria-labelledby="status-h"><h2 id="status-h">${t("dashboard.overview.by_status")}</h2>
${o.statuses.length === 0 ? html`<p class="empty">${t("dashboard.payments.none")}</p>` : html`<ul class="bars">${o.statuses.map((s) => bar(statusLabel(t, s.status), s.payments, statusMax, count(s.payments, locale)))}</ul>`}</section>`;

  const steps = CHECKOUT_EVENT_TYPES.filter((type) => type !== "abandoned");
  const viewed = o.funnel.page_viewed;
  // Payments paid without opening the page (a shop that shows the SMS itself) can outnumber views.
  const widest = Math.max(0, ...steps.map((step) => o.funnel[step]));
  const funnel = html`<section class="card" aria-labelledby="funnel-h"><h2 id="funnel-h">${t("dashboard.overview.funnel")}</h2>
<ul class="bars">${steps.map((step) =>
    bar(
      codeLabel(t, "funnel", step),
      o.funnel[step],
      widest,
      viewed > 0
        ? `${count(o.funnel[step], locale)} (${percent(o.funnel[step] / viewed, locale)})`
        : count(o.funnel[step], locale),
    ),
  )}</ul><p class="hint">${t("dashboard.overview.funnel_hint", { abandoned: count(o.funnel.abandoned, locale) })}</p></section>`;

  const daily = html`<section class="card" aria-labelledby="daily-h"><h2 id="daily-h">${t("dashboard.overview.by_day")}</h2>
<div id="daily-chart" class="chart" role="img" aria-label="${t("dashboard.overview.chart_label")}"></div>
${jsonIsland("daily-data", {
  days: o.days.map((d) => d.day),
  paid: o.days.map((d) => d.paid),
  created: o.days.map((d) => d.created),
  viewed: o.funnelDays.map((d) => d.viewed),
  labels: {
    paid: t("dashboard.overview.series_paid"),
    created: t("dashboard.overview.series_created"),
    viewed: t("dashboard.funnel.page_viewed"),
  },
})}
<details><summary>${t("dashboard.overview.as_table")}</summary><div class="table-wrap" tabindex="0" role="region" aria-label="${t("dashboard.overview.by_day")}"><table>
<thead><tr><th scope="col">${t("dashboard.overview.day")}</th><th scope="col" class="num">${t("dashboard.overview.series_created")}</th><th scope="col" class="num">${t("dashboard.funnel.page_viewed")}</th><th scope="col" class="num">${t("dashboard.funnel.sms_link_tapped")}</th><th scope="col" class="num">${t("dashboard.overview.series_paid")}</th><th scope="col" class="num">${t("dashboard.money.gross")}</th></tr></thead>
<tbody>${o.days.map((d, i) => {
    const f = o.funnelDays[i];
    return html`<tr><th scope="row">${d.day}</th><td class="num">${d.created}</td><td class="num">${f?.viewed ?? 0}</td><td class="num">${f?.tapped ?? 0}</td><td class="num">${d.paid}</td><td class="num">${m(d.gross)}</td></tr>`;
  })}</tbody></table></div></details></section>`;

  const breakdown = (
    id: string,
    title: string,
    rows: readonly Breakdown[],
    name: (key: string) => string,
  ) => {
    const max = Math.max(0, ...rows.map((r) => r.payments));
    return html`<section class="card" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>
${
  rows.length === 0
    ? html`<p class="empty">${t("dashboard.payments.none")}</p>`
    : html`<ul class="bars">${rows.map((r) =>
        bar(
          name(r.key),
          r.payments,
          max,
          t("dashboard.overview.breakdown_value", {
            payments: count(r.payments, locale),
            rate: r.payments > 0 ? percent(r.paid / r.payments, locale) : "—",
            gross: m(r.gross),
          }),
        ),
      )}</ul>`
}</section>`;
  };

  return dashboardPage({
    context,
    title: t("dashboard.overview.title"),
    section: "overview",
    scripts: ["uPlot.iife.min.js", "dashboard.js"],
    body: html`${form}<p class="muted">${t("dashboard.utc")}</p>${kpis}
<div class="grid">${statuses}${funnel}</div>${daily}
<div class="grid">${breakdown("code-h", t("dashboard.overview.by_short_code"), o.byShortCode, (key) => key || t("dashboard.flow.otp"))}
${breakdown("route-h", t("dashboard.overview.by_route"), o.byRoute, (key) => key.replace(" ", " · "))}</div>`,
  });
}

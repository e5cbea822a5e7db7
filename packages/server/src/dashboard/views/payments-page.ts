// The payments table: search and filters in one GET form (bookmarkable,
// works without JavaScript), newest first, one keyset page at a time, and
// the CSV export of the same filtered set.

import {
  PAYMENT_FLOWS,
  PAYMENT_MODES,
  PAYMENT_STATUSES,
  type Payment,
  type PaymentFilter,
} from "@smspay/core";
import { html, type SafeHtml } from "../../views/html.ts";
import { dateTime, money } from "../format.ts";
import { dashboardPage } from "../layout.ts";
import type { SignedIn } from "../session-auth.ts";
import { flowLabel, statusLabel } from "./labels.ts";

/** The filter as query parameters (for links that keep it). */
export function filterQuery(filter: PaymentFilter): URLSearchParams {
  const query = new URLSearchParams();
  if (filter.q) query.set("q", filter.q);
  if (filter.status) query.set("status", filter.status);
  if (filter.flow) query.set("flow", filter.flow);
  if (filter.shortCode) query.set("shortCode", filter.shortCode);
  if (filter.from) query.set("from", filter.from.toISOString().slice(0, 10));
  if (filter.to) query.set("to", filter.to.toISOString().slice(0, 10));
  if (filter.mode) query.set("mode", filter.mode);
  return query;
}

function select(
  id: string,
  label: string,
  any: string,
  options: readonly { value: string; text: string }[],
  chosen: string | undefined,
): SafeHtml {
  return html`<div class="field"><label for="${id}">${label}</label><select id="${id}" name="${id}"><option value="">${any}</option>${options.map(
    (o) =>
      html`<option value="${o.value}"${o.value === chosen ? html` selected` : ""}>${o.text}</option>`,
  )}</select></div>`;
}

export function paymentsPage(view: {
  context: SignedIn;
  filter: PaymentFilter;
  payments: readonly Payment[];
  shortCodes: readonly string[];
  nextCursor: string | null;
  firstPage: boolean;
}): string {
  const { context, filter } = view;
  const { t, locale } = context;
  const query = filterQuery(filter);
  const day = (date: Date | undefined) => date?.toISOString().slice(0, 10) ?? "";
  const form = html`<form class="filters" method="get" action="/dashboard/payments" role="search">
<div class="field wide"><label for="q">${t("dashboard.payments.search")}</label>
<input id="q" name="q" type="search" value="${filter.q ?? ""}" aria-describedby="q-hint"><p class="hint" id="q-hint">${t("dashboard.payments.search_hint")}</p></div>
${select(
  "status",
  t("dashboard.payments.status"),
  t("dashboard.payments.any"),
  PAYMENT_STATUSES.map((s) => ({ value: s, text: statusLabel(t, s) })),
  filter.status,
)}
${select(
  "flow",
  t("dashboard.payments.flow"),
  t("dashboard.payments.any"),
  PAYMENT_FLOWS.map((f) => ({ value: f, text: flowLabel(t, f) })),
  filter.flow,
)}
${select(
  "shortCode",
  t("dashboard.payments.short_code"),
  t("dashboard.payments.any"),
  view.shortCodes.map((code) => ({ value: code, text: code })),
  filter.shortCode,
)}
<div class="field"><label for="from">${t("dashboard.payments.from")}</label><input id="from" name="from" type="date" value="${day(filter.from)}"></div>
<div class="field"><label for="to">${t("dashboard.payments.to")}</label><input id="to" name="to" type="date" value="${day(filter.to)}"></div>
${select(
  "mode",
  t("dashboard.payments.mode"),
  t("dashboard.payments.any"),
  PAYMENT_MODES.map((m) => ({
    value: m,
    text: t(m === "test" ? "dashboard.mode.test" : "dashboard.mode.live"),
  })),
  filter.mode,
)}
<div class="actions"><button class="btn" type="submit">${t("dashboard.payments.apply")}</button>
<a class="btn alt" href="/dashboard/payments">${t("dashboard.payments.reset")}</a></div></form>`;
  const rows = view.payments.map(
    (p) => html`<tr>
<td><a href="/dashboard/payments/${p.id}">${p.orderRef}</a></td>
<td class="num">${money(p.amount, p.currency, locale)}</td>
<td><span class="badge s-${p.status}">${statusLabel(t, p.status)}</span>${p.test ? html` <span class="badge test">${t("dashboard.mode.test")}</span>` : ""}</td>
<td>${flowLabel(t, p.flow)}${p.shortCode ? html` · <span class="ltr">${p.shortCode}</span>` : ""}</td>
<td class="ltr">${p.reference ?? ""}</td>
<td class="ltr">${p.phoneLast4 ? `••${p.phoneLast4}` : ""}</td>
<td><time datetime="${p.createdAt.toISOString()}">${dateTime(p.createdAt, locale)}</time></td>
</tr>`,
  );
  const table =
    view.payments.length === 0
      ? html`<p class="empty">${t("dashboard.payments.none")}</p>`
      : html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="payments-caption"><table>
<caption id="payments-caption">${t("dashboard.payments.caption")}</caption>
<thead><tr><th scope="col">${t("dashboard.payments.order")}</th><th scope="col" class="num">${t("dashboard.payments.amount")}</th><th scope="col">${t("dashboard.payments.status")}</th><th scope="col">${t("dashboard.payments.flow")}</th><th scope="col">${t("dashboard.payments.reference")}</th><th scope="col">${t("dashboard.payments.phone")}</th><th scope="col">${t("dashboard.payments.created")}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
  const next = view.nextCursor
    ? html`<a class="btn alt" rel="next" href="/dashboard/payments?${String(new URLSearchParams([...query, ["cursor", view.nextCursor]]))}">${t("dashboard.payments.next")}</a>`
    : "";
  const first = view.firstPage
    ? ""
    : html`<a class="btn alt" href="/dashboard/payments?${String(query)}">${t("dashboard.payments.first")}</a>`;
  return dashboardPage({
    context,
    title: t("dashboard.payments.title"),
    section: "payments",
    body: html`${form}
<p class="toolbar"><a class="btn alt" href="/dashboard/payments.csv?${String(query)}" download>${t("dashboard.payments.export")}</a> <span class="muted">${t("dashboard.utc")}</span></p>
${table}<nav class="pager" aria-label="${t("dashboard.payments.pages")}">${first} ${next}</nav>`,
  });
}

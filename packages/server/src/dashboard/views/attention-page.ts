// Needs attention: what the reconciler found and only a person can settle,
// and the notifications the worker gave up on, each with its way out.

import { type AttentionItem, type EffectRecord, NOTIFICATION_KINDS } from "@smspay/core";
import { html } from "../../views/html.ts";
import { dateTime } from "../format.ts";
import { codeLabel } from "../i18n.ts";
import { csrfField, dashboardPage, notice } from "../layout.ts";
import type { SignedIn } from "../session-auth.ts";

export function attentionPage(view: {
  context: SignedIn;
  items: readonly AttentionItem[];
  dead: readonly EffectRecord[];
  done?: string;
}): string {
  const { context } = view;
  const { t, locale } = context;
  const owner = context.session.role === "owner";
  const payment = (id: string | null) =>
    id
      ? html`<a href="/dashboard/payments/${id}">${t("dashboard.attention.open_payment")}</a>`
      : "";
  const items = html`<section class="card" aria-labelledby="items-h"><h2 id="items-h">${t("dashboard.attention.findings")}</h2>
${
  view.items.length === 0
    ? html`<p class="empty">${t("dashboard.attention.no_findings")}</p>`
    : html`<ul class="plain items">${view.items.map(
        (
          item,
        ) => html`<li><p><strong>${codeLabel(t, "attention_kind", item.kind)}</strong> · <time datetime="${item.createdAt.toISOString()}">${dateTime(item.createdAt, locale)}</time></p>
<p>${item.detail}</p><p>${payment(item.paymentId)}</p>
${owner ? html`<form method="post" action="/dashboard/attention/${item.id}/resolve">${csrfField(context)}<label for="res-${item.id}">${t("dashboard.attention.resolution")}</label><input id="res-${item.id}" name="resolution" maxlength="500"><button class="btn alt" type="submit">${t("dashboard.attention.resolve")}</button></form>` : ""}</li>`,
      )}</ul>`
}</section>`;
  const dead = html`<section class="card" aria-labelledby="dead-h"><h2 id="dead-h">${t("dashboard.attention.dead")}</h2>
<p class="hint">${t("dashboard.attention.dead_hint")}</p>
${
  view.dead.length === 0
    ? html`<p class="empty">${t("dashboard.attention.no_dead")}</p>`
    : html`<ul class="plain items">${view.dead.map(
        (
          effect,
        ) => html`<li><p><strong>${codeLabel(t, "effect_kind", effect.kind)}</strong> · ${t("dashboard.attention.attempts", { count: effect.attempts })} · <time datetime="${effect.createdAt.toISOString()}">${dateTime(effect.createdAt, locale)}</time></p>
${effect.lastError ? html`<p class="muted">${effect.lastError}</p>` : ""}<p>${payment(effect.paymentId)}</p>
${
  !owner
    ? ""
    : NOTIFICATION_KINDS.includes(effect.kind)
      ? html`<form method="post" action="/dashboard/effects/${effect.id}/retry">${csrfField(context)}<button class="btn alt" type="submit">${t("dashboard.attention.retry")}</button></form>`
      : html`<p class="muted">${t("dashboard.attention.operator_only")}</p>`
}</li>`,
      )}</ul>`
}</section>`;
  return dashboardPage({
    context,
    title: t("dashboard.attention.title"),
    section: "attention",
    body: html`${notice(view.done)}${items}${dead}`,
  });
}

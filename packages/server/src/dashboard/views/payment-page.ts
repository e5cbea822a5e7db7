// One payment: what it is, its timeline, the SMS exchanged (numbers masked,
// PINs hidden), its money (fees, net, settlement) and its refunds, with the
// refund form for owners (a confirmation page follows it).

import type { OutboundMessage, Payment, PaymentEvent, PaymentMoney, Refund } from "@smspay/core";
import { html, type SafeHtml } from "../../views/html.ts";
import { dateTime, maskPins, money } from "../format.ts";
import { codeLabel } from "../i18n.ts";
import { csrfField, dashboardPage, notice } from "../layout.ts";
import type { SignedIn } from "../session-auth.ts";
import { flowLabel, statusLabel } from "./labels.ts";

export type PaymentView = {
  readonly context: SignedIn;
  readonly payment: Payment;
  readonly phone: string | null;
  readonly events: readonly PaymentEvent[];
  readonly messages: readonly (OutboundMessage & { to: string })[];
  readonly money: PaymentMoney;
  readonly refunds: readonly Refund[];
  /** What a refund may still give back (0: none). */
  readonly refundable: number;
  readonly done?: string;
  readonly error?: string;
};

function row(label: string, value: SafeHtml | string | null): SafeHtml {
  return html`<dt>${label}</dt><dd>${value ?? "—"}</dd>`;
}

export function paymentPage(view: PaymentView): string {
  const { context, payment: p } = view;
  const { t, locale } = context;
  const m = (amount: number) => money(amount, p.currency, locale);
  const summary = html`<section class="card" aria-labelledby="summary-h"><h2 id="summary-h">${t("dashboard.payment.summary")}</h2><dl class="facts">
${row(t("dashboard.payments.amount"), m(p.amount))}
${row(t("dashboard.payments.status"), html`<span class="badge s-${p.status}">${statusLabel(t, p.status)}</span>${p.failureCode ? html` <span class="muted">(${p.failureCode})</span>` : ""}`)}
${row(t("dashboard.payments.order"), p.orderRef)}
${row(t("dashboard.payments.flow"), flowLabel(t, p.flow))}
${row(t("dashboard.payments.short_code"), p.shortCode ? html`<span class="ltr">${p.shortCode}</span>` : null)}
${row(t("dashboard.payments.reference"), p.reference ? html`<span class="ltr">${p.keyword} ${p.reference}</span>` : null)}
${row(t("dashboard.payments.phone"), view.phone ? html`<span class="ltr">${view.phone}</span>` : null)}
${row(t("dashboard.payments.mode"), t(p.test ? "dashboard.mode.test" : "dashboard.mode.live"))}
${row(t("dashboard.payments.created"), dateTime(p.createdAt, locale))}
${row(t("dashboard.payment.id"), html`<code>${p.id}</code>`)}
</dl></section>`;

  const fees = view.money.fees;
  const moneyCard = html`<section class="card" aria-labelledby="money-h"><h2 id="money-h">${t("dashboard.payment.money")}</h2><dl class="facts">
${row(t("dashboard.money.gross"), m(p.amount))}
${row(t("dashboard.money.refunded"), m(p.refundedAmount))}
${row(t("dashboard.money.operator_fee"), fees ? m(fees.operator) : null)}
${row(t("dashboard.money.aggregator_fee"), fees ? m(fees.aggregator) : null)}
${row(t("dashboard.money.net"), view.money.net === null ? null : m(view.money.net))}
${row(t("dashboard.money.source"), fees ? t(fees.estimated ? "dashboard.money.estimated" : "dashboard.money.settled") : null)}
${view.money.disputedAmount > 0 ? row(t("dashboard.money.disputed"), m(view.money.disputedAmount)) : ""}
</dl></section>`;

  const timeline = html`<section class="card" aria-labelledby="timeline-h"><h2 id="timeline-h">${t("dashboard.payment.timeline")}</h2>
<ol class="timeline">${view.events.map(
    (e) =>
      html`<li><time datetime="${e.at.toISOString()}">${dateTime(e.at, locale)}</time> <strong>${e.type}</strong>${eventDetail(e)}</li>`,
  )}</ol></section>`;

  const sms = html`<section class="card" aria-labelledby="sms-h"><h2 id="sms-h">${t("dashboard.payment.sms")}</h2>
${
  view.messages.length === 0
    ? html`<p class="empty">${t("dashboard.payment.no_sms")}</p>`
    : html`<ul class="sms-list">${view.messages.map(
        (message) =>
          html`<li><p class="muted"><span class="ltr">${message.sender}</span> → <span class="ltr">${message.to}</span> · ${codeLabel(t, "sms", message.purpose)} · ${codeLabel(t, "sms_status", message.status)}${message.billedAmount !== null && message.currency ? html` · ${t("dashboard.payment.billed", { amount: money(message.billedAmount, message.currency, locale) })}` : ""}</p>
<p class="bubble">${message.purpose === "pin" ? maskPins(message.text) : message.text}</p></li>`,
      )}</ul>`
}</section>`;

  const refunds = html`<section class="card" aria-labelledby="refunds-h"><h2 id="refunds-h">${t("dashboard.payment.refunds")}</h2>
${
  view.refunds.length === 0
    ? html`<p class="empty">${t("dashboard.payment.no_refunds")}</p>`
    : html`<ul class="plain">${view.refunds.map(
        (r) =>
          html`<li>${m(r.amount)} · ${codeLabel(t, "refund_status", r.status)} · ${codeLabel(t, "refund_method", r.method)}${r.reason ? html` · “${r.reason}”` : ""} · ${dateTime(r.createdAt, locale)}</li>`,
      )}</ul>`
}${refundForm(view)}</section>`;

  return dashboardPage({
    context,
    title: t("dashboard.payment.title", { order: p.orderRef }),
    section: "payments",
    body: html`<p><a href="/dashboard/payments">← ${t("dashboard.payment.back")}</a></p>${notice(view.done)}${notice(view.error, "error")}
<div class="grid">${summary}${moneyCard}</div>${refunds}${timeline}${sms}`,
  });
}

function refundForm(view: PaymentView): SafeHtml {
  const { context, payment: p } = view;
  const { t, locale } = context;
  if (view.refundable <= 0) return html``;
  if (context.session.role !== "owner")
    return html`<p class="muted">${t("dashboard.refund.owner_only")}</p>`;
  const max = money(view.refundable, p.currency, locale);
  return html`<form method="post" action="/dashboard/payments/${p.id}/refund" class="refund">${csrfField(context)}
<h3>${t("dashboard.refund.heading")}</h3>
<label for="amount">${t("dashboard.refund.amount")}</label>
<input id="amount" name="amount" inputmode="decimal" autocomplete="off" aria-describedby="amount-hint" placeholder="${max}">
<p class="hint" id="amount-hint">${t("dashboard.refund.amount_hint", { max })}</p>
<label for="reason">${t("dashboard.refund.reason")}</label>
<input id="reason" name="reason" maxlength="200" autocomplete="off">
<button class="btn" type="submit">${t("dashboard.refund.review")}</button></form>`;
}

function eventDetail(event: PaymentEvent): SafeHtml {
  // Only the facts a merchant can act on: amounts, codes, who did it.
  const keys = [
    "amount",
    "currency",
    "by",
    "code",
    "failureCode",
    "kind",
    "detail",
    "method",
    "transport",
  ];
  const parts = keys
    .filter((key) => typeof event.data[key] === "string" || typeof event.data[key] === "number")
    .map((key) => `${key}: ${String(event.data[key])}`);
  return parts.length > 0 ? html` <span class="muted">${parts.join(" · ")}</span>` : html``;
}

export function refundConfirmPage(view: {
  context: SignedIn;
  payment: Payment;
  amount: number;
  reason: string | null;
  method: string;
  idempotencyKey: string;
}): string {
  const { context, payment: p } = view;
  const { t, locale } = context;
  const amount = money(view.amount, p.currency, locale);
  return dashboardPage({
    context,
    title: t("dashboard.refund.confirm_title"),
    section: "payments",
    body: html`<div class="card narrow"><p>${t("dashboard.refund.confirm_text", { amount, order: p.orderRef })}</p>
<p class="muted">${codeLabel(t, "refund_method_hint", view.method)}</p>
${view.reason ? html`<p>${t("dashboard.refund.reason")}: “${view.reason}”</p>` : ""}
<form method="post" action="/dashboard/payments/${p.id}/refunds">${csrfField(context)}
<input type="hidden" name="amount" value="${String(view.amount)}">
<input type="hidden" name="reason" value="${view.reason ?? ""}">
<input type="hidden" name="idempotencyKey" value="${view.idempotencyKey}">
<button class="btn danger" type="submit">${t("dashboard.refund.confirm", { amount })}</button>
<a class="btn alt" href="/dashboard/payments/${p.id}">${t("dashboard.refund.cancel")}</a></form></div>`,
  });
}

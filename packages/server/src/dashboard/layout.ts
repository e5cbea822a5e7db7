// The dashboard's page shell: skip link, header with the merchant's menu,
// one <main> per page, the language switch. Styles and scripts are files
// under /dashboard/assets (the CSP allows no inline code).

import { html, page, type SafeHtml } from "../views/html.ts";
import type { DashboardKey } from "./i18n.ts";
import type { DashboardContext } from "./session-auth.ts";

export type Section = "overview" | "payments" | "attention" | "settings" | "api-keys";

const MENU: readonly { section: Section; href: string; label: DashboardKey }[] = [
  { section: "overview", href: "/dashboard", label: "dashboard.nav.overview" },
  { section: "payments", href: "/dashboard/payments", label: "dashboard.nav.payments" },
  { section: "attention", href: "/dashboard/attention", label: "dashboard.nav.attention" },
  { section: "settings", href: "/dashboard/settings", label: "dashboard.nav.settings" },
  { section: "api-keys", href: "/dashboard/api-keys", label: "dashboard.nav.api_keys" },
];

/** A hidden field with the session's synchronizer token, for every POST form. */
export function csrfField(context: DashboardContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${context.session?.csrfToken ?? ""}">`;
}

export function dashboardPage(view: {
  context: DashboardContext;
  title: string;
  section?: Section;
  body: SafeHtml;
  /** Extra scripts under /dashboard/assets (charts). */
  scripts?: readonly string[];
}): string {
  const { context, section } = view;
  const { t, session, locale } = context;
  const other = locale === "en" ? "fr" : "en";
  const switchHref = `${context.here.split("?")[0]}?${new URLSearchParams({
    ...Object.fromEntries(new URL(context.here, "http://x").searchParams),
    lang: other,
  })}`;
  const nav = session
    ? html`<nav aria-label="${t("dashboard.nav.label")}"><ul>${MENU.map(
        (item) =>
          html`<li><a href="${item.href}"${item.section === section ? html` aria-current="page"` : ""}>${t(item.label)}</a></li>`,
      )}</ul></nav>
      <div class="who"><span>${session.label}</span> <span class="role">${t(session.role === "owner" ? "dashboard.role.owner" : "dashboard.role.staff")}</span>
      <form method="post" action="/dashboard/logout">${csrfField(context)}<button class="link" type="submit">${t("dashboard.nav.sign_out")}</button></form></div>`
    : html``;
  return page({
    title: `${view.title} · smspay`,
    lang: locale,
    head: html`<link rel="stylesheet" href="/dashboard/assets/dashboard.css">${(
      view.scripts ?? []
    ).map((src) => html`<script defer src="/dashboard/assets/${src}"></script>`)}`,
    body: html`<a class="skip" href="#main">${t("dashboard.skip")}</a>
<header class="top"><a class="brand" href="/dashboard">smspay</a>${nav}
<a class="lang" href="${switchHref}" lang="${other}" hreflang="${other}">${other === "fr" ? "Français" : "English"}</a></header>
<main id="main" tabindex="-1"><h1>${view.title}</h1>${view.body}</main>`,
  });
}

/** A message at the top of a page (after a redirect: ?done=...). */
export function notice(text: string | undefined, kind: "ok" | "error" = "ok"): SafeHtml {
  if (!text) return html``;
  return html`<p class="notice ${kind}" role="${kind === "error" ? "alert" : "status"}">${text}</p>`;
}

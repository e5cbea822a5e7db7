// A dashboard error as a page: the problem's code and words, and a way back.

import type { Problem } from "../../http/problem.ts";
import { html } from "../../views/html.ts";
import { dashboardPage } from "../layout.ts";
import type { DashboardContext } from "../session-auth.ts";

export function errorPage(context: DashboardContext, problem: Problem): string {
  const { t } = context;
  return dashboardPage({
    context,
    title: t("dashboard.error.title"),
    body: html`<div class="card narrow"><p role="alert">${problem.detail}</p>
<p class="muted">${t("dashboard.error.code")}: <code>${problem.code}</code></p>
<ul class="plain">${(problem.fields ?? []).map((f) => html`<li><code>${f.path}</code>: ${f.message}</li>`)}</ul>
<p><a href="/dashboard">${t("dashboard.error.home")}</a></p></div>`,
  });
}

// The sign-in page: email and password, nothing else.

import { html } from "../../views/html.ts";
import { dashboardPage } from "../layout.ts";
import type { DashboardContext } from "../session-auth.ts";

export function loginPage(view: {
  context: DashboardContext;
  next: string;
  email?: string;
  error?: string;
}): string {
  const { t } = view.context;
  return dashboardPage({
    context: view.context,
    title: t("dashboard.login.title"),
    body: html`<div class="card narrow">${view.error ? html`<p class="notice error" id="login-error" role="alert">${view.error}</p>` : ""}
<form method="post" action="/dashboard/login">
<input type="hidden" name="next" value="${view.next}">
<label for="email">${t("dashboard.login.email")}</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${view.email ?? ""}"${view.error ? html` aria-invalid="true" aria-describedby="login-error"` : ""}>
<label for="password">${t("dashboard.login.password")}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button class="btn" type="submit">${t("dashboard.login.submit")}</button>
</form><p class="muted">${t("dashboard.login.hint")}</p></div>`,
  });
}

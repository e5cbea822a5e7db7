// API keys: named, shown once, revoked for good; when each was last used.

import type { ApiKeyRecord } from "@smspay/core";
import { html } from "../../views/html.ts";
import { dateTime } from "../format.ts";
import { csrfField, dashboardPage, notice } from "../layout.ts";
import type { SignedIn } from "../session-auth.ts";

export function apiKeysPage(view: {
  context: SignedIn;
  keys: readonly ApiKeyRecord[];
  /** The key just created, in clear: its only appearance. */
  created?: { name: string; apiKey: string };
  done?: string;
  error?: string;
}): string {
  const { context } = view;
  const { t, locale } = context;
  const owner = context.session.role === "owner";
  const when = (at: Date | null) => (at ? dateTime(at, locale) : t("dashboard.keys.never"));
  const created = view.created
    ? html`<div class="notice ok" role="status"><p>${t("dashboard.keys.created", { name: view.created.name })}</p><p><code class="secret" id="new-key">${view.created.apiKey}</code></p></div>`
    : "";
  const rows = view.keys.map(
    (
      key,
    ) => html`<tr><td>${key.name}</td><td class="ltr"><code>${key.prefix}…</code></td><td>${dateTime(key.createdAt, locale)}</td><td>${when(key.lastUsedAt)}</td>
<td>${key.revokedAt ? t("dashboard.keys.revoked_on", { date: dateTime(key.revokedAt, locale) }) : t("dashboard.keys.active")}</td>
<td>${owner && !key.revokedAt ? html`<form method="post" action="/dashboard/api-keys/${key.id}/revoke">${csrfField(context)}<button class="btn alt" type="submit" aria-label="${t("dashboard.keys.revoke_label", { name: key.name })}">${t("dashboard.keys.revoke")}</button></form>` : ""}</td></tr>`,
  );
  return dashboardPage({
    context,
    title: t("dashboard.keys.title"),
    section: "api-keys",
    body: html`${notice(view.done)}${notice(view.error, "error")}${created}
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="keys-caption"><table><caption id="keys-caption">${t("dashboard.keys.caption")}</caption>
<thead><tr><th scope="col">${t("dashboard.keys.name")}</th><th scope="col">${t("dashboard.keys.prefix")}</th><th scope="col">${t("dashboard.keys.created_at")}</th><th scope="col">${t("dashboard.keys.last_used")}</th><th scope="col">${t("dashboard.keys.state")}</th><th scope="col"><span class="visually-hidden">${t("dashboard.keys.actions")}</span></th></tr></thead>
<tbody>${rows}</tbody></table></div>
${
  owner
    ? html`<form class="card narrow" method="post" action="/dashboard/api-keys">${csrfField(context)}<h2>${t("dashboard.keys.new")}</h2>
<label for="key-name">${t("dashboard.keys.name")}</label><input id="key-name" name="name" required maxlength="60" autocomplete="off">
<button class="btn" type="submit">${t("dashboard.keys.create")}</button></form>`
    : html`<p class="muted">${t("dashboard.keys.owner_only")}</p>`
}`,
  });
}

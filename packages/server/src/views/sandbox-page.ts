// The sandbox's home: the virtual phone, the short codes and the magic
// numbers, and the way to the demo shop.

import type { Tariff } from "@smspay/core";
import { formatMoney } from "@smspay/core";
import { html, page, trusted } from "./html.ts";
import {
  DEFAULT_SANDBOX_PHONE,
  SANDBOX_PHONE_SCRIPT,
  SANDBOX_STYLE,
  sandboxPhone,
} from "./sandbox-phone.ts";

const MAGIC_NUMBERS = [
  ["+33600000001", "insufficient credit: the charge is declined"],
  ["+33600000002", "operator error"],
  ["+33600000003", "no delivery receipt ever arrives"],
  ["+33600000004", "the delivery receipt says failed"],
] as const;

export function sandboxPage(tariffs: readonly Tariff[]): string {
  const body = html`<header><h1>smspay sandbox</h1></header>
<div class="wrap">
<section aria-labelledby="about"><h2 id="about">A fake operator, for trying smspay</h2>
<p><a class="btn" href="/sandbox/shop">Open the demo shop</a></p>
<h3>Short codes</h3><ul>${tariffs.map(
    (t) => html`<li><strong>${t.shortCode}</strong> ${t.keyword}: ${formatMoney(t, "en")}</li>`,
  )}</ul>
<p>Every other amount is paid by carrier billing: a PIN by SMS.</p>
<h3>Magic numbers</h3><ul>${MAGIC_NUMBERS.map(([n, what]) => html`<li><code>${n}</code>: ${what}</li>`)}</ul>
</section>
${sandboxPhone({ phone: DEFAULT_SANDBOX_PHONE, shortCodes: tariffs.map((t) => t.shortCode), quick: [] })}
</div>
<script>${trusted(SANDBOX_PHONE_SCRIPT)}</script>`;
  return page({
    title: "smspay sandbox",
    lang: "en",
    head: html`<style>${trusted(SANDBOX_STYLE)}</style>`,
    body,
  });
}

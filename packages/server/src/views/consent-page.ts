// Where a customer turns one-reply (express) payments off with the link they
// were given: the consent as recorded, and a button (a POST, so link
// previewers and prefetchers cannot revoke it by visiting).

import { type ExpressConsent, isRightToLeft, translate } from "@smspay/core";
import { checkoutStyle } from "./checkout-style.ts";
import { html, page, trusted } from "./html.ts";

export function consentPage(view: {
  consent: ExpressConsent;
  merchantName: string;
  locale: string;
  nonce: string;
}): string {
  const { consent, merchantName, locale, nonce } = view;
  const params = { merchant: merchantName };
  const live = consent.revokedAt === null;
  const title = translate(locale, live ? "page.express_revoke" : "page.express_revoked", params);
  const body = html`<header class="bar"><span>${merchantName}</span></header>
<main><section class="card"><h1>${title}</h1>
<blockquote lang="${consent.locale}" dir="${isRightToLeft(consent.locale) ? "rtl" : "ltr"}"><p>${consent.textShown}</p></blockquote>
${
  live
    ? html`<form method="post" action="/pay/consents/${consent.id}/revoke"><button class="btn" type="submit">${title}</button></form>`
    : html`<p class="status" role="status">${title}</p>`
}
</section></main>`;
  return page({
    title,
    lang: locale,
    dir: isRightToLeft(locale) ? "rtl" : "ltr",
    head: html`<style nonce="${nonce}">${trusted(checkoutStyle(null))}</style>`,
    body,
  });
}

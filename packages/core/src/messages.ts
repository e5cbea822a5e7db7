// Texts customers read (SMS and the checkout page) come from the catalogs in
// the repo's shared/i18n, which the PHP plugins read too. English is the
// reference catalog: every other one has its keys, and falls back to it for
// any key it lacks.

import ar from "../../../shared/i18n/ar.json" with { type: "json" };
import en from "../../../shared/i18n/en.json" with { type: "json" };
import es from "../../../shared/i18n/es.json" with { type: "json" };
import fr from "../../../shared/i18n/fr.json" with { type: "json" };
import pt from "../../../shared/i18n/pt.json" with { type: "json" };

export type MessageKey = keyof typeof en;

const CATALOGS: Readonly<Record<string, Partial<Record<MessageKey, string>>>> = {
  en,
  fr,
  es,
  pt,
  ar,
};

export const SUPPORTED_LOCALES = Object.keys(CATALOGS);

// Languages written right to left among the supported ones.
const RIGHT_TO_LEFT = new Set(["ar"]);

function language(tag: string | null | undefined): string {
  return (tag ?? "").trim().toLowerCase().split(/[-_]/)[0] ?? "";
}

export function isSupportedLocale(requested: string | null | undefined): boolean {
  return Object.hasOwn(CATALOGS, language(requested));
}

/** "fr-FR" -> "fr"; unknown languages -> "en". */
export function resolveLocale(requested: string | null | undefined): string {
  const lang = language(requested);
  return Object.hasOwn(CATALOGS, lang) ? lang : "en";
}

export function isRightToLeft(locale: string): boolean {
  return RIGHT_TO_LEFT.has(resolveLocale(locale));
}

/**
 * The best supported language of an Accept-Language header ("pt-BR,pt;q=0.9,
 * en;q=0.8" -> "pt"), or undefined when it names none we speak.
 */
export function negotiateLocale(acceptLanguage: string | undefined): string | undefined {
  if (!acceptLanguage) return undefined;
  const ranked = acceptLanguage
    .split(",")
    .slice(0, 20)
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0 && isSupportedLocale(entry.tag))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const best = ranked[0];
  return best ? resolveLocale(best.tag) : undefined;
}

/**
 * The language of the checkout: the customer's (given by the shop), then the
 * shop's default, then the browser's; English when none is supported.
 */
export function checkoutLocale(sources: {
  customer: string | null | undefined;
  merchant: string | null | undefined;
  acceptLanguage: string | undefined;
}): string {
  if (isSupportedLocale(sources.customer)) return resolveLocale(sources.customer);
  if (isSupportedLocale(sources.merchant)) return resolveLocale(sources.merchant);
  return negotiateLocale(sources.acceptLanguage) ?? "en";
}

export function translate(
  locale: string,
  key: MessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const template = CATALOGS[resolveLocale(locale)]?.[key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** Whether `key` is in the reference catalog (for keys built at run time, e.g. failure codes). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

// Texts customers read (SMS now, the checkout page later) come from the
// catalogs in the repo's shared/i18n, which the PHP plugins read too.
// English is the reference catalog: every other one falls back to it.

import en from "../../../shared/i18n/en.json" with { type: "json" };
import fr from "../../../shared/i18n/fr.json" with { type: "json" };

export type MessageKey = keyof typeof en;

const CATALOGS: Readonly<Record<string, Partial<Record<MessageKey, string>>>> = { en, fr };

export const SUPPORTED_LOCALES = Object.keys(CATALOGS);

/** "fr-FR" -> "fr"; unknown languages -> "en". */
export function resolveLocale(requested: string | null | undefined): string {
  const language = (requested ?? "").toLowerCase().split(/[-_]/)[0] ?? "";
  return Object.hasOwn(CATALOGS, language) ? language : "en";
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

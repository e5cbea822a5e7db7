// How the dashboard writes money, times and masked phones, in its language.

import { formatMoney } from "@smspay/core";
import type { DashboardLocale } from "./i18n.ts";

const TAGS: Readonly<Record<DashboardLocale, string>> = { en: "en-GB", fr: "fr-FR" };

export function money(amount: number, currency: string, locale: DashboardLocale): string {
  return formatMoney({ amount, currency }, TAGS[locale]);
}

/** Times are shown in UTC (said so on the page): the same for every member of the team. */
export function dateTime(at: Date, locale: DashboardLocale): string {
  return new Intl.DateTimeFormat(TAGS[locale], {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(at);
}

export function percent(ratio: number, locale: DashboardLocale): string {
  return new Intl.NumberFormat(TAGS[locale], { style: "percent", maximumFractionDigits: 1 }).format(
    ratio,
  );
}

export function count(value: number, locale: DashboardLocale): string {
  return new Intl.NumberFormat(TAGS[locale]).format(value);
}

/** A PIN in an MT's text is the customer's secret: the dashboard never shows it. */
export function maskPins(text: string): string {
  return text.replace(/\b\d{4,8}\b/g, (digits) => "•".repeat(digits.length));
}

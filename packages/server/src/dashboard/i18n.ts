// The dashboard speaks English and French (shared/i18n, keys `dashboard.*`).
// Its language: ?lang= (remembered in a cookie), else the cookie, else the
// browser's, else English.

import { isMessageKey, type MessageKey, negotiateLocale, translate } from "@smspay/core";
import type { Request, Response } from "express";
import { type CookiePolicy, LANGUAGE_COOKIE, readCookie, setCookie } from "./cookies.ts";

export const DASHBOARD_LOCALES = ["en", "fr"] as const;
export type DashboardLocale = (typeof DASHBOARD_LOCALES)[number];

export type DashboardKey = Extract<MessageKey, `dashboard.${string}`>;
export type Translate = (key: DashboardKey, params?: Record<string, string | number>) => string;

function asLocale(value: string | undefined): DashboardLocale | undefined {
  return DASHBOARD_LOCALES.find((locale) => locale === value);
}

export function dashboardLocale(
  req: Request,
  res: Response,
  policy: CookiePolicy,
): DashboardLocale {
  const asked = asLocale(typeof req.query.lang === "string" ? req.query.lang : undefined);
  if (asked) {
    setCookie(res, policy, LANGUAGE_COOKIE, asked, { maxAgeSeconds: 365 * 86_400 });
    return asked;
  }
  const accepted = (req.get("accept-language") ?? "")
    .split(",")
    .filter((part) => asLocale(part.trim().slice(0, 2).toLowerCase()))
    .join(",");
  return asLocale(readCookie(req, LANGUAGE_COOKIE)) ?? asLocale(negotiateLocale(accepted)) ?? "en";
}

export function translator(locale: DashboardLocale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** Words for a code the domain may grow (statuses, kinds): the code itself when no catalog has it yet. */
export function codeLabel(t: Translate, group: string, code: string): string {
  const key = `dashboard.${group}.${code}`;
  return isMessageKey(key) ? t(key as DashboardKey) : code;
}

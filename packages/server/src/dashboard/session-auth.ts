// Who is asking: the dashboard session behind the cookie, the page's
// language, and the guards every route relies on (signed in, same-origin
// synchronizer token on every state change, owner for what changes money,
// keys or settings).

import {
  type AccountService,
  type DashboardSession,
  requireOwner,
  SmspayError,
  sameSecret,
} from "@smspay/core";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { type CookiePolicy, readCookie, sessionCookieName } from "./cookies.ts";
import { type DashboardLocale, dashboardLocale, type Translate, translator } from "./i18n.ts";

export type DashboardContext = {
  readonly locale: DashboardLocale;
  readonly t: Translate;
  /** The request's path and query, to come back to after signing in. */
  readonly here: string;
  readonly session: DashboardSession | undefined;
};

export type SignedIn = DashboardContext & { readonly session: DashboardSession };

export function contextOf(res: Response): DashboardContext {
  return res.locals.dashboard as DashboardContext;
}

/** The signed-in context; routes behind `requireSession` only. */
export function signedIn(res: Response): SignedIn {
  const context = contextOf(res);
  if (!context.session) throw new SmspayError("unauthorized", "sign in first");
  return context as SignedIn;
}

export function sessionToken(req: Request, policy: CookiePolicy): string | undefined {
  return readCookie(req, sessionCookieName(policy));
}

export function loadContext(accounts: AccountService, policy: CookiePolicy): RequestHandler {
  return async (req, res, next) => {
    const locale = dashboardLocale(req, res, policy);
    const session = await accounts.session(sessionToken(req, policy));
    const context: DashboardContext = {
      locale,
      t: translator(locale),
      here: req.originalUrl,
      session,
    };
    res.locals.dashboard = context;
    res.set({
      "Content-Security-Policy":
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      "Cache-Control": "no-store",
      "Referrer-Policy": "same-origin",
      "X-Content-Type-Options": "nosniff",
      Vary: "Cookie, Accept-Language",
    });
    next();
  };
}

/** Pages answer a signed-out browser with the sign-in page; anything else with 401. */
export function requireSession(req: Request, res: Response, next: NextFunction): void {
  if (contextOf(res).session) {
    next();
    return;
  }
  if (req.method === "GET" && req.accepts(["html", "json"]) === "html") {
    res.redirect(303, `/dashboard/login?next=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  throw new SmspayError("unauthorized", "sign in to the dashboard first");
}

/**
 * State changes come from our own pages: the browser's Origin (when it sends
 * one) is ours, and the form or fetch carries the session's synchronizer token.
 */
export function verifyCsrf(publicUrl: string): RequestHandler {
  const ours = new URL(publicUrl).origin;
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") {
      next();
      return;
    }
    assertSameOrigin(req, ours);
    const session = contextOf(res).session;
    const body = req.body as Record<string, unknown> | undefined;
    const given = req.get("x-csrf-token") ?? (typeof body?._csrf === "string" ? body._csrf : "");
    if (!session || !sameSecret(given, session.csrfToken))
      throw new SmspayError(
        "forbidden",
        "the form expired or did not come from the dashboard; reload the page",
      );
    next();
  };
}

export function assertSameOrigin(req: Request, ours: string): void {
  const origin = req.get("origin");
  const own = `${req.protocol}://${req.get("host") ?? ""}`;
  if (origin !== undefined && origin !== ours && origin !== own)
    throw new SmspayError("forbidden", "cross-site requests are refused");
}

/** Staff only look. */
export function ownerOnly(_req: Request, res: Response, next: NextFunction): void {
  requireOwner(signedIn(res).session);
  next();
}

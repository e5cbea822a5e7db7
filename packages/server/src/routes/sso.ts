// Single sign-on from the shop platforms' admin pages (shared/sso.md): the
// plugin trades its API key for a one-time link (POST /v1/sso-tokens), and
// the link signs the browser in to the dashboard (GET /dashboard/sso).

import type { SingleSignOn, Store } from "@smspay/core";
import { type RequestHandler, Router } from "express";
import type { CookiePolicy } from "../dashboard/cookies.ts";
import { sessionToken } from "../dashboard/session-auth.ts";
import { merchantOf } from "../http/auth.ts";

const PLATFORM_LABELS: Readonly<Record<string, string>> = {
  shopify: "Shopify admin",
  woocommerce: "WordPress admin",
  magento: "Magento admin",
};

export function ssoTokenRoutes(options: {
  sso: SingleSignOn;
  store: Store;
  publicUrl: string;
}): Router {
  const { sso, store, publicUrl } = options;
  const router = Router();

  router.post("/sso-tokens", async (req, res) => {
    const merchantId = merchantOf(res.locals).id;
    const connection = await store.platformConnections.get(merchantId);
    const link = await sso.mint({
      merchantId,
      platformLabel: (connection && PLATFORM_LABELS[connection.platform]) ?? "shop admin",
      body: req.body,
    });
    res
      .status(201)
      .set("Cache-Control", "no-store")
      .json({
        url: `${publicUrl}/dashboard/sso?token=${encodeURIComponent(link.token)}`,
        expiresAt: link.expiresAt.toISOString(),
      });
  });

  return router;
}

export function ssoSignIn(options: {
  sso: SingleSignOn;
  policy: CookiePolicy;
  start: (res: Parameters<RequestHandler>[1], token: string) => void;
}): RequestHandler {
  return async (req, res) => {
    const token = typeof req.query.token === "string" ? req.query.token : "";
    const opened = await options.sso.redeem(token, sessionToken(req, options.policy));
    options.start(res, opened.token);
    // The token must not linger in history or in a Referer: land on a clean URL.
    res.set("Referrer-Policy", "no-referrer").redirect(303, opened.returnTo ?? "/dashboard");
  };
}

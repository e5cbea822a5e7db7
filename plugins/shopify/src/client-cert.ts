// Shopify presents a client certificate signed by its payments CA on every
// session request (mTLS). In production a proxy in front of smspay verifies it
// (nginx: `ssl_verify_client on; ssl_client_certificate shopify-payments-ca.pem;`)
// and passes the outcome on (`proxy_set_header X-Client-Verify $ssl_client_verify;`).
// This middleware trusts that header only from the proxy's own addresses, so
// a client reaching smspay directly cannot claim a verified certificate.

import { SmspayError } from "@smspay/core";
import type { NextFunction, Request, Response } from "express";
import type { ClientCertCheck } from "./shopify-config.ts";

export function requireShopifyClientCert(check: ClientCertCheck) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const verified =
      check.mode === "off" ||
      (check.trustedProxies.includes(req.socket.remoteAddress ?? "") &&
        req.get(check.header) === "SUCCESS");
    next(
      verified
        ? undefined
        : new SmspayError("unauthorized", "Shopify's client certificate was not verified"),
    );
  };
}

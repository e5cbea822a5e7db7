// The Authorization header for one Magento REST call. OAuth 1.0a signs the
// method, the URL and its query parameters (RFC 5849; a JSON body is not part
// of the signature); HMAC-SHA256 is the method Magento recommends.

import { createHmac } from "node:crypto";
import OAuth from "oauth-1.0a";
import type { MagentoAuth } from "./magento-config.ts";

export type AuthorizationHeader = (request: { method: string; url: string }) => string;

export function magentoAuthorization(auth: MagentoAuth): AuthorizationHeader {
  if (auth.type === "bearer") {
    const header = `Bearer ${auth.accessToken}`;
    return () => header;
  }
  const oauth = new OAuth({
    consumer: { key: auth.consumerKey, secret: auth.consumerSecret },
    signature_method: "HMAC-SHA256",
    hash_function: (base, key) => createHmac("sha256", key).update(base).digest("base64"),
  });
  const token = { key: auth.accessToken, secret: auth.accessTokenSecret };
  return ({ method, url }) => oauth.toHeader(oauth.authorize({ method, url }, token)).Authorization;
}

// Vonage SMS API signed webhooks (developer.vonage.com, "Signing Messages"):
// the parameters except `sig`, sorted by name, each as "&name=value" with "&"
// and "=" in values replaced by "_"; then "md5hash" is the lower-case hex MD5
// of that string followed by the signature secret, and the HMAC methods (md5,
// sha1, sha256, sha512) the upper-case hex HMAC of it keyed by the secret.

import { createHash, createHmac } from "node:crypto";
import { safeEqual } from "../provider-http.ts";

export const VONAGE_SIGNATURE_METHODS = ["md5hash", "md5", "sha1", "sha256", "sha512"] as const;

export type VonageSignatureMethod = (typeof VONAGE_SIGNATURE_METHODS)[number];

export function vonageSignature(
  params: Readonly<Record<string, string>>,
  secret: string,
  method: VonageSignatureMethod,
): string {
  const signed = Object.keys(params)
    .filter((name) => name !== "sig")
    .sort()
    .map((name) => `&${name}=${(params[name] ?? "").replace(/[&=]/g, "_")}`)
    .join("");
  if (method === "md5hash")
    return createHash("md5")
      .update(signed + secret)
      .digest("hex");
  return createHmac(method, secret).update(signed).digest("hex").toUpperCase();
}

export function isValidVonageSignature(
  params: Readonly<Record<string, string>>,
  secret: string,
  method: VonageSignatureMethod,
): boolean {
  const given = params.sig;
  if (!given) return false;
  // Hex is hex whatever its case: compare upper-cased.
  return safeEqual(given.toUpperCase(), vonageSignature(params, secret, method).toUpperCase());
}

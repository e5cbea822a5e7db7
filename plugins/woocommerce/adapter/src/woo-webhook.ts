// WooCommerce's own webhooks (Settings > Advanced > Webhooks), should a shop
// point one at smspay: X-WC-Webhook-Signature is base64(HMAC-SHA256(secret,
// raw body)). Check it over the raw bytes before parsing anything.

import { createHmac, timingSafeEqual } from "node:crypto";

export function verifyWooWebhook(
  secret: string,
  rawBody: Buffer | string,
  signatureHeader: string | undefined,
): boolean {
  // Fail closed: no secret, no signature, no trust.
  if (!secret || !signatureHeader) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(rawBody).digest("base64"));
  const given = Buffer.from(signatureHeader.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

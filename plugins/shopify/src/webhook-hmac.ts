// Shopify signs each webhook: X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256
// of the raw body with the app's client secret. Checked over the bytes as
// received, before anything else reads the request; no secret, no pass.

import { createHmac, timingSafeEqual } from "node:crypto";

export function shopifyWebhookHmac(secret: string, rawBody: Uint8Array): string {
  return createHmac("sha256", secret).update(rawBody).digest("base64");
}

export function verifyShopifyWebhook(
  secret: string,
  rawBody: Uint8Array,
  header: string | undefined,
): boolean {
  if (!secret || !header) return false;
  const expected = Buffer.from(shopifyWebhookHmac(secret, rawBody), "base64");
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// The customer's way back to the shop carries the payment's outcome, signed
// with a per-merchant key so a shop can show "thank you" without trusting the
// query string. It is a hint for the page only: plugins still confirm the
// payment server to server before shipping (shared/webhooks.md, "Return URL").

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A new signing key: 32 random bytes as 64 hex characters (the HMAC key is this text). */
export function newReturnKey(): string {
  return randomBytes(32).toString("hex");
}

/** hex(HMAC-SHA256(key, "<payment id>.<status>")). */
export function returnSignature(key: string, paymentId: string, status: string): string {
  return createHmac("sha256", key).update(`${paymentId}.${status}`).digest("hex");
}

/** `url` with smspay_payment, smspay_status and smspay_signature added to its query. */
export function signedReturnUrl(
  url: string,
  result: { readonly id: string; readonly status: string },
  key: string,
): string {
  const signed = new URL(url);
  signed.searchParams.set("smspay_payment", result.id);
  signed.searchParams.set("smspay_status", result.status);
  signed.searchParams.set("smspay_signature", returnSignature(key, result.id, result.status));
  return signed.href;
}

/** Checks the three parameters of a return URL's query, in constant time. */
export function verifyReturnSignature(
  key: string,
  query: { readonly payment: string; readonly status: string; readonly signature: string },
): boolean {
  const expected = Buffer.from(returnSignature(key, query.payment, query.status), "hex");
  const given = Buffer.from(/^[0-9a-f]{64}$/i.test(query.signature) ? query.signature : "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

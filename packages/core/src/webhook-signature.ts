// The `Smspay-Signature` header on every webhook smspay sends (shared/webhooks.md):
// `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The
// timestamp is signed with the body so a captured request cannot be replayed
// later; several `v1=` may appear while a secret is being rotated.

import { createHmac, timingSafeEqual } from "node:crypto";

export const DEFAULT_SIGNATURE_TOLERANCE_SEC = 300;

function hmacHex(secret: string, timestamp: number, rawBody: string | Uint8Array): string {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex");
}

/** The header value for `body` signed at `timestamp` (unix seconds). */
export function signSmspayPayload(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
}

/**
 * Whether `header` signs `rawBody` (the bytes as received, before any JSON
 * parsing) with `secret`, at a time within `toleranceSec` of `now`.
 */
export function verifySmspaySignature(
  secret: string,
  header: string,
  rawBody: string | Uint8Array,
  now: Date,
  toleranceSec: number = DEFAULT_SIGNATURE_TOLERANCE_SEC,
): boolean {
  if (!secret) return false;
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(",")) {
    const [key, value, ...rest] = part.trim().split("=");
    if (rest.length > 0 || value === undefined) continue;
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === "v1" && /^[0-9a-f]{64}$/.test(value)) signatures.push(Buffer.from(value, "hex"));
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSec) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, rawBody), "hex");
  return signatures.some((candidate) => timingSafeEqual(candidate, expected));
}

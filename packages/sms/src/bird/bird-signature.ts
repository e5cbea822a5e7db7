// Bird's webhook signature (docs.bird.com, "Verifying a webhook"):
// MessageBird-Signature = base64(HMAC-SHA256(signing key,
//   timestamp + "\n" + the URL Bird called + "\n" + SHA-256(raw body))),
// the timestamp being the MessageBird-Request-Timestamp header (unix
// seconds) and the body hash the raw 32 bytes, not hex.

import { createHash, createHmac } from "node:crypto";
import { isFresh, safeEqual } from "../provider-http.ts";

export function birdSignature(
  signingKey: string,
  timestamp: string,
  url: string,
  body: Uint8Array,
): string {
  const bodyHash = createHash("sha256").update(body).digest();
  return createHmac("sha256", signingKey)
    .update(`${timestamp}\n${url}\n`, "utf8")
    .update(bodyHash)
    .digest("base64");
}

/** Checks the signature and that the timestamp is recent (a replayed request is refused). */
export function isValidBirdSignature(input: {
  signingKey: string;
  url: string;
  body: Uint8Array;
  signature: string | undefined;
  timestamp: string | undefined;
  now: Date;
}): boolean {
  const { signature, timestamp } = input;
  if (!signature || timestamp === undefined || !isFresh(timestamp, input.now)) return false;
  return safeEqual(signature, birdSignature(input.signingKey, timestamp, input.url, input.body));
}

// Twilio's request signature (https://www.twilio.com/docs/usage/security):
// X-Twilio-Signature = base64(HMAC-SHA1(auth token, the full URL Twilio
// called + every POST parameter's name and value, sorted by name)).

import { createHmac } from "node:crypto";
import { safeEqual } from "../provider-http.ts";

/** Case-sensitive (byte order) by name, then by value for repeated names: Twilio's order. */
function byNameThenValue([an, av]: [string, string], [bn, bv]: [string, string]): number {
  if (an !== bn) return an < bn ? -1 : 1;
  if (av !== bv) return av < bv ? -1 : 1;
  return 0;
}

export function twilioSignature(
  authToken: string,
  url: string,
  params: readonly [string, string][],
): string {
  let signed = url;
  for (const [name, value] of [...params].sort(byNameThenValue)) signed += name + value;
  return createHmac("sha1", authToken).update(signed, "utf8").digest("base64");
}

export function isValidTwilioSignature(input: {
  authToken: string;
  url: string;
  params: readonly [string, string][];
  signature: string | undefined;
}): boolean {
  if (!input.signature) return false;
  return safeEqual(input.signature, twilioSignature(input.authToken, input.url, input.params));
}

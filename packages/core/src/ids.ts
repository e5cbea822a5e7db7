// Identifiers: a readable prefix and 128 bits of randomness, lower-case base32
// so they survive URLs, SMS and copy-paste.

import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export type IdPrefix =
  | "pay"
  | "mer"
  | "key"
  | "msg"
  | "mt"
  | "eff"
  | "in"
  | "sbx"
  | "ntf"
  | "otp"
  | "evt"
  | "we"
  | "re"
  | "dp"
  | "stl"
  | "sl"
  | "att"
  | "con"
  | "usr";

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${base32(randomBytes(16))}`;
}

/** An API key: shown once to the merchant, stored only as a hash. */
export function newApiKey(): string {
  return `sk_${base32(randomBytes(24))}`;
}

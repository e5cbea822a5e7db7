// Phone numbers are personal data (GDPR): smspay keeps them as an HMAC for
// lookups (monthly caps, opt-outs) and AES-256-GCM ciphertext for the few
// places that must read them back (sending an MT, the merchant's masked view).
// Logs only ever see `maskPhone`.

import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/mobile";
import { SmspayError } from "./errors.ts";

export type PhoneNumber = {
  /** E.164, e.g. "+33612345678". */
  readonly e164: string;
  /** ISO country of the number, when known. */
  readonly country: string | undefined;
};

/**
 * Normalizes user input to E.164. `defaultCountry` helps with national formats
 * ("06 12 34 56 78" in FR). Rejects what cannot be a mobile number (carrier billing and premium SMS need one).
 */
export function parsePhone(input: string, defaultCountry?: string): PhoneNumber {
  const parsed = parsePhoneNumberFromString(
    input.trim(),
    defaultCountry?.toUpperCase() as CountryCode | undefined,
  );
  if (!parsed?.isValid()) {
    throw new SmspayError("phone_invalid", "not a valid phone number", {
      fields: [{ path: "phone", message: "enter a full mobile number with its country code" }],
    });
  }
  return { e164: parsed.number, country: parsed.country };
}

/** "+33612345678" -> "+336•••••678": enough for a person to recognise, not to dial. */
export function maskPhone(e164: string): string {
  if (e164.length <= 7) return "•".repeat(e164.length);
  return `${e164.slice(0, 4)}${"•".repeat(e164.length - 7)}${e164.slice(-3)}`;
}

export function lastDigits(e164: string, count = 4): string {
  return e164.slice(-count);
}

export class PhoneVault {
  readonly #hashKey: Buffer;
  readonly #dataKey: Buffer;

  /** Both keys are 32 bytes; they come from the environment, never from the repo. */
  constructor(keys: { hashKey: Buffer; dataKey: Buffer }) {
    if (keys.hashKey.length !== 32 || keys.dataKey.length !== 32) {
      throw new RangeError("phone vault keys must be 32 bytes");
    }
    this.#hashKey = keys.hashKey;
    this.#dataKey = keys.dataKey;
  }

  hash(e164: string): string {
    return createHmac("sha256", this.#hashKey).update(e164).digest("base64url");
  }

  seal(e164: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#dataKey, iv);
    const body = Buffer.concat([cipher.update(e164, "utf8"), cipher.final()]);
    return [
      "v1",
      iv.toString("base64url"),
      body.toString("base64url"),
      cipher.getAuthTag().toString("base64url"),
    ].join(".");
  }

  open(sealed: string): string {
    const [version, iv, body, tag] = sealed.split(".");
    if (version !== "v1" || !iv || !body || !tag) throw new Error("not a sealed phone number");
    // A fixed tag length: without it GCM accepts a truncated tag (down to 4 bytes),
    // and a forger only has to guess 32 bits instead of 128.
    const decipher = createDecipheriv("aes-256-gcm", this.#dataKey, Buffer.from(iv, "base64url"), {
      authTagLength: 16,
    });
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([
      decipher.update(Buffer.from(body, "base64url")),
      decipher.final(),
    ]).toString("utf8");
  }
}

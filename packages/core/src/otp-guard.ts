// The OTP abuse guard (DOMAIN.md 4, SMS pumping): bots make PIN forms send
// MTs to premium-rate or consecutive numbers, and the sender pays for each.
// Before any PIN MT: the number's country must be one the merchant allows,
// and sliding windows cap the sends per number, per client IP, per merchant
// and per merchant and country. The per-payment cap and cooldown (otp.ts)
// come first; these hold across payments, merchants and processes.

import { z } from "zod";
import type { CoreDeps } from "./core-deps.ts";
import { SmspayError } from "./errors.ts";
import { newId } from "./ids.ts";
import { parseOrThrow } from "./payment-input.ts";
import type { PhoneNumber } from "./phone.ts";
import type { Repositories, Store } from "./ports.ts";

export type OtpSendDimension = "phone" | "ip" | "merchant" | "country";

export type OtpWindow = { readonly dimension: OtpSendDimension; readonly windowSeconds: number };

export type OtpWindowLimit = OtpWindow & { readonly max: number };

export type OtpGuardPolicy = { readonly limits: readonly OtpWindowLimit[] };

// A customer paying a few times a day stays far below these; a bot cycling
// numbers or hammering from one address does not. The IP limits leave room
// for the many customers a mobile carrier's NAT puts behind one address.
export const DEFAULT_OTP_GUARD_POLICY: OtpGuardPolicy = {
  limits: [
    { dimension: "phone", windowSeconds: 3_600, max: 5 },
    { dimension: "phone", windowSeconds: 86_400, max: 10 },
    { dimension: "ip", windowSeconds: 600, max: 20 },
    { dimension: "ip", windowSeconds: 86_400, max: 100 },
    { dimension: "country", windowSeconds: 3_600, max: 300 },
    { dimension: "merchant", windowSeconds: 3_600, max: 1_000 },
  ],
};

/** The keys one PIN send counts against (hashes: no phone number or IP in clear). */
export type OtpSendSubject = {
  readonly merchantId: string;
  readonly phoneHash: string;
  /** Null when the client's address is unknown (the IP limits then do not apply). */
  readonly ipHash: string | null;
  readonly country: string;
};

export type OtpWindowUsage = OtpWindow & {
  /** Sends of the dimension's key within the window. */
  readonly count: number;
  /** The earliest of them (null when none). */
  readonly oldest: Date | null;
};

export interface OtpSendRepository {
  /**
   * Serializes PIN sends sharing any key with `subject` until the transaction
   * ends (across processes), then counts that key's sends in each window
   * ending at `now`. The "ip" dimension counts nothing when `ipHash` is null.
   */
  lockAndCount(input: {
    subject: OtpSendSubject;
    now: Date;
    windows: readonly OtpWindow[];
  }): Promise<OtpWindowUsage[]>;
  /** Records a send, and forgets the merchant's sends from before `forgetBefore`. */
  record(input: {
    id: string;
    subject: OtpSendSubject;
    at: Date;
    forgetBefore: Date;
  }): Promise<void>;
}

export interface OtpCountriesRepository {
  /** The countries the merchant set, or undefined (then the defaults apply). */
  get(merchantId: string): Promise<readonly string[] | undefined>;
  /** Sets the merchant's list; null goes back to the defaults. */
  set(input: { merchantId: string; countries: readonly string[] | null; at: Date }): Promise<void>;
}

/** The 27 EU member states: the default when a merchant has no tariff to go by. */
export const EU_COUNTRIES: readonly string[] = [
  "AT",
  "BE",
  "BG",
  "CY",
  "CZ",
  "DE",
  "DK",
  "EE",
  "ES",
  "FI",
  "FR",
  "GR",
  "HR",
  "HU",
  "IE",
  "IT",
  "LT",
  "LU",
  "LV",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SE",
  "SI",
  "SK",
];

/**
 * Where a merchant's PINs may go: its own list, else the countries of the
 * short codes it can use (where its customers are), else the EU.
 */
export async function allowedCountries(
  tx: Pick<Repositories, "otpCountries" | "shortCodes">,
  merchantId: string,
): Promise<readonly string[]> {
  const configured = await tx.otpCountries.get(merchantId);
  if (configured) return configured;
  const tariffs = await tx.shortCodes.listForMerchant(merchantId);
  const countries = [...new Set(tariffs.map((tariff) => tariff.country))].sort();
  return countries.length > 0 ? countries : EU_COUNTRIES;
}

/**
 * Checks a PIN send against the merchant's countries and the sliding windows,
 * and records it: call it in the transaction that queues the PIN, right
 * before queueing it, so a refused or rolled-back send counts for nothing.
 */
export async function guardPinSend(
  tx: Repositories,
  deps: Pick<CoreDeps, "vault" | "clock" | "settings">,
  input: { merchantId: string; phone: PhoneNumber; ip: string | undefined },
): Promise<void> {
  const countries = await allowedCountries(tx, input.merchantId);
  const country = input.phone.country;
  if (!country || !countries.includes(country)) {
    throw new SmspayError(
      "country_not_allowed",
      `PINs cannot be sent to numbers from ${country ?? "this country"} for this shop`,
      { fields: [{ path: "phone", message: `allowed countries: ${countries.join(", ")}` }] },
    );
  }
  const now = deps.clock.now();
  const { limits } = deps.settings.otpGuard;
  const subject: OtpSendSubject = {
    merchantId: input.merchantId,
    phoneHash: deps.vault.hash(input.phone.e164),
    // Domain-separated from phone hashes: an IP and a number never share a key.
    ipHash: input.ip ? deps.vault.hash(`ip:${input.ip}`) : null,
    country,
  };
  const usage = await tx.otpSends.lockAndCount({ subject, now, windows: limits });
  const retryAfterSeconds = exceededFor(limits, usage, now);
  if (retryAfterSeconds !== undefined) {
    throw new SmspayError("otp_rate_limited", "too many codes were requested; try again later", {
      retryable: true,
      retryAfterSeconds,
    });
  }
  const longestWindowMs = Math.max(0, ...limits.map((l) => l.windowSeconds)) * 1000;
  await tx.otpSends.record({
    id: newId("otp"),
    subject,
    at: now,
    forgetBefore: new Date(now.getTime() - longestWindowMs),
  });
}

/**
 * Seconds until every exceeded window has room again, or undefined when none
 * is exceeded. Sends are only recorded while under the limit, so a full
 * window frees a slot when its oldest send leaves it.
 */
export function exceededFor(
  limits: readonly OtpWindowLimit[],
  usage: readonly OtpWindowUsage[],
  now: Date,
): number | undefined {
  let wait: number | undefined;
  for (const limit of limits) {
    const used = usage.find(
      (u) => u.dimension === limit.dimension && u.windowSeconds === limit.windowSeconds,
    );
    if (!used || used.count < limit.max) continue;
    const frees = used.oldest ? used.oldest.getTime() + limit.windowSeconds * 1000 : now.getTime();
    const seconds = Math.max(1, Math.ceil((frees - now.getTime()) / 1000));
    wait = Math.max(wait ?? 0, seconds);
  }
  return wait;
}

export const countriesSchema = z
  .object({
    allowedCountries: z
      .array(z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as FR"))
      .min(1)
      .max(250)
      .nullable(),
  })
  .strict();

export type OtpCountriesView = {
  /** What the merchant set (null: the defaults). */
  readonly allowedCountries: readonly string[] | null;
  /** What applies now. */
  readonly effectiveCountries: readonly string[];
};

/** A merchant's allowed PIN countries, as the merchant API sets and reads them. */
export class OtpCountrySettings {
  readonly #store: Store;
  readonly #clock: CoreDeps["clock"];

  constructor(deps: Pick<CoreDeps, "store" | "clock">) {
    this.#store = deps.store;
    this.#clock = deps.clock;
  }

  async get(merchantId: string): Promise<OtpCountriesView> {
    return {
      allowedCountries: (await this.#store.otpCountries.get(merchantId)) ?? null,
      effectiveCountries: await allowedCountries(this.#store, merchantId),
    };
  }

  async set(merchantId: string, body: unknown): Promise<OtpCountriesView> {
    const { allowedCountries: countries } = parseOrThrow(countriesSchema, body, "OTP countries");
    await this.#store.otpCountries.set({
      merchantId,
      countries: countries ? [...new Set(countries)].sort() : null,
      at: this.#clock.now(),
    });
    return this.get(merchantId);
  }
}

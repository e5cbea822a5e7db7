// The service keywords every short code must honour (DOMAIN.md 2): STOP and
// START (the opt-out registry), HELP/AIDE (who runs the service, how to pay,
// what it costs) and CONTACT (the publisher's identity, a French SMS+ rule).
// Answers leave from the short code the keyword was sent to.

import { z } from "zod";
import type { CoreDeps } from "./core-deps.ts";
import { SmspayError } from "./errors.ts";
import type { InboundSms } from "./inbound.ts";
import { type MessageKey, translate } from "./messages.ts";
import { normalizeMoText } from "./mo-parser.ts";
import { formatMoney, type Money } from "./money.ts";
import { parseOrThrow } from "./payment-input.ts";
import type { Repositories, Store } from "./ports.ts";

/** Who the customer is dealing with: named by HELP and CONTACT. */
export type PublisherIdentity = { readonly name: string; readonly contact: string };

/** A merchant's identity covers its own short codes; a short code's own identity wins. */
export type PublisherScope = { readonly merchantId: string } | { readonly shortCode: string };

/** What a HELP or CONTACT answer on a short code needs to know about it. */
export type ShortCodeProfile = {
  /** The identity set for the code, else the one set for the merchant that owns it. */
  readonly identity: PublisherIdentity | undefined;
  /** The merchant that owns the code, and its name; undefined for a shared code. */
  readonly ownerId: string | undefined;
  readonly ownerName: string | undefined;
  /** The prices the code's payment keywords carry, lowest first (none: a free code). */
  readonly prices: readonly Money[];
};

export interface PublisherRepository {
  set(input: { scope: PublisherScope; identity: PublisherIdentity; at: Date }): Promise<void>;
  get(scope: PublisherScope): Promise<PublisherIdentity | undefined>;
  profile(shortCode: string): Promise<ShortCodeProfile>;
}

export type ServiceKeyword = "stop" | "start" | "help" | "contact";

export type KeywordReply = {
  readonly key: MessageKey;
  readonly params: Readonly<Record<string, string>>;
};

/**
 * Carries out a service keyword sent from `sms.from` to `sms.to` and returns
 * the one reply to send. The STOP confirmation carries no promotion.
 */
export async function answerKeyword(
  tx: Repositories,
  deps: Pick<CoreDeps, "vault" | "clock" | "settings">,
  sms: InboundSms,
  keyword: ServiceKeyword,
): Promise<KeywordReply> {
  const phoneHash = deps.vault.hash(sms.from);
  switch (keyword) {
    case "stop": {
      // STOPALL is the CTIA word for "every program on every code".
      const shortCode = normalizeMoText(sms.text) === "STOPALL" ? null : sms.to;
      await tx.optOuts.add({ phoneHash, shortCode, at: deps.clock.now() });
      return { key: "sms.stop", params: {} };
    }
    case "start":
      await tx.optOuts.remove({ phoneHash, shortCode: sms.to });
      return { key: "sms.start", params: {} };
    case "help":
    case "contact": {
      const profile = await tx.publishers.profile(sms.to);
      const identity = publisherOf(profile, deps.settings.publisher);
      const identityParams = { publisher: identity.name, contact: identity.contact };
      if (keyword === "contact") return { key: "sms.contact", params: identityParams };
      const locale = deps.settings.defaultLocale;
      return {
        key: "sms.help",
        params: { ...identityParams, price: priceWording(profile.prices, locale) },
      };
    }
  }
}

/**
 * The publisher of a short code: its own identity, else its owner's; a
 * merchant-owned code without one names the merchant with the operator's
 * contact; a shared code names the operator (`fallback`, from the config).
 */
export function publisherOf(
  profile: ShortCodeProfile,
  fallback: PublisherIdentity,
): PublisherIdentity {
  if (profile.identity) return profile.identity;
  if (profile.ownerName) return { name: profile.ownerName, contact: fallback.contact };
  return fallback;
}

/** "Price: €4.50 per payment, …" in the reply's language; free codes say so. */
export function priceWording(prices: readonly Money[], locale: string): string {
  if (prices.length === 0) return translate(locale, "sms.price_free");
  const amount = prices.map((price) => formatMoney(price, locale)).join(" / ");
  return translate(locale, "sms.price_premium", { amount });
}

// One line each: the identity goes into an SMS.
const smsLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\r\n]*$/, "must be on one line");

export const publisherIdentitySchema = z
  .object({ name: smsLine(60), contact: smsLine(80) })
  .strict();

export const publisherSettingSchema = publisherIdentitySchema
  .extend({
    shortCode: z
      .string()
      .regex(/^\d{3,8}$/, "must be a short code")
      .optional(),
  })
  .strict();

/**
 * A merchant's publisher identity, as the merchant API sets and reads it: for
 * all its short codes, or (with `shortCode`) for one of its own.
 */
export class PublisherSettings {
  readonly #store: Store;
  readonly #clock: CoreDeps["clock"];

  constructor(deps: Pick<CoreDeps, "store" | "clock">) {
    this.#store = deps.store;
    this.#clock = deps.clock;
  }

  async get(merchantId: string, shortCode?: string): Promise<PublisherIdentity | undefined> {
    return this.#store.publishers.get(await this.#scope(merchantId, shortCode));
  }

  async set(merchantId: string, body: unknown): Promise<PublisherIdentity> {
    const { shortCode, ...identity } = parseOrThrow(
      publisherSettingSchema,
      body,
      "publisher identity",
    );
    const scope = await this.#scope(merchantId, shortCode);
    await this.#store.publishers.set({ scope, identity, at: this.#clock.now() });
    return identity;
  }

  /** A merchant names the publisher of its own codes only; shared codes are the operator's. */
  async #scope(merchantId: string, shortCode: string | undefined): Promise<PublisherScope> {
    if (shortCode === undefined) return { merchantId };
    const profile = await this.#store.publishers.profile(shortCode);
    if (profile.ownerId !== merchantId) {
      throw new SmspayError("not_found", `no short code ${shortCode} of yours`);
    }
    return { shortCode };
  }
}

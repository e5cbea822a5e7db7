// A merchant's checkout: its branding (colour, logo), the language it speaks
// when the customer's is unknown, and the key that signs the customer's way
// back to the shop (see return-signature.ts).

import { z } from "zod";
import type { CoreDeps } from "./core-deps.ts";
import { SmspayError } from "./errors.ts";
import { parseOrThrow } from "./payment-input.ts";
import { newReturnKey } from "./return-signature.ts";

export type CheckoutBranding = {
  /** "#rrggbb", readable as a background behind white text. */
  readonly brandColor: string | null;
  /** An https URL of the shop's logo. */
  readonly logoUrl: string | null;
  /** BCP 47 tag of the shop's language. */
  readonly defaultLocale: string | null;
};

export type CheckoutSettings = CheckoutBranding & {
  readonly merchantName: string;
  /** The return-URL signing key, sealed (PhoneVault.seal) like phone numbers. */
  readonly returnKeyCipher: string | null;
};

export interface CheckoutSettingsRepository {
  get(merchantId: string): Promise<CheckoutSettings | undefined>;
  /** Sets the given fields (null clears one); false when there is no such merchant. */
  setBranding(input: { merchantId: string; branding: Partial<CheckoutBranding> }): Promise<boolean>;
  /**
   * Stores `cipher` as the merchant's return key unless it already has one, and
   * returns the one stored (so concurrent first uses agree on one key).
   */
  claimReturnKey(input: { merchantId: string; cipher: string }): Promise<string | undefined>;
}

/** WCAG 2.x contrast ratio of two "#rrggbb" colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) =>
    c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4,
  );
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// The brand colour is the background of the page's header and buttons, under
// white text: WCAG 2.2 AA asks 4.5:1 for text of normal size.
export const MIN_BRAND_CONTRAST = 4.5;

export const brandingSchema = z
  .object({
    brandColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour such as #0b5cff")
      .refine(
        (color) => contrastRatio(color, "#ffffff") >= MIN_BRAND_CONTRAST,
        `must contrast at least ${MIN_BRAND_CONTRAST}:1 with white text (pick a darker colour)`,
      )
      .transform((color) => color.toLowerCase())
      .nullable()
      .optional(),
    logoUrl: z
      .url({ protocol: /^https$/, error: "must be an https URL" })
      .max(2048)
      .nullable()
      .optional(),
    defaultLocale: z
      .string()
      .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, "must be a BCP 47 tag such as fr-FR")
      .nullable()
      .optional(),
  })
  .strict();

// Every checkout page needs the settings: they are kept this long in each
// process (a branding change shows within seconds; the return key never changes).
const CACHE_MS = 5_000;
const CACHE_MAX = 10_000;

export class CheckoutSettingsService {
  readonly #deps: Pick<CoreDeps, "store" | "vault" | "clock">;
  readonly #cache = new Map<string, { settings: CheckoutSettings; until: number }>();
  readonly #returnKeys = new Map<string, string>();

  constructor(deps: Pick<CoreDeps, "store" | "vault" | "clock">) {
    this.#deps = deps;
  }

  async get(merchantId: string): Promise<CheckoutSettings> {
    const settings = await this.#deps.store.checkoutSettings.get(merchantId);
    if (!settings) throw new SmspayError("not_found", `no merchant ${merchantId}`);
    this.#remember(merchantId, settings);
    return settings;
  }

  /** The settings as the checkout shows them: possibly a few seconds old. */
  async forCheckout(merchantId: string): Promise<CheckoutSettings> {
    const cached = this.#cache.get(merchantId);
    if (cached && cached.until > this.#deps.clock.now().getTime()) return cached.settings;
    return this.get(merchantId);
  }

  #remember(merchantId: string, settings: CheckoutSettings): void {
    if (this.#cache.size >= CACHE_MAX) this.#cache.clear();
    this.#cache.set(merchantId, { settings, until: this.#deps.clock.now().getTime() + CACHE_MS });
  }

  /** Validates and applies a branding change (the dashboard's and the API's). */
  async updateBranding(merchantId: string, body: unknown): Promise<CheckoutSettings> {
    const parsed = parseOrThrow(brandingSchema, body, "checkout branding");
    const branding = Object.fromEntries(
      Object.entries(parsed).filter(([, value]) => value !== undefined),
    ) as Partial<CheckoutBranding>;
    const updated = await this.#deps.store.checkoutSettings.setBranding({ merchantId, branding });
    if (!updated) throw new SmspayError("not_found", `no merchant ${merchantId}`);
    return this.get(merchantId);
  }

  /** The merchant's return-URL signing key, created on first use. */
  async returnKey(merchantId: string): Promise<string> {
    const known = this.#returnKeys.get(merchantId);
    if (known) return known;
    const { store, vault } = this.#deps;
    const settings = await this.forCheckout(merchantId);
    const cipher =
      settings.returnKeyCipher ??
      (await store.checkoutSettings.claimReturnKey({
        merchantId,
        cipher: vault.seal(newReturnKey()),
      }));
    if (!cipher) throw new SmspayError("not_found", `no merchant ${merchantId}`);
    const key = vault.open(cipher);
    if (this.#returnKeys.size >= CACHE_MAX) this.#returnKeys.clear();
    this.#returnKeys.set(merchantId, key);
    return key;
  }
}

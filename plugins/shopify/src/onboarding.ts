// The shop owner's set-up: sandbox or live operators, whether Shopify test
// orders are accepted, an own short code; then the app tells Shopify it is
// ready (paymentsAppConfigure), which lets the merchant activate "Pay by SMS".

import {
  type CoreDeps,
  isSmspayError,
  parseDecimalAmount,
  type Tariff,
  validateTariffs,
} from "@smspay/core";
import { z } from "zod";
import type { ApiVersion } from "./api-versions.ts";
import type { PaymentsAppsClient } from "./payments-client.ts";
import type { ShopifyShop, ShopifyStore, ShopSettings } from "./shopify-store.ts";

const formSchema = z.object({
  mode: z.enum(["sandbox", "live"]),
  testSessions: z.literal("on").optional(),
  shortCode: z.string().trim().optional(),
  keyword: z.string().trim().optional(),
  price: z.string().trim().optional(),
  currency: z.string().trim().optional(),
  country: z.string().trim().optional(),
  transport: z.string().trim().optional(),
});

export type OnboardingDeps = {
  readonly core: CoreDeps;
  readonly shopify: ShopifyStore;
  readonly sandbox: boolean;
  readonly apiVersion: ApiVersion;
  readonly clientFor: (merchantId: string) => Promise<PaymentsAppsClient | undefined>;
};

export class Onboarding {
  readonly #deps: OnboardingDeps;

  constructor(deps: OnboardingDeps) {
    this.#deps = deps;
  }

  /** Saves the owner's choices; the text says what went wrong, if anything did. */
  async save(
    shop: ShopifyShop,
    form: unknown,
  ): Promise<{ ok: true } | { ok: false; error: string }> {
    const parsed = formSchema.safeParse(form);
    if (!parsed.success) return { ok: false, error: "Choose sandbox or live operators." };
    const input = parsed.data;
    if (input.mode === "sandbox" && !this.#deps.sandbox) {
      return { ok: false, error: "The sandbox is off on this smspay server: choose live." };
    }
    if (input.shortCode) {
      const added = await this.#addShortCode(shop.merchantId, input);
      if (added) return { ok: false, error: added };
    }
    const settings: ShopSettings = { mode: input.mode, testSessions: input.testSessions === "on" };
    await this.#deps.shopify.saveSettings({
      shop: shop.shop,
      settings,
      at: this.#deps.core.clock.now(),
    });
    return this.#tellShopifyReady(shop);
  }

  async #tellShopifyReady(shop: ShopifyShop): Promise<{ ok: true } | { ok: false; error: string }> {
    const client = await this.#deps.clientFor(shop.merchantId);
    if (!client)
      return { ok: false, error: "Install the app again: smspay has no access to the shop." };
    try {
      const outcome = await client.configure(this.#deps.apiVersion, {
        externalHandle: shop.merchantId,
        ready: true,
      });
      if (outcome.userErrors.length > 0) {
        return {
          ok: false,
          error: `Shopify refused: ${outcome.userErrors.map((e) => e.message).join("; ")}`,
        };
      }
      return { ok: true };
    } catch (error) {
      if (!isSmspayError(error)) throw error;
      return {
        ok: false,
        error: "Saved, but Shopify could not be reached: save again in a moment.",
      };
    }
  }

  /** Adds the merchant's own short code; the problem in words, if any. */
  async #addShortCode(
    merchantId: string,
    input: z.infer<typeof formSchema>,
  ): Promise<string | undefined> {
    const currency = (input.currency || "EUR").toUpperCase();
    const amount = input.price ? parseDecimalAmount(input.price, currency) : undefined;
    if (!amount || !input.keyword || !input.transport) {
      return "A short code needs its keyword, its price and its operator route.";
    }
    const tariff: Tariff = {
      shortCode: input.shortCode ?? "",
      keyword: input.keyword.toUpperCase(),
      amount,
      currency,
      country: (input.country || "FR").toUpperCase(),
      transport: input.transport,
    };
    const { shortCodes } = this.#deps.core.store;
    const problems = validateTariffs([...(await shortCodes.listForMerchant(merchantId)), tariff]);
    if (problems.length > 0) return problems.join("; ");
    await shortCodes.upsert({
      ...tariff,
      id: `sc_${merchantId}_${tariff.shortCode}_${tariff.keyword}`,
      merchantId,
    });
    return undefined;
  }
}

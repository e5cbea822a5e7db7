// The merchant's platform connection for a shop: its domain and the offline
// access token the app got at install. Sealed the way the platform registry
// seals every platform's config (JSON, with the PhoneVault); the registry's
// factory builds the adapter from it before every notification.

import {
  type PhoneVault,
  type PlatformConnection,
  parseOrThrow,
  type Store,
  systemClock,
} from "@smspay/core";
import { z } from "zod";
import type { AppLog } from "./app-log.ts";
import { PaymentsAppsClient, type ShopOrigin } from "./payments-client.ts";
import { ShopifyAdapter } from "./shopify-adapter.ts";
import type { ShopifyStore } from "./shopify-store.ts";

export const shopifyConnectionSchema = z
  .object({
    shop: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a myshopify.com domain"),
    accessToken: z.string().min(1),
  })
  .strict();

export type ShopifyConnection = z.infer<typeof shopifyConnectionSchema>;

export function parseShopifyConnection(config: unknown): ShopifyConnection {
  return parseOrThrow(shopifyConnectionSchema, config, "Shopify connection");
}

export type AdapterFactoryDeps = {
  readonly shopify: ShopifyStore;
  readonly core: Store;
  readonly origin?: ShopOrigin;
  /** The most one call to Shopify may take (the outbox lease must outlast it). */
  readonly timeoutMs?: number;
};

/** The registry's factory for "shopify" (see packages/server/src/platform-registry.ts). */
export function shopifyAdapterFactory(deps: AdapterFactoryDeps) {
  return (config: unknown, context: { merchantId: string; log: AppLog }): ShopifyAdapter =>
    new ShopifyAdapter({
      merchantId: context.merchantId,
      client: new PaymentsAppsClient(parseShopifyConnection(config), {
        ...(deps.origin ? { origin: deps.origin } : {}),
        ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
      }),
      shopify: deps.shopify,
      core: deps.core,
      clock: systemClock,
      log: context.log,
    });
}

export function sealShopifyConnection(vault: PhoneVault, config: ShopifyConnection) {
  return {
    platform: "shopify" as const,
    configCipher: vault.seal(JSON.stringify(parseShopifyConnection(config))),
  };
}

export function openShopifyConnection(
  vault: PhoneVault,
  connection: PlatformConnection,
): ShopifyConnection | undefined {
  if (connection.platform !== "shopify" || !connection.active) return undefined;
  return parseShopifyConnection(JSON.parse(vault.open(connection.configCipher)));
}

// Shopify's webhooks to the app: app/uninstalled and the three mandatory
// privacy topics. The HMAC is checked over the raw body before the headers or
// the JSON are looked at (401 when it does not match, or when no secret is
// configured); a signed request is answered 200, also for topics the app does
// not act on. Handlers are idempotent: Shopify delivers at least once.

import { parseOrThrow } from "@smspay/core";
import { z } from "zod";
import type { AppLog } from "./app-log.ts";
import {
  customerRedactSchema,
  dataRequestSchema,
  type Privacy,
  shopRedactSchema,
} from "./privacy.ts";
import type { ShopInstaller } from "./shop-installer.ts";
import { verifyShopifyWebhook } from "./webhook-hmac.ts";

export type ShopifyWebhooksDeps = {
  readonly secret: string;
  readonly installer: ShopInstaller;
  readonly privacy: Privacy;
  readonly log: AppLog;
};

const shopDomain = z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/);

export class ShopifyWebhooks {
  readonly #deps: ShopifyWebhooksDeps;

  constructor(deps: ShopifyWebhooksDeps) {
    this.#deps = deps;
  }

  /** Handles one delivery; returns the HTTP status to answer. */
  async receive(request: {
    header: (name: string) => string | undefined;
    rawBody: Uint8Array;
  }): Promise<number> {
    const { secret, privacy, installer, log } = this.#deps;
    if (!verifyShopifyWebhook(secret, request.rawBody, request.header("x-shopify-hmac-sha256"))) {
      return 401;
    }
    const topic = request.header("x-shopify-topic") ?? "";
    const shop = shopDomain.safeParse(request.header("x-shopify-shop-domain"));
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(request.rawBody).toString("utf8"));
    } catch {
      return 400;
    }
    if (!shop.success) return 400;
    switch (topic) {
      case "app/uninstalled":
        await installer.uninstalled(shop.data);
        break;
      case "customers/data_request":
        await privacy.dataRequest(shop.data, parseOrThrow(dataRequestSchema, payload, topic));
        break;
      case "customers/redact":
        await privacy.redactCustomer(shop.data, parseOrThrow(customerRedactSchema, payload, topic));
        break;
      case "shop/redact":
        parseOrThrow(shopRedactSchema, payload, topic);
        await privacy.redactShop(shop.data);
        break;
      default:
        log.info({ topic, shop: shop.data }, "Shopify webhook ignored");
    }
    return 200;
  }
}

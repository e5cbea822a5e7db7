// Install and uninstall. One smspay merchant per shop, created at the first
// install and found again at every later one (the same shop never gets a
// second merchant, also when two callbacks race); the merchant's platform
// connection holds the shop's offline token, sealed. Uninstalling keeps the
// merchant and its payments (accounts, refunds, disputes) but switches it off
// and forgets the token, which Shopify revokes anyway.

import type { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { type Clock, DEFAULT_LIMITS, newId, type PlatformName } from "@smspay/core";
import type { AppLog } from "./app-log.ts";
import type { ShopTransaction } from "./shop-transaction.ts";
import type { ShopifyConnection } from "./shopify-connection.ts";
import type { ShopifyShop } from "./shopify-store.ts";

/** Seals a connection config for storage (the platform registry's sealConfig). */
export type SealConnection = (
  merchantId: string,
  config: ShopifyConnection,
) => { readonly platform: PlatformName; readonly configCipher: string };

export type ShopInstallerDeps = {
  readonly transaction: ShopTransaction;
  readonly sessions: SessionStorage;
  readonly seal: SealConnection;
  readonly clock: Clock;
  readonly log: AppLog;
};

export class ShopInstaller {
  readonly #deps: ShopInstallerDeps;

  constructor(deps: ShopInstallerDeps) {
    this.#deps = deps;
  }

  /** OAuth completed with this offline session: the shop is (again) installed. */
  async installed(session: Session): Promise<ShopifyShop> {
    if (!session.accessToken) throw new Error(`OAuth for ${session.shop} gave no access token`);
    const accessToken = session.accessToken;
    await this.#deps.sessions.storeSession(session);
    const at = this.#deps.clock.now();
    const shop = await this.#deps.transaction(async ({ core, shopify }) => {
      await shopify.lockShop(session.shop);
      let merchantId = (await shopify.getShop(session.shop))?.merchantId;
      if (merchantId) {
        await shopify.markInstalled({ shop: session.shop, at });
        await shopify.setMerchantActive({ merchantId, active: true });
      } else {
        merchantId = newId("mer");
        await core.merchants.create({
          id: merchantId,
          name: session.shop,
          active: true,
          limits: DEFAULT_LIMITS,
          carrierBilling: true,
        });
        await shopify.insertShop({ shop: session.shop, merchantId, at });
      }
      await core.platformConnections.put({
        merchantId,
        ...this.#deps.seal(merchantId, { shop: session.shop, accessToken }),
        at,
      });
      return shopify.getShop(session.shop);
    });
    if (!shop) throw new Error(`shop ${session.shop} vanished during its install`);
    this.#deps.log.info({ shop: shop.shop, merchantId: shop.merchantId }, "Shopify shop installed");
    return shop;
  }

  /** app/uninstalled: idempotent (Shopify may deliver it more than once). */
  async uninstalled(shopDomain: string): Promise<void> {
    const at = this.#deps.clock.now();
    const shop = await this.#deps.transaction(async ({ core, shopify }) => {
      await shopify.lockShop(shopDomain);
      const found = await shopify.getShop(shopDomain);
      if (!found || !(await shopify.markUninstalled({ shop: shopDomain, at }))) return undefined;
      await shopify.setMerchantActive({ merchantId: found.merchantId, active: false });
      await core.platformConnections.remove(found.merchantId);
      return found;
    });
    await this.forgetSessions(shopDomain);
    if (shop) {
      this.#deps.log.info(
        { shop: shopDomain, merchantId: shop.merchantId },
        "Shopify shop uninstalled",
      );
    }
  }

  async forgetSessions(shopDomain: string): Promise<void> {
    const sessions = await this.#deps.sessions.findSessionsByShop(shopDomain);
    if (sessions.length > 0) await this.#deps.sessions.deleteSessions(sessions.map((s) => s.id));
  }
}

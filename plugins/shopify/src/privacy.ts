// Shopify's mandatory privacy webhooks. smspay holds, per payment, the
// customer's phone number (HMAC for lookups, AES-GCM ciphertext, last digits)
// and e-mail; a customer is found by either.
// - customers/data_request: the export of what smspay holds is stored for the
//   merchant (listed on the app's home page) to hand to the customer, as
//   Shopify expects the app to provide the data to the store owner.
// - customers/redact: that customer's phone number and e-mail are erased from
//   the shop's payments; amounts and statuses stay (accounting).
// - shop/redact (48 hours after uninstall): the same for every customer of
//   the shop, plus the app's sessions and exports.

import { randomUUID } from "node:crypto";
import { type Clock, type PhoneVault, parsePhone } from "@smspay/core";
import { z } from "zod";
import type { AppLog } from "./app-log.ts";
import type { ShopInstaller } from "./shop-installer.ts";
import type { ShopTransaction } from "./shop-transaction.ts";
import type { ShopifyStore } from "./shopify-store.ts";

const customerSchema = z.object({
  id: z.union([z.number(), z.string()]).nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
});

export const dataRequestSchema = z.object({
  shop_domain: z.string().min(1),
  customer: customerSchema,
  orders_requested: z.array(z.union([z.number(), z.string()])).optional(),
  data_request: z.object({ id: z.union([z.number(), z.string()]) }),
});

export const customerRedactSchema = z.object({
  shop_domain: z.string().min(1),
  customer: customerSchema,
  orders_to_redact: z.array(z.union([z.number(), z.string()])).optional(),
});

export const shopRedactSchema = z.object({ shop_domain: z.string().min(1) });

export type PrivacyDeps = {
  readonly shopify: ShopifyStore;
  readonly transaction: ShopTransaction;
  readonly installer: ShopInstaller;
  readonly vault: PhoneVault;
  readonly clock: Clock;
  readonly log: AppLog;
};

export class Privacy {
  readonly #deps: PrivacyDeps;

  constructor(deps: PrivacyDeps) {
    this.#deps = deps;
  }

  async dataRequest(shop: string, payload: z.infer<typeof dataRequestSchema>): Promise<void> {
    const found = await this.#deps.shopify.getShop(shop);
    if (!found) return;
    const payments = await this.#deps.shopify.customerPayments({
      merchantId: found.merchantId,
      ...this.#keys(payload.customer),
    });
    const requestId = String(payload.data_request.id);
    await this.#deps.shopify.saveDataRequest({
      id: `dr_${randomUUID()}`,
      shop,
      merchantId: found.merchantId,
      requestId,
      createdAt: this.#deps.clock.now(),
      export: {
        shopifyCustomerId: payload.customer.id ?? null,
        heldBySmspay:
          "For each SMS payment: amount, status, order, e-mail, and the phone number (stored encrypted; its last digits shown here).",
        payments: payments.map((p) => ({ ...p, createdAt: p.createdAt.toISOString() })),
      },
    });
    this.#deps.log.info(
      { shop, requestId, payments: payments.length },
      "customer data request: export stored for the merchant",
    );
  }

  async redactCustomer(shop: string, payload: z.infer<typeof customerRedactSchema>): Promise<void> {
    const found = await this.#deps.shopify.getShop(shop);
    if (!found) return;
    const erased = await this.#deps.transaction(async ({ shopify }) => {
      const payments = await shopify.customerPayments({
        merchantId: found.merchantId,
        ...this.#keys(payload.customer),
      });
      return shopify.erasePaymentsPersonalData({
        merchantId: found.merchantId,
        paymentIds: payments.map((p) => p.paymentId),
      });
    });
    this.#deps.log.info({ shop, payments: erased }, "customer redacted");
  }

  async redactShop(shop: string): Promise<void> {
    const found = await this.#deps.shopify.getShop(shop);
    if (!found) return;
    await this.#deps.transaction(async ({ shopify }) => {
      await shopify.erasePaymentsPersonalData({ merchantId: found.merchantId, paymentIds: "all" });
      await shopify.deleteDataRequests(shop);
      await shopify.markRedacted({ shop, at: this.#deps.clock.now() });
    });
    await this.#deps.installer.forgetSessions(shop);
    this.#deps.log.info({ shop }, "shop redacted");
  }

  /** How the customer is found: the HMAC of their number, their e-mail. */
  #keys(customer: z.infer<typeof customerSchema>) {
    let phoneHash: string | null = null;
    if (customer.phone) {
      try {
        phoneHash = this.#deps.vault.hash(parsePhone(customer.phone).e164);
      } catch {
        // Not a number smspay could have stored.
      }
    }
    return { phoneHash, email: customer.email || null };
  }
}

// Merchants and their API keys. A key is shown once, at creation, and stored
// only as its SHA-256 hash: keys are 192 random bits, so a slow password hash
// would add latency to every API call and no safety.

import { createHash } from "node:crypto";
import { newApiKey, newId } from "./ids.ts";
import { DEFAULT_LIMITS, type Limits } from "./limits.ts";
import type { Merchant } from "./payment.ts";
import type { Store } from "./ports.ts";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export type NewApiKey = { readonly id: string; readonly apiKey: string };

export class MerchantService {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async create(input: {
    name: string;
    limits?: Limits;
    carrierBilling?: boolean;
  }): Promise<{ merchant: Merchant } & NewApiKey> {
    return this.#store.transaction(async (tx) => {
      const merchant = await tx.merchants.create({
        id: newId("mer"),
        name: input.name,
        active: true,
        limits: input.limits ?? DEFAULT_LIMITS,
        carrierBilling: input.carrierBilling ?? true,
      });
      const apiKey = newApiKey();
      const id = newId("key");
      await tx.apiKeys.create({
        id,
        merchantId: merchant.id,
        name: "default",
        prefix: apiKey.slice(0, 10),
        hash: hashApiKey(apiKey),
      });
      return { merchant, id, apiKey };
    });
  }

  list(): Promise<Merchant[]> {
    return this.#store.merchants.list();
  }
}

// A merchant's API keys as its dashboard manages them: named, shown once at
// creation, revoked for good, listed with when each was last used.

import { z } from "zod";
import { SmspayError } from "./errors.ts";
import { newApiKey, newId } from "./ids.ts";
import { hashApiKey } from "./merchant-service.ts";
import { parseOrThrow } from "./payment-input.ts";
import type { ApiKeyRecord, Clock, Store } from "./ports.ts";

export const newApiKeySchema = z
  .object({ name: z.string().trim().min(1, "give the key a name").max(60) })
  .strict();

export class ApiKeys {
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(deps: { store: Store; clock: Clock }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
  }

  list(merchantId: string): Promise<ApiKeyRecord[]> {
    return this.#store.apiKeys.listForMerchant(merchantId);
  }

  /** Creates a key; `apiKey` is its only appearance in clear. */
  async create(
    merchantId: string,
    body: unknown,
  ): Promise<{ record: ApiKeyRecord; apiKey: string }> {
    const { name } = parseOrThrow(newApiKeySchema, body, "API key");
    const apiKey = newApiKey();
    const key = { id: newId("key"), merchantId, name, prefix: apiKey.slice(0, 10) };
    await this.#store.apiKeys.create({ ...key, hash: hashApiKey(apiKey) });
    const record = (await this.list(merchantId)).find((k) => k.id === key.id);
    if (!record) throw new Error(`API key ${key.id} vanished after its creation`);
    return { record, apiKey };
  }

  async revoke(merchantId: string, id: string): Promise<void> {
    const revoked = await this.#store.apiKeys.revoke({ id, merchantId, at: this.#clock.now() });
    if (!revoked) throw new SmspayError("not_found", `no active API key ${id}`);
  }
}

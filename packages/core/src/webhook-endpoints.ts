// A merchant's webhook endpoints: where smspay POSTs its events. The signing
// secret is generated here, shown to the merchant once, and kept sealed.

import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { CoreDeps } from "./core-deps.ts";
import { SmspayError } from "./errors.ts";
import { newId } from "./ids.ts";
import { httpUrl, parseOrThrow } from "./payment-input.ts";
import { WEBHOOK_EVENT_TYPES, type WebhookEndpoint } from "./webhook-events.ts";

// Every endpoint costs a delivery in the transaction that changes a payment.
export const MAX_WEBHOOK_ENDPOINTS = 16;

export const createWebhookEndpointSchema = z
  .object({
    url: httpUrl,
    events: z
      .array(z.enum(WEBHOOK_EVENT_TYPES))
      .min(1)
      .refine((events) => new Set(events).size === events.length, "list each event once")
      .optional(),
  })
  .strict();

/** `whsec_` and 256 random bits. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export type CreatedWebhookEndpoint = {
  readonly endpoint: WebhookEndpoint;
  /** Shown once: only its ciphertext is stored. */
  readonly secret: string;
};

export class WebhookEndpoints {
  readonly #deps: CoreDeps;

  constructor(deps: CoreDeps) {
    this.#deps = deps;
  }

  /** `events` defaults to every event type. */
  async create(merchantId: string, body: unknown): Promise<CreatedWebhookEndpoint> {
    const input = parseOrThrow(createWebhookEndpointSchema, body, "webhook endpoint");
    const { store, vault, clock, checkOutboundUrl } = this.#deps;
    await checkOutboundUrl?.(input.url, "url");
    if (
      (await store.webhookEndpoints.listForMerchant(merchantId)).length >= MAX_WEBHOOK_ENDPOINTS
    ) {
      throw new SmspayError(
        "limit_exceeded",
        `a merchant may have at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints`,
      );
    }
    const secret = newWebhookSecret();
    const endpoint: WebhookEndpoint = {
      id: newId("we"),
      merchantId,
      url: input.url,
      events: input.events ?? [...WEBHOOK_EVENT_TYPES],
      secretCipher: vault.seal(secret),
      active: true,
      createdAt: clock.now(),
    };
    await store.webhookEndpoints.create(endpoint);
    return { endpoint, secret };
  }

  list(merchantId: string): Promise<WebhookEndpoint[]> {
    return this.#deps.store.webhookEndpoints.listForMerchant(merchantId);
  }

  /** Deletes the endpoint: nothing more is delivered to it, queued deliveries included. */
  async remove(merchantId: string, id: string): Promise<void> {
    const removed = await this.#deps.store.webhookEndpoints.deactivate({
      merchantId,
      id,
      at: this.#deps.clock.now(),
    });
    if (!removed) throw new SmspayError("not_found", `no webhook endpoint ${id}`);
  }
}

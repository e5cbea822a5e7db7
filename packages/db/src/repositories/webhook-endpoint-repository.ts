import {
  WEBHOOK_EVENT_TYPES,
  type WebhookEndpoint,
  type WebhookEndpointRepository,
} from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";
import { jsonb, oneOf } from "./sql.ts";

const COLUMNS = Prisma.raw(`id, merchant_id AS "merchantId", url, events,
  secret_cipher AS "secretCipher", active, created_at AS "createdAt"`);

export type EndpointRow = Omit<WebhookEndpoint, "events"> & { events: unknown };

export function toEndpoint(row: EndpointRow): WebhookEndpoint {
  if (!Array.isArray(row.events)) throw new Error("unexpected webhook_endpoints.events in storage");
  return {
    ...row,
    events: row.events.map((e) =>
      oneOf(WEBHOOK_EVENT_TYPES, String(e), "webhook_endpoints.events"),
    ),
  };
}

export function webhookEndpointRepository(db: DbClient): WebhookEndpointRepository {
  return {
    async create(endpoint) {
      await db.$executeRaw`
        INSERT INTO webhook_endpoints (id, merchant_id, url, events, secret_cipher, active, created_at)
        VALUES (${endpoint.id}, ${endpoint.merchantId}, ${endpoint.url}, ${jsonb(endpoint.events)},
          ${endpoint.secretCipher}, ${endpoint.active}, ${endpoint.createdAt})`;
    },

    async get({ merchantId, id }) {
      const rows = await db.$queryRaw<EndpointRow[]>`
        SELECT ${COLUMNS} FROM webhook_endpoints
        WHERE id = ${id} AND merchant_id = ${merchantId} AND active`;
      return rows[0] && toEndpoint(rows[0]);
    },

    async listForMerchant(merchantId) {
      const rows = await db.$queryRaw<EndpointRow[]>`
        SELECT ${COLUMNS} FROM webhook_endpoints
        WHERE merchant_id = ${merchantId} AND active
        ORDER BY created_at, id`;
      return rows.map(toEndpoint);
    },

    async subscribedTo({ merchantId, type }) {
      const rows = await db.$queryRaw<{ id: string }[]>`
        SELECT id FROM webhook_endpoints
        WHERE merchant_id = ${merchantId} AND active AND events @> ${jsonb([type])}
        ORDER BY created_at, id`;
      return rows.map((row) => row.id);
    },

    async deactivate({ merchantId, id, at }) {
      const changed = await db.$executeRaw`
        UPDATE webhook_endpoints SET active = false, deleted_at = ${at}
        WHERE id = ${id} AND merchant_id = ${merchantId} AND active`;
      return changed === 1;
    },
  };
}

import {
  WEBHOOK_EVENT_TYPES,
  type WebhookEvent,
  type WebhookEventData,
  type WebhookEventRepository,
} from "@smspay/core";
import type { DbClient } from "../types.ts";
import { oneOf, record } from "./sql.ts";
import { type EndpointRow, toEndpoint } from "./webhook-endpoint-repository.ts";

type EventRow = Omit<WebhookEvent, "type" | "data"> & { type: string; data: unknown };

function toEvent(row: EventRow): WebhookEvent {
  const data = record(row.data, "webhook_events.data");
  record(data.payment, "webhook_events.data.payment");
  return {
    id: row.id,
    merchantId: row.merchantId,
    paymentId: row.paymentId,
    type: oneOf(WEBHOOK_EVENT_TYPES, row.type, "webhook_events.type"),
    // Written from a WebhookEventData by `create`; the checks above guard its shape.
    data: data as WebhookEventData,
    createdAt: row.createdAt,
  };
}

export function webhookEventRepository(db: DbClient): WebhookEventRepository {
  return {
    async create(event) {
      // `json`, not `jsonb`: stored as written, so every delivery has the same field order.
      await db.$executeRaw`
        INSERT INTO webhook_events (id, merchant_id, payment_id, type, data, created_at)
        VALUES (${event.id}, ${event.merchantId}, ${event.paymentId}, ${event.type},
          ${JSON.stringify(event.data)}::json, ${event.createdAt})`;
    },

    async get(id) {
      const rows = await db.$queryRaw<EventRow[]>`
        SELECT id, merchant_id AS "merchantId", payment_id AS "paymentId", type, data,
          created_at AS "createdAt"
        FROM webhook_events WHERE id = ${id}`;
      return rows[0] && toEvent(rows[0]);
    },

    async delivery({ eventId, endpointId }) {
      const rows = await db.$queryRaw<(EventRow & { endpoint: EndpointRow | null })[]>`
        SELECT ev.id, ev.merchant_id AS "merchantId", ev.payment_id AS "paymentId", ev.type,
          ev.data, ev.created_at AS "createdAt",
          (SELECT json_build_object('id', ep.id, 'merchantId', ep.merchant_id, 'url', ep.url,
             'events', ep.events, 'secretCipher', ep.secret_cipher, 'active', ep.active,
             'createdAt', ep.created_at)
           FROM webhook_endpoints ep WHERE ep.id = ${endpointId}) AS endpoint
        FROM webhook_events ev WHERE ev.id = ${eventId}`;
      const row = rows[0];
      if (!row) return undefined;
      const endpoint = row.endpoint
        ? toEndpoint({ ...row.endpoint, createdAt: new Date(row.endpoint.createdAt) })
        : undefined;
      return { event: toEvent(row), endpoint };
    },
  };
}

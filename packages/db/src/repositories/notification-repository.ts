import type {
  Notification,
  NotificationConsent,
  NotificationRepository,
  NotificationType,
  OutboundStatus,
} from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";
import { jsonb, oneOf } from "./sql.ts";

const SELECT = Prisma.sql`
  SELECT n.id, n.merchant_id AS "merchantId", n.type, n.payment_id AS "paymentId", n.order_ref AS "orderRef",
    n.phone_hash AS "phoneHash", n.phone_last4 AS "phoneLast4", n.outbound_message_id AS "outboundMessageId",
    n.consent, n.idempotency_key AS "idempotencyKey", n.request_hash AS "requestHash", n.created_at AS "createdAt",
    m.status
  FROM notifications n JOIN outbound_messages m ON m.id = n.outbound_message_id`;

type NotificationRow = Omit<Notification, "type" | "status" | "consent"> & {
  type: string;
  status: string;
  consent: NotificationConsent | null;
};

const TYPES: readonly NotificationType[] = [
  "order_confirmation",
  "shipping_update",
  "payment_reminder",
];
const STATUSES: readonly OutboundStatus[] = ["queued", "sent", "delivered", "failed"];

function toNotification(row: NotificationRow): Notification {
  return {
    ...row,
    type: oneOf(TYPES, row.type, "notifications.type"),
    status: oneOf(STATUSES, row.status, "outbound_messages.status"),
  };
}

export function notificationRepository(db: DbClient): NotificationRepository {
  return {
    async insert(n) {
      // Either unique index may refuse the row (the key, or the payment's one
      // reminder); a concurrent insert of the same waits for the first to
      // commit, then does nothing.
      const rows = await db.$queryRaw<{ id: string }[]>`
        INSERT INTO notifications (id, merchant_id, type, payment_id, order_ref, phone_hash, phone_last4,
          outbound_message_id, consent, idempotency_key, request_hash, created_at)
        VALUES (${n.id}, ${n.merchantId}, ${n.type}, ${n.paymentId}, ${n.orderRef}, ${n.phoneHash},
          ${n.phoneLast4}, ${n.outboundMessageId}, ${jsonb(n.consent)}, ${n.idempotencyKey}, ${n.requestHash},
          ${n.createdAt})
        ON CONFLICT DO NOTHING
        RETURNING id`;
      if (rows.length === 1) return "inserted";
      if (n.idempotencyKey === null) return "reminder_taken";
      const taken = await db.$queryRaw<{ id: string }[]>`
        SELECT id FROM notifications WHERE merchant_id = ${n.merchantId} AND idempotency_key = ${n.idempotencyKey}`;
      return taken.length > 0 ? "idempotency_key_taken" : "reminder_taken";
    },

    async get({ merchantId, id }) {
      const rows = await db.$queryRaw<NotificationRow[]>`
        ${SELECT} WHERE n.merchant_id = ${merchantId} AND n.id = ${id}`;
      return rows[0] && toNotification(rows[0]);
    },

    async findByIdempotencyKey({ merchantId, key }) {
      const rows = await db.$queryRaw<NotificationRow[]>`
        ${SELECT} WHERE n.merchant_id = ${merchantId} AND n.idempotency_key = ${key}`;
      return rows[0] && toNotification(rows[0]);
    },
  };
}

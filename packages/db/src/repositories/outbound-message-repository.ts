import type {
  OutboundMessage,
  OutboundMessageRepository,
  OutboundPurpose,
  OutboundStatus,
} from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";
import { oneOf } from "./sql.ts";

const COLUMNS =
  Prisma.raw(`id, merchant_id AS "merchantId", payment_id AS "paymentId", purpose, transport, sender,
  to_hash AS "toHash", to_cipher AS "toCipher", text, billed_amount AS "billedAmount", currency, status,
  provider_message_id AS "providerMessageId", created_at AS "createdAt", sent_at AS "sentAt"`);

type OutboundRow = Omit<OutboundMessage, "purpose" | "status"> & {
  purpose: string;
  status: string;
};

const PURPOSES: readonly OutboundPurpose[] = [
  "billed_confirmation",
  "pin",
  "receipt",
  "service_reply",
  "express_request",
  "notification",
];
const STATUSES: readonly OutboundStatus[] = ["queued", "sent", "delivered", "failed"];

function toMessage(row: OutboundRow): OutboundMessage {
  return {
    ...row,
    purpose: oneOf(PURPOSES, row.purpose, "outbound_messages.purpose"),
    status: oneOf(STATUSES, row.status, "outbound_messages.status"),
  };
}

export function outboundMessageRepository(db: DbClient): OutboundMessageRepository {
  return {
    async create(m) {
      await db.$executeRaw`
        INSERT INTO outbound_messages (id, merchant_id, payment_id, purpose, transport, sender, to_hash, to_cipher,
          text, billed_amount, currency, status, provider_message_id, created_at, sent_at)
        VALUES (${m.id}, ${m.merchantId}, ${m.paymentId}, ${m.purpose}, ${m.transport}, ${m.sender}, ${m.toHash},
          ${m.toCipher}, ${m.text}, ${m.billedAmount}, ${m.currency}, ${m.status}, ${m.providerMessageId},
          ${m.createdAt}, ${m.sentAt})`;
    },

    async get(id) {
      const rows = await db.$queryRaw<
        OutboundRow[]
      >`SELECT ${COLUMNS} FROM outbound_messages WHERE id = ${id}`;
      const row = rows[0];
      return row ? toMessage(row) : undefined;
    },

    async findByProviderId({ transport, providerMessageId }) {
      const rows = await db.$queryRaw<OutboundRow[]>`
        SELECT ${COLUMNS} FROM outbound_messages
        WHERE transport = ${transport} AND provider_message_id = ${providerMessageId}
        ORDER BY created_at DESC, id DESC
        LIMIT 1`;
      const row = rows[0];
      return row ? toMessage(row) : undefined;
    },

    async markSent({ id, providerMessageId, transport, at }) {
      // A fast delivery receipt can land between the provider's answer and
      // this write (it finds the MT by our id): never move it back to "sent".
      await db.$executeRaw`
        UPDATE outbound_messages
        SET status = CASE WHEN status = 'queued' THEN 'sent' ELSE status END,
          provider_message_id = ${providerMessageId}, sent_at = ${at},
          transport = COALESCE(${transport ?? null}::text, transport)
        WHERE id = ${id}`;
    },

    async setStatus({ id, status }) {
      await db.$executeRaw`UPDATE outbound_messages SET status = ${status} WHERE id = ${id}`;
    },

    async listForPayment(paymentId) {
      const rows = await db.$queryRaw<OutboundRow[]>`
        SELECT ${COLUMNS} FROM outbound_messages WHERE payment_id = ${paymentId} ORDER BY created_at, id`;
      return rows.map(toMessage);
    },
  };
}

import { ATTENTION_KINDS, type AttentionItem, type AttentionRepository } from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";
import { oneOf } from "./sql.ts";

const COLUMNS =
  Prisma.raw(`id, kind, merchant_id AS "merchantId", payment_id AS "paymentId", detail,
  created_at AS "createdAt", resolved_at AS "resolvedAt", resolution`);

type AttentionRow = Omit<AttentionItem, "kind"> & { kind: string };

function toItem(row: AttentionRow): AttentionItem {
  return { ...row, kind: oneOf(ATTENTION_KINDS, row.kind, "needs_attention.kind") };
}

export function attentionRepository(db: DbClient): AttentionRepository {
  return {
    async raise(item) {
      // The partial unique index (kind, payment_id) over open items refuses a second one.
      const inserted = await db.$executeRaw`
        INSERT INTO needs_attention (id, kind, merchant_id, payment_id, detail, created_at)
        VALUES (${item.id}, ${item.kind}, ${item.merchantId}, ${item.paymentId}, ${item.detail}, ${item.createdAt})
        ON CONFLICT DO NOTHING`;
      return inserted === 1;
    },

    async list({ merchantId, open, limit }) {
      const state = open ? Prisma.sql`resolved_at IS NULL` : Prisma.sql`resolved_at IS NOT NULL`;
      const rows = await db.$queryRaw<AttentionRow[]>`
        SELECT ${COLUMNS} FROM needs_attention
        WHERE merchant_id = ${merchantId} AND ${state}
        ORDER BY created_at DESC, id DESC
        LIMIT ${limit}::int`;
      return rows.map(toItem);
    },

    async get({ merchantId, id }) {
      const rows = await db.$queryRaw<AttentionRow[]>`
        SELECT ${COLUMNS} FROM needs_attention WHERE id = ${id} AND merchant_id = ${merchantId}`;
      const row = rows[0];
      return row ? toItem(row) : undefined;
    },

    async resolve({ merchantId, id, at, resolution }) {
      const resolved = await db.$executeRaw`
        UPDATE needs_attention SET resolved_at = ${at}, resolution = ${resolution}
        WHERE id = ${id} AND merchant_id = ${merchantId} AND resolved_at IS NULL`;
      return resolved === 1;
    },

    async openForPayment(paymentId) {
      const rows = await db.$queryRaw<AttentionRow[]>`
        SELECT ${COLUMNS} FROM needs_attention
        WHERE payment_id = ${paymentId} AND resolved_at IS NULL ORDER BY created_at, id`;
      return rows.map(toItem);
    },
  };
}

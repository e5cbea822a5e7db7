import { DISPUTE_SOURCES, type Dispute, type DisputeRepository } from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";
import { oneOf } from "./sql.ts";

const COLUMNS = Prisma.raw(`id, payment_id AS "paymentId", merchant_id AS "merchantId", amount,
  currency, reason, source, external_id AS "externalId", request_hash AS "requestHash", created_at AS "createdAt"`);

type DisputeRow = Omit<Dispute, "source"> & { source: string };

function toDispute(row: DisputeRow): Dispute {
  return { ...row, source: oneOf(DISPUTE_SOURCES, row.source, "disputes.source") };
}

export function disputeRepository(db: DbClient): DisputeRepository {
  return {
    async insert(d) {
      const inserted = await db.$executeRaw`
        INSERT INTO disputes (id, payment_id, merchant_id, amount, currency, reason, source, external_id,
          request_hash, created_at)
        VALUES (${d.id}, ${d.paymentId}, ${d.merchantId}, ${d.amount}, ${d.currency}, ${d.reason},
          ${d.source}, ${d.externalId}, ${d.requestHash}, ${d.createdAt})
        ON CONFLICT (payment_id, external_id) DO NOTHING`;
      return inserted === 1 ? "inserted" : "duplicate";
    },

    async findByExternalId({ paymentId, externalId }) {
      const rows = await db.$queryRaw<DisputeRow[]>`
        SELECT ${COLUMNS} FROM disputes WHERE payment_id = ${paymentId} AND external_id = ${externalId}`;
      const row = rows[0];
      return row ? toDispute(row) : undefined;
    },

    async listForPayment(paymentId) {
      const rows = await db.$queryRaw<DisputeRow[]>`
        SELECT ${COLUMNS} FROM disputes WHERE payment_id = ${paymentId} ORDER BY created_at, id`;
      return rows.map(toDispute);
    },
  };
}

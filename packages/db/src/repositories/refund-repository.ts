import { REFUND_METHODS, REFUND_STATUSES, type Refund, type RefundRepository } from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";
import { oneOf } from "./sql.ts";

const COLUMNS = Prisma.raw(`id, payment_id AS "paymentId", merchant_id AS "merchantId", amount,
  currency, status, method, reason, idempotency_key AS "idempotencyKey", request_hash AS "requestHash",
  operator_refund_id AS "operatorRefundId", failure_code AS "failureCode",
  created_at AS "createdAt", updated_at AS "updatedAt"`);

type RefundRow = Omit<Refund, "status" | "method"> & { status: string; method: string };

function toRefund(row: RefundRow): Refund {
  return {
    ...row,
    status: oneOf(REFUND_STATUSES, row.status, "refunds.status"),
    method: oneOf(REFUND_METHODS, row.method, "refunds.method"),
  };
}

export function refundRepository(db: DbClient): RefundRepository {
  const one = async (query: Prisma.Sql): Promise<Refund | undefined> => {
    const row = (await db.$queryRaw<RefundRow[]>(query))[0];
    return row ? toRefund(row) : undefined;
  };
  return {
    async insert(r) {
      // DO NOTHING leaves the transaction usable, unlike a caught unique violation.
      const inserted = await db.$executeRaw`
        INSERT INTO refunds (id, payment_id, merchant_id, amount, currency, status, method, reason,
          idempotency_key, request_hash, operator_refund_id, failure_code, created_at, updated_at)
        VALUES (${r.id}, ${r.paymentId}, ${r.merchantId}, ${r.amount}, ${r.currency}, ${r.status},
          ${r.method}, ${r.reason}, ${r.idempotencyKey}, ${r.requestHash}, ${r.operatorRefundId},
          ${r.failureCode}, ${r.createdAt}, ${r.updatedAt})
        ON CONFLICT (merchant_id, idempotency_key) DO NOTHING`;
      return inserted === 1 ? "inserted" : "idempotency_key_taken";
    },

    get: ({ merchantId, id }) =>
      one(
        Prisma.sql`SELECT ${COLUMNS} FROM refunds WHERE id = ${id} AND merchant_id = ${merchantId}`,
      ),

    getById: (id) => one(Prisma.sql`SELECT ${COLUMNS} FROM refunds WHERE id = ${id}`),

    findByIdempotencyKey: ({ merchantId, key }) =>
      one(
        Prisma.sql`SELECT ${COLUMNS} FROM refunds WHERE merchant_id = ${merchantId} AND idempotency_key = ${key}`,
      ),

    async listForPayment(paymentId) {
      const rows = await db.$queryRaw<RefundRow[]>`
        SELECT ${COLUMNS} FROM refunds WHERE payment_id = ${paymentId} ORDER BY created_at, id`;
      return rows.map(toRefund);
    },

    async finish({ id, status, operatorRefundId, failureCode, at }) {
      const moved = await db.$executeRaw`
        UPDATE refunds SET status = ${status}, operator_refund_id = ${operatorRefundId ?? null},
          failure_code = ${failureCode ?? null}, updated_at = ${at}
        WHERE id = ${id} AND status = 'pending'`;
      return moved === 1;
    },
  };
}

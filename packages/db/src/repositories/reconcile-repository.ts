import type { ReconcileRepository } from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";
import { oneOf } from "./sql.ts";

const EFFECT_STATUSES = ["pending", "done", "dead"] as const;
const NEVER = new Date(0);

export function reconcileRepository(db: DbClient): ReconcileRepository {
  return {
    async claimDue({ now, since, settledBefore, recheckBefore, limit }) {
      // Only merchants with a shop to compare with.
      const window = Prisma.sql`p.status IN ('succeeded', 'partially_refunded', 'refunded', 'failed', 'expired', 'canceled')
        AND p.updated_at >= ${since} AND p.updated_at <= ${settledBefore}
        AND EXISTS (SELECT 1 FROM platform_connections pc WHERE pc.merchant_id = p.merchant_id AND pc.active)`;
      // Every payment in the window gets its bookkeeping row first ("never compared")...
      await db.$executeRaw`
        INSERT INTO reconcile_checks (payment_id, checked_at)
        SELECT p.id, ${NEVER} FROM payments p
        WHERE ${window} AND NOT EXISTS (SELECT 1 FROM reconcile_checks c WHERE c.payment_id = p.id)
        ON CONFLICT (payment_id) DO NOTHING`;
      // ...so the claim can lock and stamp those rows, like an outbox claim: a
      // concurrent sweep skips the rows locked here, and one that locks a row
      // after this commits re-checks it, sees it stamped, and leaves it.
      const rows = await db.$queryRaw<{ paymentId: string }[]>`
        UPDATE reconcile_checks SET checked_at = ${now}
        WHERE payment_id IN (
          SELECT c.payment_id FROM reconcile_checks c JOIN payments p ON p.id = c.payment_id
          WHERE ${window} AND (c.checked_at < p.updated_at OR c.checked_at <= ${recheckBefore})
          ORDER BY p.updated_at, p.id
          LIMIT ${limit}::int
          FOR UPDATE OF c SKIP LOCKED)
        RETURNING payment_id AS "paymentId"`;
      return rows.map((row) => row.paymentId);
    },

    async stuckProcessing({ before, limit }) {
      const rows = await db.$queryRaw<{ id: string }[]>`
        SELECT id FROM payments WHERE status = 'processing' AND updated_at <= ${before}
        ORDER BY updated_at, id LIMIT ${limit}::int`;
      return rows.map((row) => row.id);
    },

    async latestForOrder({ merchantId, orderRef }) {
      const rows = await db.$queryRaw<{ id: string }[]>`
        SELECT id FROM payments WHERE merchant_id = ${merchantId} AND order_ref = ${orderRef}
        ORDER BY created_at DESC, id DESC LIMIT 1`;
      return rows[0]?.id;
    },

    async platformNotifications(paymentId) {
      const rows = await db.$queryRaw<{ id: string; status: string }[]>`
        SELECT id, status FROM effects WHERE payment_id = ${paymentId} AND kind = 'notify_platform'
        ORDER BY created_at DESC, id DESC`;
      return rows.map((row) => ({
        id: row.id,
        status: oneOf(EFFECT_STATUSES, row.status, "effects.status"),
      }));
    },
  };
}

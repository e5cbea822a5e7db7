import type { Effect, EffectKind, EffectRepository } from "@smspay/core";
import type { DbClient } from "../types.ts";
import { jsonb, oneOf, record } from "./sql.ts";

const KINDS: readonly EffectKind[] = ["send_mt", "charge"];

type EffectRow = {
  id: string;
  kind: string;
  payload: unknown;
  paymentId: string | null;
  attempts: number;
};

export function effectRepository(db: DbClient): EffectRepository {
  return {
    async enqueue(effect) {
      await db.$executeRaw`
        INSERT INTO effects (id, kind, payload, payment_id, next_attempt_at)
        VALUES (${effect.id}, ${effect.kind}, ${jsonb(effect.payload)}, ${effect.paymentId}, ${effect.runAt})`;
    },

    async claim({ now, limit, leaseMs }) {
      // A claim is a lease, not a status: the effect stays pending with its
      // next attempt pushed to the lease's end, so a worker that dies before
      // complete/retryLater/bury leaves it due again without any sweeper.
      // SKIP LOCKED lets concurrent workers pass over the rows another one is
      // claiming instead of queueing behind it; a row claimed and committed
      // meanwhile is re-checked after its lock and no longer due.
      const leaseEnd = new Date(now.getTime() + leaseMs);
      const rows = await db.$queryRaw<EffectRow[]>`
        UPDATE effects SET attempts = attempts + 1, next_attempt_at = ${leaseEnd}
        WHERE id IN (
          SELECT id FROM effects
          WHERE status = 'pending' AND next_attempt_at <= ${now}
          ORDER BY next_attempt_at
          LIMIT ${limit}::int
          FOR UPDATE SKIP LOCKED)
        RETURNING id, kind, payload, payment_id AS "paymentId", attempts`;
      return rows.map(
        (row): Effect => ({
          id: row.id,
          kind: oneOf(KINDS, row.kind, "effects.kind"),
          payload: record(row.payload, "effects.payload"),
          paymentId: row.paymentId,
          attempts: row.attempts,
        }),
      );
    },

    async complete({ id, at }) {
      await db.$executeRaw`UPDATE effects SET status = 'done', done_at = ${at} WHERE id = ${id}`;
    },

    async retryLater({ id, runAt, error }) {
      await db.$executeRaw`UPDATE effects SET next_attempt_at = ${runAt}, last_error = ${error} WHERE id = ${id}`;
    },

    async bury({ id, error, at }) {
      await db.$executeRaw`UPDATE effects SET status = 'dead', last_error = ${error}, done_at = ${at} WHERE id = ${id}`;
    },
  };
}

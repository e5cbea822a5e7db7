import {
  EFFECT_KINDS,
  EFFECT_STATUSES,
  type EffectRecord,
  type EffectRepository,
  effectFromStorage,
  parseEffectPayload,
} from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";
import { jsonb, oneOf } from "./sql.ts";

const RECORD_COLUMNS =
  Prisma.raw(`e.id, e.kind, e.payload, e.status, e.attempts, e.last_error AS "lastError",
  e.payment_id AS "paymentId", e.created_at AS "createdAt",
  e.next_attempt_at AS "nextAttemptAt", e.done_at AS "doneAt"`);

type RecordRow = Omit<EffectRecord, "kind" | "payload" | "status"> & {
  kind: string;
  payload: unknown;
  status: string;
};

function toRecord(row: RecordRow): EffectRecord {
  const kind = oneOf(EFFECT_KINDS, row.kind, "effects.kind");
  return {
    ...row,
    kind,
    payload: parseEffectPayload(kind, row.payload, row.id),
    status: oneOf(EFFECT_STATUSES, row.status, "effects.status"),
  };
}

/** Effects of a merchant's payments (an effect belongs to the merchant of its payment). */
function ofMerchant(merchantId: string | undefined): Prisma.Sql {
  return merchantId === undefined
    ? Prisma.empty
    : Prisma.sql`AND e.payment_id IN (SELECT id FROM payments WHERE merchant_id = ${merchantId})`;
}

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
      return rows.map((row) =>
        effectFromStorage({ ...row, kind: oneOf(EFFECT_KINDS, row.kind, "effects.kind") }),
      );
    },

    async complete({ id, at }) {
      await db.$executeRaw`UPDATE effects SET status = 'done', done_at = ${at} WHERE id = ${id}`;
    },

    async completeMany(items) {
      if (items.length === 0) return;
      await db.$executeRaw`
        UPDATE effects SET status = 'done', done_at = v.at
        FROM jsonb_to_recordset(${jsonb(items)}) AS v(id text, at timestamptz)
        WHERE effects.id = v.id`;
    },

    // Both only touch a pending effect: a worker that outlived its lease must
    // not undo what the worker that took over recorded.
    async retryLater({ id, runAt, error }) {
      await db.$executeRaw`
        UPDATE effects SET next_attempt_at = ${runAt}, last_error = ${error}
        WHERE id = ${id} AND status = 'pending'`;
    },

    async bury({ id, error, at }) {
      await db.$executeRaw`
        UPDATE effects SET status = 'dead', last_error = ${error}, done_at = ${at}
        WHERE id = ${id} AND status = 'pending'`;
    },

    async get({ id, merchantId }) {
      const rows = await db.$queryRaw<RecordRow[]>`
        SELECT ${RECORD_COLUMNS} FROM effects e WHERE e.id = ${id} ${ofMerchant(merchantId)}`;
      return rows[0] && toRecord(rows[0]);
    },

    async list({ status, merchantId, limit }) {
      const rows = await db.$queryRaw<RecordRow[]>`
        SELECT ${RECORD_COLUMNS} FROM effects e
        WHERE e.status = ${status} ${ofMerchant(merchantId)}
        ORDER BY e.created_at DESC, e.id DESC
        LIMIT ${limit}::int`;
      return rows.map(toRecord);
    },

    async replay({ id, at }) {
      const changed = await db.$executeRaw`
        UPDATE effects SET status = 'pending', attempts = 0, next_attempt_at = ${at}, done_at = NULL
        WHERE id = ${id} AND status = 'dead'`;
      return changed === 1;
    },
  };
}

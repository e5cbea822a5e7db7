import {
  type InsertPaymentResult,
  PAYMENT_STATUSES,
  type Payment,
  type PaymentChanges,
  type PaymentEvent,
  type PaymentListQuery,
  type PaymentRepository,
} from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";
import { jsonb, oneOf, record } from "./sql.ts";

// Every read of a payment selects exactly these columns, named as the domain does
// (the dashboard's search too).
export const PAYMENT_COLUMNS =
  Prisma.raw(`id, merchant_id AS "merchantId", status, flow, amount, currency,
  order_ref AS "orderRef", description, return_url AS "returnUrl", cancel_url AS "cancelUrl",
  customer_email AS "customerEmail", customer_locale AS "customerLocale",
  phone_hash AS "phoneHash", phone_cipher AS "phoneCipher", phone_last4 AS "phoneLast4",
  metadata, short_code AS "shortCode", keyword, reference, test,
  idempotency_key AS "idempotencyKey", request_hash AS "requestHash",
  refunded_amount AS "refundedAmount", failure_code AS "failureCode",
  expires_at AS "expiresAt", created_at AS "createdAt", updated_at AS "updatedAt",
  succeeded_at AS "succeededAt"`);

export type PaymentRow = Omit<Payment, "status" | "flow" | "metadata"> & {
  status: string;
  flow: string;
  metadata: unknown;
};

const FLOWS = ["shortcode", "otp", "express"] as const;

export function toPayment(row: PaymentRow): Payment {
  return {
    ...row,
    status: oneOf(PAYMENT_STATUSES, row.status, "payments.status"),
    flow: oneOf(FLOWS, row.flow, "payments.flow"),
    metadata:
      row.metadata === null
        ? null
        : (record(row.metadata, "payments.metadata") as Record<string, string>),
  };
}

function first(rows: PaymentRow[]): Payment | undefined {
  const row = rows[0];
  return row ? toPayment(row) : undefined;
}

// Which column each changeable field lives in.
const CHANGE_COLUMNS: { readonly [K in keyof Required<PaymentChanges>]: string } = {
  phoneHash: "phone_hash",
  phoneCipher: "phone_cipher",
  phoneLast4: "phone_last4",
  failureCode: "failure_code",
  succeededAt: "succeeded_at",
  refundedAmount: "refunded_amount",
};

function assignments(changes: PaymentChanges | undefined, at: Date): Prisma.Sql {
  const sets = [Prisma.sql`updated_at = ${at}`];
  if (changes) {
    for (const [field, column] of Object.entries(CHANGE_COLUMNS)) {
      const value = changes[field as keyof PaymentChanges];
      if (value !== undefined) sets.push(Prisma.sql`${Prisma.raw(column)} = ${value}`);
    }
  }
  return Prisma.join(sets, ", ");
}

export function paymentRepository(db: DbClient): PaymentRepository {
  return {
    async insert(p: Payment): Promise<InsertPaymentResult> {
      // No conflict target: DO NOTHING covers the (merchant, idempotency key)
      // index and the partial live-reference index alike, and unlike a caught
      // unique violation it leaves the surrounding transaction usable. A
      // concurrent insert of the same key waits here for the other
      // transaction to end, so the lookup below sees its row once committed.
      // One statement writes the row and its `created` event: no transaction
      // round trips on the hottest write path.
      const inserted = await db.$executeRaw`
        WITH inserted AS (
        INSERT INTO payments (id, merchant_id, status, flow, amount, currency, order_ref, description,
          return_url, cancel_url, customer_email, customer_locale, phone_hash, phone_cipher, phone_last4,
          metadata, short_code, keyword, reference, test, idempotency_key, request_hash, refunded_amount,
          failure_code, expires_at, created_at, updated_at, succeeded_at)
        VALUES (${p.id}, ${p.merchantId}, ${p.status}, ${p.flow}, ${p.amount}, ${p.currency}, ${p.orderRef},
          ${p.description}, ${p.returnUrl}, ${p.cancelUrl}, ${p.customerEmail}, ${p.customerLocale},
          ${p.phoneHash}, ${p.phoneCipher}, ${p.phoneLast4}, ${jsonb(p.metadata)}, ${p.shortCode}, ${p.keyword},
          ${p.reference}, ${p.test}, ${p.idempotencyKey}, ${p.requestHash}, ${p.refundedAmount}, ${p.failureCode},
          ${p.expiresAt}, ${p.createdAt}, ${p.updatedAt}, ${p.succeededAt})
        ON CONFLICT DO NOTHING
        RETURNING id, created_at)
        INSERT INTO payment_events (payment_id, type, data, at)
        SELECT id, 'created', ${jsonb({ amount: p.amount, currency: p.currency, flow: p.flow })}, created_at
        FROM inserted`;
      if (inserted === 1) return "inserted";
      if (p.idempotencyKey === null) return "reference_taken";
      // Only on conflict: which index refused the row. The key wins when both
      // did, so the caller replays instead of retrying with a new reference.
      const taken = await db.$queryRaw<unknown[]>`
        SELECT 1 FROM payments WHERE merchant_id = ${p.merchantId} AND idempotency_key = ${p.idempotencyKey}`;
      return taken.length > 0 ? "idempotency_key_taken" : "reference_taken";
    },

    async get({ merchantId, id }) {
      return first(
        await db.$queryRaw<PaymentRow[]>`
        SELECT ${PAYMENT_COLUMNS} FROM payments WHERE id = ${id} AND merchant_id = ${merchantId}`,
      );
    },

    async getById(id) {
      return first(
        await db.$queryRaw<PaymentRow[]>`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE id = ${id}`,
      );
    },

    async findByIdempotencyKey({ merchantId, key }) {
      return first(
        await db.$queryRaw<PaymentRow[]>`
        SELECT ${PAYMENT_COLUMNS} FROM payments WHERE merchant_id = ${merchantId} AND idempotency_key = ${key}`,
      );
    },

    async lock(id) {
      return first(
        await db.$queryRaw<
          PaymentRow[]
        >`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE id = ${id} FOR UPDATE`,
      );
    },

    async lockByReference({ shortCode, reference }) {
      // At most one live payment holds a reference (partial unique index);
      // otherwise the latest finished one answers ("already paid", "expired").
      return first(
        await db.$queryRaw<PaymentRow[]>`
        SELECT ${PAYMENT_COLUMNS} FROM payments
        WHERE short_code = ${shortCode} AND reference = ${reference}
        ORDER BY status IN ('pending', 'processing') DESC, created_at DESC, id DESC
        LIMIT 1
        FOR UPDATE`,
      );
    },

    async list(query: PaymentListQuery) {
      const status =
        query.status === undefined ? Prisma.empty : Prisma.sql`AND status = ${query.status}`;
      const after =
        query.after === undefined
          ? Prisma.empty
          : Prisma.sql`AND (created_at, id) < (${query.after.createdAt}::timestamptz, ${query.after.id}::text)`;
      const rows = await db.$queryRaw<PaymentRow[]>`
        SELECT ${PAYMENT_COLUMNS} FROM payments
        WHERE merchant_id = ${query.merchantId} ${status} ${after}
        ORDER BY created_at DESC, id DESC
        LIMIT ${query.limit}::int`;
      return rows.map(toPayment);
    },

    async setStatus({ id, from, to, changes, at }) {
      const moved = await db.$executeRaw`
        UPDATE payments SET status = ${to}, ${assignments(changes, at)}
        WHERE id = ${id} AND status = ${from}`;
      return moved === 1;
    },

    async update({ id, changes, at }) {
      await db.$executeRaw`UPDATE payments SET ${assignments(changes, at)} WHERE id = ${id}`;
    },

    async appendEvent({ paymentId, type, data, at }) {
      await db.$executeRaw`
        INSERT INTO payment_events (payment_id, type, data, at) VALUES (${paymentId}, ${type}, ${jsonb(data)}, ${at})`;
    },

    async events(paymentId): Promise<PaymentEvent[]> {
      const rows = await db.$queryRaw<{ type: string; data: unknown; at: Date }[]>`
        SELECT type, data, at FROM payment_events WHERE payment_id = ${paymentId} ORDER BY id`;
      return rows.map((row) => ({
        type: row.type,
        at: row.at,
        data: record(row.data, "payment_events.data"),
      }));
    },

    async expiredPending({ now, limit }) {
      const rows = await db.$queryRaw<{ id: string }[]>`
        SELECT id FROM payments
        WHERE status = 'pending' AND expires_at <= ${now}
        ORDER BY expires_at, id
        LIMIT ${limit}::int`;
      return rows.map((row) => row.id);
    },
  };
}

import {
  type Breakdown,
  type DashboardQueryRepository,
  type DayCount,
  type FunnelDay,
  type MoneyGroup,
  type OverviewQuery,
  PAID_STATUSES,
  PAYMENT_FLOWS,
  PAYMENT_STATUSES,
  type PaymentSearch,
} from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";
import { PAYMENT_COLUMNS, type PaymentRow, toPayment } from "./payment-repository.ts";
import { oneOf } from "./sql.ts";

const PAID = Prisma.join([...PAID_STATUSES]);
const UTC_DAY = Prisma.raw(`to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`);

/** The payments of an overview: one merchant, one mode, created within the period. */
function period(q: OverviewQuery, alias = ""): Prisma.Sql {
  const p = Prisma.raw(alias ? `${alias}.` : "");
  return Prisma.sql`${p}merchant_id = ${q.merchantId} AND ${p}test = ${q.test}
    AND ${p}created_at >= ${q.from} AND ${p}created_at < ${q.before}`;
}

/** `text` as a LIKE prefix, its wildcards taken literally. */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function searchText(text: string): Prisma.Sql {
  const matches = [
    Prisma.sql`id = ${text}`,
    Prisma.sql`order_ref ILIKE ${likePrefix(text)}`,
    Prisma.sql`reference = ${text.toUpperCase()}`,
  ];
  // The phone is stored hashed and sealed: its last four digits are all a search can see.
  if (/^\d{4}$/.test(text)) matches.push(Prisma.sql`phone_last4 = ${text}`);
  return Prisma.sql`(${Prisma.join(matches, " OR ")})`;
}

export function dashboardQueryRepository(db: DbClient): DashboardQueryRepository {
  return {
    async searchPayments(s: PaymentSearch) {
      const where = [Prisma.sql`merchant_id = ${s.merchantId}`];
      if (s.text !== undefined) where.push(searchText(s.text));
      if (s.status !== undefined) where.push(Prisma.sql`status = ${s.status}`);
      if (s.flow !== undefined) where.push(Prisma.sql`flow = ${s.flow}`);
      if (s.shortCode !== undefined) where.push(Prisma.sql`short_code = ${s.shortCode}`);
      if (s.from !== undefined) where.push(Prisma.sql`created_at >= ${s.from}`);
      if (s.before !== undefined) where.push(Prisma.sql`created_at < ${s.before}`);
      if (s.test !== undefined) where.push(Prisma.sql`test = ${s.test}`);
      if (s.after !== undefined) {
        where.push(
          Prisma.sql`(created_at, id) < (${s.after.createdAt}::timestamptz, ${s.after.id}::text)`,
        );
      }
      const rows = await db.$queryRaw<PaymentRow[]>`
        SELECT ${PAYMENT_COLUMNS} FROM payments
        WHERE ${Prisma.join(where, " AND ")}
        ORDER BY created_at DESC, id DESC
        LIMIT ${s.limit}::int`;
      return rows.map(toPayment);
    },

    async statusCounts(q) {
      const rows = await db.$queryRaw<{ status: string; payments: number; amount: number }[]>`
        SELECT status, count(*)::int AS payments, COALESCE(sum(amount), 0)::int AS amount
        FROM payments WHERE ${period(q)}
        GROUP BY status ORDER BY payments DESC, status`;
      return rows.map((row) => ({
        ...row,
        status: oneOf(PAYMENT_STATUSES, row.status, "payments.status"),
      }));
    },

    async days(q) {
      return db.$queryRaw<DayCount[]>`
        SELECT ${UTC_DAY} AS day, count(*)::int AS created,
          (count(*) FILTER (WHERE status IN (${PAID})))::int AS paid,
          COALESCE(sum(amount) FILTER (WHERE status IN (${PAID}) AND currency = ${q.currency}), 0)::int AS gross
        FROM payments WHERE ${period(q)}
        GROUP BY 1 ORDER BY 1`;
    },

    async byShortCode(q) {
      return db.$queryRaw<Breakdown[]>`
        SELECT COALESCE(short_code, '') AS key, count(*)::int AS payments,
          (count(*) FILTER (WHERE status IN (${PAID})))::int AS paid,
          COALESCE(sum(amount) FILTER (WHERE status IN (${PAID}) AND currency = ${q.currency}), 0)::int AS gross
        FROM payments WHERE ${period(q)}
        GROUP BY 1 ORDER BY payments DESC, key LIMIT 50`;
    },

    async byRoute(q) {
      // The route is the transport of the payment's first MT (the billed
      // confirmation or the PIN); the country that of its short code, or the
      // one the OTP guard recorded for its phone.
      return db.$queryRaw<Breakdown[]>`
        SELECT concat(COALESCE(mt.transport, '-'), ' ', COALESCE(sc.country, os.country, '-')) AS key,
          count(*)::int AS payments,
          (count(*) FILTER (WHERE p.status IN (${PAID})))::int AS paid,
          COALESCE(sum(p.amount) FILTER (WHERE p.status IN (${PAID}) AND p.currency = ${q.currency}), 0)::int AS gross
        FROM payments p
        LEFT JOIN LATERAL (
          SELECT transport FROM outbound_messages o WHERE o.payment_id = p.id
          ORDER BY o.created_at, o.id LIMIT 1) mt ON true
        LEFT JOIN LATERAL (
          SELECT country FROM short_codes s WHERE s.code = p.short_code AND s.keyword = p.keyword
          LIMIT 1) sc ON true
        LEFT JOIN LATERAL (
          SELECT country FROM otp_sends x WHERE x.merchant_id = p.merchant_id AND x.phone_hash = p.phone_hash
          ORDER BY x.sent_at DESC LIMIT 1) os ON true
        WHERE ${period(q, "p")}
        GROUP BY 1 ORDER BY payments DESC, key LIMIT 50`;
    },

    async moneyGroups(q) {
      const rows = await db.$queryRaw<
        (Omit<MoneyGroup, "flow" | "settled"> & {
          flow: string;
          settled: boolean;
          operatorFee: number | null;
          aggregatorFee: number | null;
          net: number | null;
        })[]
      >`
        WITH paid AS (
          SELECT p.flow, p.short_code, p.currency, p.amount, p.refunded_amount,
            p.amount - COALESCE(cr.credited, 0) - COALESCE(dp.disputed, 0) AS gross,
            st.operator_fee, st.aggregator_fee, st.net
          FROM payments p
          LEFT JOIN LATERAL (
            SELECT sum(r.amount) AS credited FROM refunds r
            WHERE r.payment_id = p.id AND r.method = 'phone_credit' AND r.status = 'succeeded') cr ON true
          LEFT JOIN LATERAL (
            SELECT sum(d.amount) AS disputed FROM disputes d WHERE d.payment_id = p.id) dp ON true
          LEFT JOIN LATERAL (
            SELECT count(*) AS lines, sum(l.operator_fee) AS operator_fee,
              sum(l.aggregator_fee) AS aggregator_fee, sum(l.net) AS net
            FROM settlement_lines l WHERE l.payment_id = p.id) st ON st.lines > 0
          WHERE ${period(q, "p")} AND p.status IN (${PAID}))
        SELECT flow, short_code AS "shortCode", currency, gross::int AS gross,
          count(*)::int AS payments, sum(amount)::int AS amount, sum(refunded_amount)::int AS refunded,
          (operator_fee IS NOT NULL) AS settled, sum(operator_fee)::int AS "operatorFee",
          sum(aggregator_fee)::int AS "aggregatorFee", sum(net)::int AS net
        FROM paid
        GROUP BY flow, short_code, currency, gross, (operator_fee IS NOT NULL)`;
      return rows.map(({ settled, operatorFee, aggregatorFee, net, ...row }) => ({
        ...row,
        flow: oneOf(PAYMENT_FLOWS, row.flow, "payments.flow"),
        settled: settled
          ? { operatorFee: operatorFee ?? 0, aggregatorFee: aggregatorFee ?? 0, net: net ?? 0 }
          : null,
      }));
    },

    async funnelDays({ merchantId, from, before }) {
      return db.$queryRaw<FunnelDay[]>`
        SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
          (count(*) FILTER (WHERE type = 'page_viewed'))::int AS viewed,
          (count(*) FILTER (WHERE type = 'sms_link_tapped'))::int AS tapped,
          (count(*) FILTER (WHERE type = 'paid'))::int AS paid
        FROM checkout_events
        WHERE merchant_id = ${merchantId} AND at >= ${from} AND at < ${before}
        GROUP BY 1 ORDER BY 1`;
    },
  };
}

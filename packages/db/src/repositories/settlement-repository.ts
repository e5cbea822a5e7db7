import {
  type PaymentMatch,
  SETTLEMENT_KINDS,
  type SettlementLine,
  type SettlementRepository,
} from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";
import { oneOf } from "./sql.ts";

const LINE_COLUMNS = Prisma.raw(`id, report_id AS "reportId", provider, scope, line_id AS "lineId",
  line_number AS "line", kind, reference_by AS "referenceBy", reference, payment_id AS "paymentId",
  merchant_id AS "merchantId", gross, operator_fee AS "operatorFee", aggregator_fee AS "aggregatorFee",
  net, currency, settled_on::text AS "settledOn", created_at AS "createdAt"`);

type LineRow = Omit<SettlementLine, "kind" | "reference"> & {
  kind: string;
  referenceBy: string;
  reference: string;
};

const REFERENCE_KINDS = ["payment", "message", "correlator"] as const;

function toLine(row: LineRow): SettlementLine {
  const { referenceBy, reference, ...rest } = row;
  return {
    ...rest,
    kind: oneOf(SETTLEMENT_KINDS, row.kind, "settlement_lines.kind"),
    reference: {
      by: oneOf(REFERENCE_KINDS, referenceBy, "settlement_lines.reference_by"),
      value: reference,
    },
  };
}

const PAYMENT_MATCH = Prisma.raw(
  `p.id AS "paymentId", p.merchant_id AS "merchantId", p.amount, p.currency, p.status`,
);

export function settlementRepository(db: DbClient): SettlementRepository {
  /** The first payment the query finds, within the merchant when given. */
  const firstMatch = async (
    from: Prisma.Sql,
    merchantId: string | null,
  ): Promise<PaymentMatch | undefined> => {
    const scope =
      merchantId === null ? Prisma.empty : Prisma.sql`AND p.merchant_id = ${merchantId}`;
    const rows = await db.$queryRaw<PaymentMatch[]>`
      SELECT ${PAYMENT_MATCH} ${from} ${scope} ORDER BY p.created_at DESC LIMIT 1`;
    return rows[0];
  };

  return {
    async saveReport(r) {
      await db.$executeRaw`
        INSERT INTO settlement_reports (id, provider, scope, lines, imported, duplicates, unmatched, malformed, created_at)
        VALUES (${r.id}, ${r.provider}, ${r.scope}, ${r.lines}, ${r.imported}, ${r.duplicates},
          ${r.unmatched}, ${r.malformed}, ${r.createdAt})
        ON CONFLICT (id) DO UPDATE SET lines = EXCLUDED.lines, imported = EXCLUDED.imported,
          duplicates = EXCLUDED.duplicates, unmatched = EXCLUDED.unmatched, malformed = EXCLUDED.malformed`;
    },

    async insertLine(l) {
      const inserted = await db.$executeRaw`
        INSERT INTO settlement_lines (id, report_id, provider, scope, line_id, line_number, kind, reference_by,
          reference, payment_id, merchant_id, gross, operator_fee, aggregator_fee, net, currency, settled_on, created_at)
        VALUES (${l.id}, ${l.reportId}, ${l.provider}, ${l.scope}, ${l.lineId}, ${l.line}, ${l.kind},
          ${l.reference.by}, ${l.reference.value}, ${l.paymentId}, ${l.merchantId}, ${l.gross}, ${l.operatorFee},
          ${l.aggregatorFee}, ${l.net}, ${l.currency}, ${l.settledOn}::date, ${l.createdAt})
        ON CONFLICT (provider, scope, line_id) DO NOTHING`;
      return inserted === 1;
    },

    async findPayment({ reference, merchantId }) {
      const value = reference.value;
      switch (reference.by) {
        case "payment":
          return firstMatch(Prisma.sql`FROM payments p WHERE p.id = ${value}`, merchantId);
        case "message":
          return firstMatch(
            Prisma.sql`FROM outbound_messages m JOIN payments p ON p.id = m.payment_id
              WHERE m.provider_message_id = ${value} AND m.purpose = 'billed_confirmation'`,
            merchantId,
          );
        case "correlator":
          // We charge with the payment id and refund with the refund id as clientCorrelator.
          return (
            (await firstMatch(Prisma.sql`FROM payments p WHERE p.id = ${value}`, merchantId)) ??
            (await firstMatch(
              Prisma.sql`FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE r.id = ${value}`,
              merchantId,
            ))
          );
      }
    },

    async unmatched({ limit }) {
      const rows = await db.$queryRaw<LineRow[]>`
        SELECT ${LINE_COLUMNS} FROM settlement_lines WHERE payment_id IS NULL
        ORDER BY match_tried_at NULLS FIRST, created_at, id LIMIT ${limit}::int`;
      return rows.map(toLine);
    },

    async markTried({ id, at }) {
      await db.$executeRaw`UPDATE settlement_lines SET match_tried_at = ${at} WHERE id = ${id}`;
    },

    async attach({ id, paymentId, merchantId }) {
      await db.$executeRaw`
        UPDATE settlement_lines SET payment_id = ${paymentId}, merchant_id = ${merchantId}
        WHERE id = ${id} AND payment_id IS NULL`;
    },

    async totalsFor(paymentId) {
      const rows = await db.$queryRaw<
        {
          lines: number;
          gross: number;
          operatorFee: number;
          aggregatorFee: number;
          net: number;
          lastSettledOn: string | null;
        }[]
      >`
        SELECT count(*)::int AS lines, COALESCE(sum(gross), 0)::int AS gross,
          COALESCE(sum(operator_fee), 0)::int AS "operatorFee",
          COALESCE(sum(aggregator_fee), 0)::int AS "aggregatorFee", COALESCE(sum(net), 0)::int AS net,
          max(settled_on)::text AS "lastSettledOn"
        FROM settlement_lines WHERE payment_id = ${paymentId}`;
      const row = rows[0];
      return row && row.lines > 0 && row.lastSettledOn !== null
        ? { ...row, lastSettledOn: row.lastSettledOn }
        : undefined;
    },
  };
}

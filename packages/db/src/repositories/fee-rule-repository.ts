import type { FeeRule, FeeRuleRepository } from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";
import { oneOf } from "./sql.ts";

const COLUMNS =
  Prisma.raw(`id, merchant_id AS "merchantId", flow, short_code AS "shortCode", currency,
  operator_bps AS "operatorBps", operator_fixed AS "operatorFixed",
  aggregator_bps AS "aggregatorBps", aggregator_fixed AS "aggregatorFixed"`);

type FeeRuleRow = Pick<FeeRule, "id" | "merchantId" | "shortCode" | "currency"> & {
  flow: string;
  operatorBps: number;
  operatorFixed: number;
  aggregatorBps: number;
  aggregatorFixed: number;
};

const FLOWS = ["shortcode", "otp"] as const;

function toRule(row: FeeRuleRow): FeeRule {
  return {
    id: row.id,
    merchantId: row.merchantId,
    flow: oneOf(FLOWS, row.flow, "fee_rules.flow"),
    shortCode: row.shortCode,
    currency: row.currency,
    operator: { bps: row.operatorBps, fixed: row.operatorFixed },
    aggregator: { bps: row.aggregatorBps, fixed: row.aggregatorFixed },
  };
}

export function feeRuleRepository(db: DbClient): FeeRuleRepository {
  return {
    async upsert(rule) {
      await db.$executeRaw`
        INSERT INTO fee_rules (id, merchant_id, flow, short_code, currency, operator_bps, operator_fixed,
          aggregator_bps, aggregator_fixed, updated_at)
        VALUES (${rule.id}, ${rule.merchantId}, ${rule.flow}, ${rule.shortCode}, ${rule.currency},
          ${rule.operator.bps}, ${rule.operator.fixed}, ${rule.aggregator.bps}, ${rule.aggregator.fixed}, now())
        ON CONFLICT (id) DO UPDATE SET operator_bps = EXCLUDED.operator_bps,
          operator_fixed = EXCLUDED.operator_fixed, aggregator_bps = EXCLUDED.aggregator_bps,
          aggregator_fixed = EXCLUDED.aggregator_fixed, updated_at = EXCLUDED.updated_at`;
    },

    async candidates({ merchantId, flow, shortCode, currency }) {
      const rows = await db.$queryRaw<FeeRuleRow[]>`
        SELECT ${COLUMNS} FROM fee_rules
        WHERE flow = ${flow} AND currency = ${currency}
          AND short_code IS NOT DISTINCT FROM ${shortCode}::text
          AND (merchant_id = ${merchantId} OR merchant_id IS NULL)
        ORDER BY merchant_id NULLS LAST`;
      return rows.map(toRule);
    },

    async list({ merchantId }) {
      const where =
        merchantId === undefined
          ? Prisma.empty
          : Prisma.sql`WHERE merchant_id = ${merchantId} OR merchant_id IS NULL`;
      const rows = await db.$queryRaw<FeeRuleRow[]>`
        SELECT ${COLUMNS} FROM fee_rules ${where} ORDER BY merchant_id NULLS FIRST, flow, short_code, currency`;
      return rows.map(toRule);
    },
  };
}

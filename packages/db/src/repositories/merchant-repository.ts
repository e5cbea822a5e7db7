import type { Limits, Merchant, MerchantRepository } from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";
import { jsonb, record } from "./sql.ts";

const COLUMNS = Prisma.raw(
  `id, name, active, limits, carrier_billing AS "carrierBilling", created_at AS "createdAt"`,
);

type MerchantRow = Omit<Merchant, "limits"> & { limits: unknown };

// The limits column holds the core's Limits object as is (the core validates
// limits with limitsSchema where they come in).
function toMerchant(row: MerchantRow): Merchant {
  return { ...row, limits: record(row.limits, "merchants.limits") as Limits };
}

export function merchantRepository(db: DbClient): MerchantRepository {
  return {
    async create(merchant) {
      // Stored times come from the application's clock, like every other time
      // smspay stores, rather than from the database server's.
      const createdAt = new Date();
      await db.$executeRaw`
        INSERT INTO merchants (id, name, active, limits, carrier_billing, created_at)
        VALUES (${merchant.id}, ${merchant.name}, ${merchant.active}, ${jsonb(merchant.limits)},
          ${merchant.carrierBilling}, ${createdAt})`;
      return {
        id: merchant.id,
        name: merchant.name,
        active: merchant.active,
        limits: merchant.limits,
        carrierBilling: merchant.carrierBilling,
        createdAt,
      };
    },

    async get(id) {
      const rows = await db.$queryRaw<
        MerchantRow[]
      >`SELECT ${COLUMNS} FROM merchants WHERE id = ${id}`;
      const row = rows[0];
      return row ? toMerchant(row) : undefined;
    },

    async list() {
      const rows = await db.$queryRaw<
        MerchantRow[]
      >`SELECT ${COLUMNS} FROM merchants ORDER BY created_at, id`;
      return rows.map(toMerchant);
    },
  };
}

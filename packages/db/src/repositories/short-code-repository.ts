import type { ShortCodeRepository, Tariff } from "@smspay/core";
import type { DbClient } from "../types.ts";

export function shortCodeRepository(db: DbClient): ShortCodeRepository {
  return {
    async listForMerchant(merchantId) {
      // The merchant's own codes first: findTariff takes the first price match,
      // so a merchant's code wins over a shared one carrying the same price.
      return db.$queryRaw<Tariff[]>`
        SELECT code AS "shortCode", keyword, amount, currency, country, transport
        FROM short_codes
        WHERE merchant_id = ${merchantId} OR merchant_id IS NULL
        ORDER BY merchant_id IS NULL, code, keyword`;
    },

    async keywordsFor(shortCode) {
      const rows = await db.$queryRaw<{ keyword: string }[]>`
        SELECT DISTINCT keyword FROM short_codes WHERE code = ${shortCode} ORDER BY keyword`;
      return rows.map((row) => row.keyword);
    },

    async upsert(tariff) {
      // Keyed by (code, keyword), the pair that carries one price: seeding the
      // same table again updates it in place and keeps the first row's id.
      await db.$executeRaw`
        INSERT INTO short_codes (id, merchant_id, code, keyword, amount, currency, country, transport)
        VALUES (${tariff.id}, ${tariff.merchantId}, ${tariff.shortCode}, ${tariff.keyword}, ${tariff.amount},
          ${tariff.currency}, ${tariff.country}, ${tariff.transport})
        ON CONFLICT (code, keyword) DO UPDATE SET
          merchant_id = EXCLUDED.merchant_id, amount = EXCLUDED.amount, currency = EXCLUDED.currency,
          country = EXCLUDED.country, transport = EXCLUDED.transport`;
    },
  };
}

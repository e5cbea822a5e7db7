import type { OtpCountriesRepository } from "@smspay/core";
import type { DbClient } from "../types.ts";

export function otpCountriesRepository(db: DbClient): OtpCountriesRepository {
  return {
    async get(merchantId) {
      const rows = await db.$queryRaw<{ countries: string[] }[]>`
        SELECT countries FROM otp_countries WHERE merchant_id = ${merchantId}`;
      return rows[0]?.countries;
    },

    async set({ merchantId, countries, at }) {
      if (countries === null) {
        await db.$executeRaw`DELETE FROM otp_countries WHERE merchant_id = ${merchantId}`;
        return;
      }
      await db.$executeRaw`
        INSERT INTO otp_countries (merchant_id, countries, updated_at)
        VALUES (${merchantId}, ${[...countries]}::text[], ${at})
        ON CONFLICT (merchant_id) DO UPDATE SET countries = EXCLUDED.countries, updated_at = EXCLUDED.updated_at`;
    },
  };
}

import type { CheckoutBranding, CheckoutSettings, CheckoutSettingsRepository } from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";

// Which column each branding field lives in.
const BRANDING_COLUMNS: { readonly [K in keyof CheckoutBranding]: string } = {
  brandColor: "brand_color",
  logoUrl: "logo_url",
  defaultLocale: "default_locale",
};

export function checkoutSettingsRepository(db: DbClient): CheckoutSettingsRepository {
  return {
    async get(merchantId) {
      const rows = await db.$queryRaw<CheckoutSettings[]>`
        SELECT name AS "merchantName", brand_color AS "brandColor", logo_url AS "logoUrl",
          default_locale AS "defaultLocale", return_key_cipher AS "returnKeyCipher"
        FROM merchants WHERE id = ${merchantId}`;
      return rows[0];
    },

    async setBranding({ merchantId, branding }) {
      const sets = Object.entries(BRANDING_COLUMNS).flatMap(([field, column]) => {
        const value = branding[field as keyof CheckoutBranding];
        return value === undefined ? [] : [Prisma.sql`${Prisma.raw(column)} = ${value}`];
      });
      if (sets.length === 0) {
        const rows = await db.$queryRaw<
          { id: string }[]
        >`SELECT id FROM merchants WHERE id = ${merchantId}`;
        return rows.length > 0;
      }
      const updated = await db.$executeRaw`
        UPDATE merchants SET ${Prisma.join(sets, ", ")} WHERE id = ${merchantId}`;
      return updated > 0;
    },

    async claimReturnKey({ merchantId, cipher }) {
      // The first key stored wins: a concurrent claim's UPDATE matches no row
      // once the other committed, and the SELECT then reads the winner.
      await db.$executeRaw`
        UPDATE merchants SET return_key_cipher = ${cipher}
        WHERE id = ${merchantId} AND return_key_cipher IS NULL`;
      const rows = await db.$queryRaw<{ cipher: string | null }[]>`
        SELECT return_key_cipher AS cipher FROM merchants WHERE id = ${merchantId}`;
      return rows[0]?.cipher ?? undefined;
    },
  };
}

import type { MonthlySpendRepository } from "@smspay/core";
import type { DbClient } from "../types.ts";

export function monthlySpendRepository(db: DbClient): MonthlySpendRepository {
  return {
    async reserve({ merchantId, phoneHash, period, currency, amount, cap }) {
      // One statement: the first reservation of the month inserts (if it fits
      // at all); later ones add under the row lock ON CONFLICT takes, and the
      // DO UPDATE's WHERE refuses an overshoot. Concurrent reservations
      // serialize on that row, so their sum never passes the cap.
      const reserved = await db.$executeRaw`
        INSERT INTO monthly_spend (merchant_id, phone_hash, period, currency, amount)
        SELECT ${merchantId}, ${phoneHash}, ${period}, ${currency}, ${amount}::int
        WHERE ${amount}::int <= ${cap}::int
        ON CONFLICT (merchant_id, phone_hash, period, currency) DO UPDATE
          SET amount = monthly_spend.amount + EXCLUDED.amount
          WHERE monthly_spend.amount + EXCLUDED.amount <= ${cap}::int`;
      return reserved === 1;
    },

    async release({ merchantId, phoneHash, period, currency, amount }) {
      await db.$executeRaw`
        UPDATE monthly_spend SET amount = GREATEST(amount - ${amount}::int, 0)
        WHERE merchant_id = ${merchantId} AND phone_hash = ${phoneHash} AND period = ${period} AND currency = ${currency}`;
    },

    async spent({ merchantId, phoneHash, period, currency }) {
      const rows = await db.$queryRaw<{ amount: number }[]>`
        SELECT amount FROM monthly_spend
        WHERE merchant_id = ${merchantId} AND phone_hash = ${phoneHash} AND period = ${period} AND currency = ${currency}`;
      return rows[0]?.amount ?? 0;
    },
  };
}

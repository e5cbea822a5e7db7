import type { OptOutRepository } from "@smspay/core";
import type { DbClient } from "../types.ts";

// An all-codes opt-out (STOPALL) is stored under this short code: a primary
// key cannot hold NULL.
const EVERY_CODE = "*";

export function optOutRepository(db: DbClient): OptOutRepository {
  return {
    async add({ phoneHash, shortCode, at }) {
      // The first STOP's time is kept: repeating it is not a new opt-out.
      await db.$executeRaw`
        INSERT INTO opt_outs (phone_hash, short_code, opted_out_at)
        VALUES (${phoneHash}, ${shortCode ?? EVERY_CODE}, ${at})
        ON CONFLICT (phone_hash, short_code) DO NOTHING`;
    },

    async remove({ phoneHash, shortCode }) {
      const removed = await db.$executeRaw`
        DELETE FROM opt_outs
        WHERE phone_hash = ${phoneHash} AND short_code IN (${shortCode}, ${EVERY_CODE})`;
      return removed > 0;
    },

    async isOptedOut({ phoneHash, shortCodes }) {
      const rows = await db.$queryRaw<{ found: boolean }[]>`
        SELECT EXISTS (
          SELECT 1 FROM opt_outs
          WHERE phone_hash = ${phoneHash}
            AND (short_code = ${EVERY_CODE} OR short_code = ANY (${[...shortCodes]}::text[]))
        ) AS found`;
      return rows[0]?.found === true;
    },
  };
}

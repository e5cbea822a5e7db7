import type { LoginThrottleRepository } from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";

export function loginThrottleRepository(db: DbClient): LoginThrottleRepository {
  return {
    async recordFailure({ keys, at }) {
      if (keys.length === 0) return;
      const rows = keys.map((key) => Prisma.sql`(${key}, ${at})`);
      await db.$executeRaw`INSERT INTO login_failures (key, at) VALUES ${Prisma.join(rows)}`;
    },

    async failures({ key, since }) {
      const rows = await db.$queryRaw<{ count: number; oldest: Date | null }[]>`
        SELECT count(*)::int AS count, min(at) AS oldest
        FROM login_failures WHERE key = ${key} AND at > ${since}`;
      return rows[0] ?? { count: 0, oldest: null };
    },

    async clear(key) {
      await db.$executeRaw`DELETE FROM login_failures WHERE key = ${key}`;
    },

    async prune(before) {
      return db.$executeRaw`DELETE FROM login_failures WHERE at < ${before}`;
    },
  };
}

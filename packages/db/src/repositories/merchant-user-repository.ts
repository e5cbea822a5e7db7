import { DASHBOARD_ROLES, type MerchantUser, type MerchantUserRepository } from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";
import { oneOf } from "./sql.ts";

const COLUMNS = Prisma.raw(`id, merchant_id AS "merchantId", email, role,
  created_at AS "createdAt", last_login_at AS "lastLoginAt"`);

type UserRow = Omit<MerchantUser, "role"> & { role: string };

function toUser<T extends UserRow>(row: T): T & { role: MerchantUser["role"] } {
  return { ...row, role: oneOf(DASHBOARD_ROLES, row.role, "merchant_users.role") };
}

export function merchantUserRepository(db: DbClient): MerchantUserRepository {
  return {
    async create(user) {
      const inserted = await db.$executeRaw`
        INSERT INTO merchant_users (id, merchant_id, email, password_hash, role, created_at)
        VALUES (${user.id}, ${user.merchantId}, ${user.email}, ${user.passwordHash}, ${user.role}, ${user.createdAt})
        ON CONFLICT (email) DO NOTHING`;
      return inserted === 1;
    },

    async findByEmail(email) {
      const rows = await db.$queryRaw<(UserRow & { passwordHash: string })[]>`
        SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM merchant_users WHERE email = ${email}`;
      const row = rows[0];
      return row ? toUser(row) : undefined;
    },

    async listForMerchant(merchantId) {
      const rows = await db.$queryRaw<UserRow[]>`
        SELECT ${COLUMNS} FROM merchant_users WHERE merchant_id = ${merchantId} ORDER BY email`;
      return rows.map(toUser);
    },

    async recordLogin({ id, at }) {
      await db.$executeRaw`UPDATE merchant_users SET last_login_at = ${at} WHERE id = ${id}`;
    },
  };
}

import { DASHBOARD_ROLES, type SsoGrant, type SsoTokenRepository } from "@smspay/core";
import type { DbClient } from "../types.ts";
import { oneOf } from "./sql.ts";

type GrantRow = Omit<SsoGrant, "role"> & { role: string };

export function ssoTokenRepository(db: DbClient): SsoTokenRepository {
  return {
    async create(g) {
      await db.$executeRaw`
        INSERT INTO sso_tokens (jti, merchant_id, role, label, return_to, created_at, expires_at)
        VALUES (${g.jti}, ${g.merchantId}, ${g.role}, ${g.label}, ${g.returnTo}, ${g.createdAt}, ${g.expiresAt})`;
    },

    async consume({ jti, at }) {
      // One statement: of two requests racing with the same link, one wins.
      const rows = await db.$queryRaw<GrantRow[]>`
        UPDATE sso_tokens SET used_at = ${at}
        WHERE jti = ${jti} AND used_at IS NULL AND expires_at > ${at}
        RETURNING jti, merchant_id AS "merchantId", role, label, return_to AS "returnTo",
          created_at AS "createdAt", expires_at AS "expiresAt"`;
      const row = rows[0];
      return row
        ? { ...row, role: oneOf(DASHBOARD_ROLES, row.role, "sso_tokens.role") }
        : undefined;
    },

    async deleteExpired(now) {
      return db.$executeRaw`DELETE FROM sso_tokens WHERE expires_at <= ${now}`;
    },
  };
}

import {
  DASHBOARD_ROLES,
  type DashboardSession,
  type DashboardSessionRepository,
} from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";
import { oneOf } from "./sql.ts";

const COLUMNS = Prisma.raw(`id, merchant_id AS "merchantId", user_id AS "userId", role, label,
  csrf_token AS "csrfToken", created_at AS "createdAt", last_seen_at AS "lastSeenAt",
  expires_at AS "expiresAt"`);

type SessionRow = Omit<DashboardSession, "role"> & { role: string };

export function dashboardSessionRepository(db: DbClient): DashboardSessionRepository {
  return {
    async create(s) {
      await db.$executeRaw`
        INSERT INTO dashboard_sessions (id, merchant_id, user_id, role, label, csrf_token, created_at,
          last_seen_at, expires_at)
        VALUES (${s.id}, ${s.merchantId}, ${s.userId}, ${s.role}, ${s.label}, ${s.csrfToken},
          ${s.createdAt}, ${s.lastSeenAt}, ${s.expiresAt})`;
    },

    async get(id) {
      const rows = await db.$queryRaw<SessionRow[]>`
        SELECT ${COLUMNS} FROM dashboard_sessions WHERE id = ${id}`;
      const row = rows[0];
      return row
        ? { ...row, role: oneOf(DASHBOARD_ROLES, row.role, "dashboard_sessions.role") }
        : undefined;
    },

    async touch({ id, at }) {
      await db.$executeRaw`
        UPDATE dashboard_sessions SET last_seen_at = ${at} WHERE id = ${id} AND last_seen_at < ${at}`;
    },

    async delete(id) {
      await db.$executeRaw`DELETE FROM dashboard_sessions WHERE id = ${id}`;
    },

    async deleteExpired(now) {
      return db.$executeRaw`DELETE FROM dashboard_sessions WHERE expires_at <= ${now}`;
    },
  };
}

import type { ApiKeyRecord, ApiKeyRepository } from "@smspay/core";
import type { DbClient } from "../types.ts";

export function apiKeyRepository(db: DbClient): ApiKeyRepository {
  return {
    async create(key) {
      await db.$executeRaw`
        INSERT INTO api_keys (id, merchant_id, name, prefix, hash, created_at)
        VALUES (${key.id}, ${key.merchantId}, ${key.name}, ${key.prefix}, ${key.hash}, ${new Date()})`;
    },

    async findActiveByHash(hash) {
      // The hash never leaves storage: callers hold the key that produced it.
      const rows = await db.$queryRaw<ApiKeyRecord[]>`
        SELECT id, merchant_id AS "merchantId", name, prefix, created_at AS "createdAt",
          last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
        FROM api_keys WHERE hash = ${hash} AND revoked_at IS NULL`;
      return rows[0];
    },

    async revoke({ id, merchantId, at }) {
      const changed = await db.$executeRaw`
        UPDATE api_keys SET revoked_at = ${at}
        WHERE id = ${id} AND merchant_id = ${merchantId} AND revoked_at IS NULL`;
      return changed === 1;
    },

    async listForMerchant(merchantId) {
      return db.$queryRaw<ApiKeyRecord[]>`
        SELECT id, merchant_id AS "merchantId", name, prefix, created_at AS "createdAt",
          last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
        FROM api_keys WHERE merchant_id = ${merchantId} ORDER BY created_at DESC, id DESC`;
    },

    async touch({ id, at }) {
      // Every authenticated request touches its key: skip the write (and the
      // row lock) when a later request already recorded a later time.
      await db.$executeRaw`
        UPDATE api_keys SET last_used_at = ${at}
        WHERE id = ${id} AND (last_used_at IS NULL OR last_used_at < ${at})`;
    },
  };
}

import type { PlatformConnection, PlatformConnectionRepository, PlatformName } from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";
import { oneOf } from "./sql.ts";

const PLATFORMS: readonly PlatformName[] = ["shopify", "woocommerce", "magento"];

const COLUMNS = Prisma.raw(`merchant_id AS "merchantId", platform, config_cipher AS "configCipher",
  active, created_at AS "createdAt", updated_at AS "updatedAt"`);

type ConnectionRow = Omit<PlatformConnection, "platform"> & { platform: string };

function toConnection(row: ConnectionRow): PlatformConnection {
  return { ...row, platform: oneOf(PLATFORMS, row.platform, "platform_connections.platform") };
}

export function platformConnectionRepository(db: DbClient): PlatformConnectionRepository {
  return {
    async put({ merchantId, platform, configCipher, at }) {
      // Reconnecting (or switching platform) keeps the first connection time.
      const rows = await db.$queryRaw<ConnectionRow[]>`
        INSERT INTO platform_connections
          (merchant_id, platform, config_cipher, active, created_at, updated_at)
        VALUES (${merchantId}, ${platform}, ${configCipher}, true, ${at}, ${at})
        ON CONFLICT (merchant_id) DO UPDATE SET platform = EXCLUDED.platform,
          config_cipher = EXCLUDED.config_cipher, active = true, updated_at = EXCLUDED.updated_at
        RETURNING ${COLUMNS}`;
      const row = rows[0];
      if (!row) throw new Error("platform connection upsert returned nothing");
      return toConnection(row);
    },

    async get(merchantId) {
      const rows = await db.$queryRaw<ConnectionRow[]>`
        SELECT ${COLUMNS} FROM platform_connections WHERE merchant_id = ${merchantId}`;
      return rows[0] && toConnection(rows[0]);
    },

    async remove(merchantId) {
      const removed = await db.$executeRaw`
        DELETE FROM platform_connections WHERE merchant_id = ${merchantId}`;
      return removed === 1;
    },
  };
}

import type {
  ConsentChannel,
  ConsentRevocation,
  ExpressConsent,
  ExpressConsentRepository,
} from "@smspay/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "../types.ts";
import { oneOf } from "./sql.ts";

const COLUMNS = Prisma.raw(`id, merchant_id AS "merchantId", phone_hash AS "phoneHash",
  phone_cipher AS "phoneCipher", channel, text_shown AS "textShown", locale,
  granted_at AS "grantedAt", revoked_at AS "revokedAt", revoked_via AS "revokedVia"`);

type ConsentRow = Omit<ExpressConsent, "channel" | "revokedVia"> & {
  channel: string;
  revokedVia: string | null;
};

const CHANNELS: readonly ConsentChannel[] = ["checkout_page"];
const REVOCATIONS: readonly ConsentRevocation[] = ["sms_stop", "link"];

function toConsent(row: ConsentRow): ExpressConsent {
  return {
    ...row,
    channel: oneOf(CHANNELS, row.channel, "express_consents.channel"),
    revokedVia:
      row.revokedVia === null
        ? null
        : oneOf(REVOCATIONS, row.revokedVia, "express_consents.revoked_via"),
  };
}

export function expressConsentRepository(db: DbClient): ExpressConsentRepository {
  const findLive: ExpressConsentRepository["findLive"] = async ({ merchantId, phoneHash }) => {
    const rows = await db.$queryRaw<ConsentRow[]>`
      SELECT ${COLUMNS} FROM express_consents
      WHERE merchant_id = ${merchantId} AND phone_hash = ${phoneHash} AND revoked_at IS NULL`;
    return rows[0] ? toConsent(rows[0]) : undefined;
  };

  return {
    async grant(c) {
      // The partial unique index keeps one live consent per (merchant, phone):
      // a second opt-in leaves the first record, and its wording, as it was.
      await db.$executeRaw`
        INSERT INTO express_consents (id, merchant_id, phone_hash, phone_cipher, channel, text_shown,
          locale, granted_at)
        VALUES (${c.id}, ${c.merchantId}, ${c.phoneHash}, ${c.phoneCipher}, ${c.channel},
          ${c.textShown}, ${c.locale}, ${c.grantedAt})
        ON CONFLICT (merchant_id, phone_hash) WHERE revoked_at IS NULL DO NOTHING`;
      const live = await findLive({ merchantId: c.merchantId, phoneHash: c.phoneHash });
      if (!live) throw new Error("express consent vanished right after it was granted");
      return live;
    },

    findLive,

    async get(id) {
      const rows = await db.$queryRaw<ConsentRow[]>`
        SELECT ${COLUMNS} FROM express_consents WHERE id = ${id}`;
      return rows[0] ? toConsent(rows[0]) : undefined;
    },

    async revoke({ id, at, via }) {
      const updated = await db.$executeRaw`
        UPDATE express_consents SET revoked_at = ${at}, revoked_via = ${via}
        WHERE id = ${id} AND revoked_at IS NULL`;
      return updated > 0;
    },

    async revokeAllForPhone({ phoneHash, at, via }) {
      return db.$executeRaw`
        UPDATE express_consents SET revoked_at = ${at}, revoked_via = ${via}
        WHERE phone_hash = ${phoneHash} AND revoked_at IS NULL`;
    },

    async pendingPaymentFor({ phoneHash, now }) {
      const rows = await db.$queryRaw<{ id: string }[]>`
        SELECT id FROM payments
        WHERE phone_hash = ${phoneHash} AND flow = 'express' AND status = 'pending'
          AND expires_at > ${now}
        ORDER BY created_at DESC, id DESC LIMIT 1`;
      return rows[0]?.id;
    },
  };
}

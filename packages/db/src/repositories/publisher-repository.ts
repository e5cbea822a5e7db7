import type { PublisherIdentity, PublisherRepository, PublisherScope } from "@smspay/core";
import type { DbClient } from "../types.ts";

function scopeKey(scope: PublisherScope): string {
  return "merchantId" in scope ? `merchant:${scope.merchantId}` : `short_code:${scope.shortCode}`;
}

export function publisherRepository(db: DbClient): PublisherRepository {
  return {
    async set({ scope, identity, at }) {
      await db.$executeRaw`
        INSERT INTO publishers (scope, name, contact, updated_at)
        VALUES (${scopeKey(scope)}, ${identity.name}, ${identity.contact}, ${at})
        ON CONFLICT (scope) DO UPDATE SET
          name = EXCLUDED.name, contact = EXCLUDED.contact, updated_at = EXCLUDED.updated_at`;
    },

    async get(scope) {
      const rows = await db.$queryRaw<PublisherIdentity[]>`
        SELECT name, contact FROM publishers WHERE scope = ${scopeKey(scope)}`;
      return rows[0];
    },

    async profile(shortCode) {
      // A code's own identity first, then its owner's (a code belongs to at
      // most one merchant: every keyword row of it names the same one).
      const identities = await db.$queryRaw<(PublisherIdentity & { rank: number })[]>`
        SELECT p.name, p.contact, CASE WHEN p.scope LIKE 'short_code:%' THEN 0 ELSE 1 END AS rank
        FROM publishers p
        WHERE p.scope = ${`short_code:${shortCode}`}
           OR p.scope IN (
             SELECT 'merchant:' || merchant_id FROM short_codes
             WHERE code = ${shortCode} AND merchant_id IS NOT NULL)
        ORDER BY rank
        LIMIT 1`;
      const owners = await db.$queryRaw<{ id: string; name: string }[]>`
        SELECT m.id, m.name FROM short_codes s JOIN merchants m ON m.id = s.merchant_id
        WHERE s.code = ${shortCode}
        LIMIT 1`;
      const prices = await db.$queryRaw<{ amount: number; currency: string }[]>`
        SELECT DISTINCT amount, currency FROM short_codes
        WHERE code = ${shortCode}
        ORDER BY currency, amount`;
      const identity = identities[0];
      return {
        identity: identity ? { name: identity.name, contact: identity.contact } : undefined,
        ownerId: owners[0]?.id,
        ownerName: owners[0]?.name,
        prices,
      };
    },
  };
}

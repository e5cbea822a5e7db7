import type { OtpChallenge, OtpRepository } from "@smspay/core";
import type { DbClient } from "../types.ts";

export function otpRepository(db: DbClient): OtpRepository {
  return {
    async get(paymentId) {
      const rows = await db.$queryRaw<OtpChallenge[]>`
        SELECT payment_id AS "paymentId", phone_hash AS "phoneHash", phone_cipher AS "phoneCipher",
          pin_hash AS "pinHash", attempts, sends, last_sent_at AS "lastSentAt", expires_at AS "expiresAt",
          verified_at AS "verifiedAt"
        FROM otp_challenges WHERE payment_id = ${paymentId}`;
      return rows[0];
    },

    async save(c) {
      // One live challenge per payment: a new PIN replaces the previous one whole.
      await db.$executeRaw`
        INSERT INTO otp_challenges (payment_id, phone_hash, phone_cipher, pin_hash, attempts, sends, last_sent_at,
          expires_at, verified_at)
        VALUES (${c.paymentId}, ${c.phoneHash}, ${c.phoneCipher}, ${c.pinHash}, ${c.attempts}, ${c.sends},
          ${c.lastSentAt}, ${c.expiresAt}, ${c.verifiedAt})
        ON CONFLICT (payment_id) DO UPDATE SET
          phone_hash = EXCLUDED.phone_hash, phone_cipher = EXCLUDED.phone_cipher, pin_hash = EXCLUDED.pin_hash,
          attempts = EXCLUDED.attempts, sends = EXCLUDED.sends, last_sent_at = EXCLUDED.last_sent_at,
          expires_at = EXCLUDED.expires_at, verified_at = EXCLUDED.verified_at`;
    },
  };
}

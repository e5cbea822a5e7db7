import type { OtpSendDimension, OtpSendRepository, OtpSendSubject } from "@smspay/core";
import type { DbClient } from "../types.ts";

// The column(s) each dimension counts on; "country" is per merchant and country.
function keyOf(dimension: OtpSendDimension, subject: OtpSendSubject): string | undefined {
  switch (dimension) {
    case "phone":
      return `otp:phone:${subject.phoneHash}`;
    case "ip":
      return subject.ipHash === null ? undefined : `otp:ip:${subject.ipHash}`;
    case "merchant":
      return `otp:merchant:${subject.merchantId}`;
    case "country":
      return `otp:country:${subject.merchantId}:${subject.country}`;
  }
}

export function otpSendRepository(db: DbClient): OtpSendRepository {
  return {
    async lockAndCount({ subject, now, windows }) {
      const dimensions = [...new Set(windows.map((w) => w.dimension))];
      // Transaction-scoped advisory locks, taken in one sorted order so two
      // sends sharing several keys cannot deadlock; released at commit.
      const keys = dimensions
        .map((dimension) => keyOf(dimension, subject))
        .filter((key) => key !== undefined)
        .sort();
      await db.$queryRaw`
        SELECT pg_advisory_xact_lock(hashtextextended(key, 0))::text AS locked
        FROM unnest(${keys}::text[]) AS key`;
      // One statement at a time: a transaction runs on one connection.
      const usage = [];
      for (const window of windows) {
        const since = new Date(now.getTime() - window.windowSeconds * 1000);
        const counted = await countSince(db, window.dimension, subject, since);
        usage.push({ ...window, ...counted });
      }
      return usage;
    },

    async record({ id, subject, at, forgetBefore }) {
      await db.$executeRaw`
        INSERT INTO otp_sends (id, merchant_id, phone_hash, ip_hash, country, sent_at)
        VALUES (${id}, ${subject.merchantId}, ${subject.phoneHash}, ${subject.ipHash}, ${subject.country}, ${at})`;
      await db.$executeRaw`
        DELETE FROM otp_sends WHERE merchant_id = ${subject.merchantId} AND sent_at < ${forgetBefore}`;
    },
  };
}

async function countSince(
  db: DbClient,
  dimension: OtpSendDimension,
  subject: OtpSendSubject,
  since: Date,
): Promise<{ count: number; oldest: Date | null }> {
  type Row = { count: number; oldest: Date | null };
  let rows: Row[];
  switch (dimension) {
    case "phone":
      rows = await db.$queryRaw<Row[]>`
        SELECT count(*)::int AS count, min(sent_at) AS oldest FROM otp_sends
        WHERE phone_hash = ${subject.phoneHash} AND sent_at > ${since}`;
      break;
    case "ip":
      if (subject.ipHash === null) return { count: 0, oldest: null };
      rows = await db.$queryRaw<Row[]>`
        SELECT count(*)::int AS count, min(sent_at) AS oldest FROM otp_sends
        WHERE ip_hash = ${subject.ipHash} AND sent_at > ${since}`;
      break;
    case "merchant":
      rows = await db.$queryRaw<Row[]>`
        SELECT count(*)::int AS count, min(sent_at) AS oldest FROM otp_sends
        WHERE merchant_id = ${subject.merchantId} AND sent_at > ${since}`;
      break;
    case "country":
      rows = await db.$queryRaw<Row[]>`
        SELECT count(*)::int AS count, min(sent_at) AS oldest FROM otp_sends
        WHERE merchant_id = ${subject.merchantId} AND country = ${subject.country} AND sent_at > ${since}`;
      break;
  }
  return rows[0] ?? { count: 0, oldest: null };
}

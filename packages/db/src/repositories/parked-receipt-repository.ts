import type { DeliveryFailure, ParkedReceiptRepository } from "@smspay/core";
import type { DbClient } from "../types.ts";
import { oneOf } from "./sql.ts";

/** A receipt nobody claims within a day (another system's MT, a part of a long one) is dropped. */
const KEEP_MS = 24 * 60 * 60_000;

const FAILURES: readonly DeliveryFailure[] = [
  "insufficient_funds",
  "undeliverable",
  "rejected",
  "expired",
  "unknown",
];

type ParkedRow = {
  transport: string;
  providerMessageId: string;
  outcome: string;
  failure: string | null;
  providerError: string | null;
  messageId: string | null;
  receivedAt: Date;
};

export function parkedReceiptRepository(db: DbClient): ParkedReceiptRepository {
  return {
    async lockProviderId({ transport, providerMessageId }) {
      await db.$executeRaw`
        SELECT pg_advisory_xact_lock(hashtextextended(${`${transport}\n${providerMessageId}`}::text, 0))`;
    },

    async park({ receipt: r, at }) {
      await db.$executeRaw`
        INSERT INTO parked_receipts (transport, provider_message_id, outcome, failure, provider_error, message_id,
          received_at, parked_at)
        VALUES (${r.transport}, ${r.providerMessageId}, ${r.outcome}, ${r.failure ?? null}, ${r.providerError ?? null},
          ${r.messageId ?? null}, ${r.receivedAt}, ${at})
        ON CONFLICT (transport, provider_message_id, outcome) DO NOTHING`;
      await db.$executeRaw`DELETE FROM parked_receipts WHERE parked_at < ${new Date(at.getTime() - KEEP_MS)}`;
    },

    async take({ transport, providerMessageId }) {
      const rows = await db.$queryRaw<ParkedRow[]>`
        DELETE FROM parked_receipts
        WHERE transport = ${transport} AND provider_message_id = ${providerMessageId}
        RETURNING transport, provider_message_id AS "providerMessageId", outcome, failure,
          provider_error AS "providerError", message_id AS "messageId", received_at AS "receivedAt"`;
      return rows
        .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())
        .map((row) => ({
          type: "dlr_received" as const,
          transport: row.transport,
          providerMessageId: row.providerMessageId,
          outcome: oneOf(["delivered", "failed"] as const, row.outcome, "parked_receipts.outcome"),
          ...(row.failure
            ? { failure: oneOf(FAILURES, row.failure, "parked_receipts.failure") }
            : {}),
          ...(row.providerError ? { providerError: row.providerError } : {}),
          ...(row.messageId ? { messageId: row.messageId } : {}),
          receivedAt: row.receivedAt,
        }));
    },
  };
}

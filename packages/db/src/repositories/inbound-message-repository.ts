import type { InboundMessageRepository } from "@smspay/core";
import type { DbClient } from "../types.ts";

export function inboundMessageRepository(db: DbClient): InboundMessageRepository {
  return {
    async record(m) {
      // Providers retry and gateways deliver twice: the unique (transport,
      // provider id) index decides which copy counts, also between concurrent
      // transactions (the second waits for the first, then inserts nothing).
      const inserted = await db.$executeRaw`
        INSERT INTO inbound_messages (id, transport, provider_message_id, kind, from_hash, "to", text, payment_id, received_at)
        VALUES (${m.id}, ${m.transport}, ${m.providerMessageId}, ${m.kind}, ${m.fromHash}, ${m.to}, ${m.text},
          ${m.paymentId}, ${m.at})
        ON CONFLICT (transport, provider_message_id) DO NOTHING`;
      return inserted === 1;
    },

    async attachPayment({ id, paymentId }) {
      await db.$executeRaw`UPDATE inbound_messages SET payment_id = ${paymentId} WHERE id = ${id}`;
    },
  };
}

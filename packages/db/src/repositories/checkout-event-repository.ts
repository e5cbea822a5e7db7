import {
  CHECKOUT_EVENT_TYPES,
  type CheckoutEventRepository,
  type CheckoutEventType,
} from "@smspay/core";
import type { DbClient } from "../types.ts";
import { oneOf } from "./sql.ts";

export function checkoutEventRepository(db: DbClient): CheckoutEventRepository {
  return {
    async record(event) {
      // One row per (payment, step): the first time counts, repeats (a page
      // reloaded, a PIN re-sent) change nothing.
      const inserted = await db.$executeRaw`
        INSERT INTO checkout_events (payment_id, merchant_id, type, at)
        VALUES (${event.paymentId}, ${event.merchantId}, ${event.type}, ${event.at})
        ON CONFLICT (payment_id, type) DO NOTHING`;
      return inserted > 0;
    },

    async types(paymentId) {
      const rows = await db.$queryRaw<{ type: string }[]>`
        SELECT type FROM checkout_events WHERE payment_id = ${paymentId} ORDER BY at, id`;
      return rows.map((row) => oneOf(CHECKOUT_EVENT_TYPES, row.type, "checkout_events.type"));
    },

    async funnel({ merchantId, from, to }) {
      const rows = await db.$queryRaw<{ type: string; payments: number }[]>`
        SELECT type, count(DISTINCT payment_id)::int AS payments
        FROM checkout_events
        WHERE merchant_id = ${merchantId} AND at >= ${from} AND at < ${to}
        GROUP BY type`;
      const counts = Object.fromEntries(CHECKOUT_EVENT_TYPES.map((type) => [type, 0])) as Record<
        CheckoutEventType,
        number
      >;
      for (const row of rows) {
        counts[oneOf(CHECKOUT_EVENT_TYPES, row.type, "checkout_events.type")] = row.payments;
      }
      return counts;
    },
  };
}

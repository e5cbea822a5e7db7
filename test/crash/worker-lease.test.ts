// Many workers, one database: two `smspay worker` processes share 10,000
// webhook deliveries. The lease on each claimed effect (FOR UPDATE SKIP
// LOCKED) must hand every delivery to exactly one of them: the receiver
// counts by event id, and must see each event once.

import { randomBytes } from "node:crypto";
import {
  type Payment,
  PhoneVault,
  paymentResource,
  verifySmspaySignature,
  WEBHOOK_EVENT_TYPES,
} from "@smspay/core";
import { migrate, openDatabase } from "@smspay/db";
import {
  createPostgresDatabase,
  fixturesAt,
  startWebhookReceiver,
  testPostgresServerUrl,
} from "@smspay/testkit";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { type SmspayProcess, startSmspayProcess, systemEnv } from "./smspay-process.ts";

const serverUrl = testPostgresServerUrl();
const DELIVERIES = 10_000;

describe.runIf(serverUrl)("two worker processes on one database", () => {
  it(`deliver ${DELIVERIES} webhooks with no duplicate and no loss`, async () => {
    const scratch = await createPostgresDatabase(serverUrl);
    const receiver = await startWebhookReceiver();
    const workers: SmspayProcess[] = [];
    try {
      const setup = await openDatabase({ url: scratch.url, poolSize: 1 });
      await migrate(setup);
      await setup.close();
      const env = systemEnv(scratch.url);
      const vault = new PhoneVault({
        hashKey: Buffer.from(env.SMSPAY_HASH_KEY ?? "", "base64"),
        dataKey: Buffer.from(env.SMSPAY_DATA_KEY ?? "", "base64"),
      });
      workers.push(
        ...(await Promise.all([
          startSmspayProcess("worker", env),
          startSmspayProcess("worker", env),
        ])),
      );

      // Both workers are polling: queue the deliveries at once, as a burst of payments would.
      const secret = `whsec_${randomBytes(32).toString("base64url")}`;
      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      try {
        await queueDeliveries(client, vault.seal(secret), receiver.url("/hooks"));
      } finally {
        await client.end();
      }

      const deadline = Date.now() + 50_000;
      while (receiver.deliveriesByEvent("/hooks").size < DELIVERIES && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const stopped = await Promise.all(workers.map((w) => w.kill("SIGTERM")));
      expect(stopped).toEqual([0, 0]);

      const counts = receiver.deliveriesByEvent("/hooks");
      expect(counts.size).toBe(DELIVERIES);
      expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
      expect(receiver.received("/hooks")).toHaveLength(DELIVERIES);
      const now = new Date();
      const unsigned = receiver
        .received("/hooks")
        .filter(
          (r) =>
            !verifySmspaySignature(secret, String(r.headers["smspay-signature"]), r.rawBody, now),
        );
      expect(unsigned).toHaveLength(0);

      // Each worker did part of the work, and no effect ran twice (a re-run would count).
      const runs = workers.map((w) =>
        Number(w.logs().find((l) => l.msg === "worker stopped")?.effectsRun ?? -1),
      );
      expect(runs.every((n) => n > 0)).toBe(true);
      expect((runs[0] ?? 0) + (runs[1] ?? 0)).toBe(DELIVERIES);
    } finally {
      for (const w of workers) await w.kill("SIGKILL");
      await receiver.close();
      await scratch.drop();
    }
  }, 90_000);
});

/** 10,000 stored events, each with its delivery queued to one endpoint. */
async function queueDeliveries(client: pg.Client, secretCipher: string, url: string) {
  const merchantId = "mer_load";
  const endpointId = "we_load";
  await client.query(
    `INSERT INTO merchants (id, name, limits) VALUES ($1, 'Load test shop', '{}'::jsonb)`,
    [merchantId],
  );
  await client.query(
    `INSERT INTO webhook_endpoints (id, merchant_id, url, events, secret_cipher, created_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, now())`,
    [endpointId, merchantId, url, JSON.stringify(WEBHOOK_EVENT_TYPES), secretCipher],
  );
  const ids = Array.from({ length: DELIVERIES }, (_, i) => String(i).padStart(5, "0"));
  const data = ids.map((i) => JSON.stringify({ payment: paymentResource(loadPayment(i), "") }));
  await client.query(
    `INSERT INTO webhook_events (id, merchant_id, payment_id, type, data, created_at)
     SELECT 'evt_load_' || i, $1, 'pay_load_' || i, 'payment.succeeded', d::json, now()
     FROM unnest($2::text[], $3::text[]) AS t(i, d)`,
    [merchantId, ids, data],
  );
  await client.query(
    `INSERT INTO effects (id, kind, payload, payment_id, next_attempt_at)
     SELECT 'eff_load_' || i, 'deliver_webhook',
       jsonb_build_object('eventId', 'evt_load_' || i, 'endpointId', $1::text), NULL, now()
     FROM unnest($2::text[]) AS t(i)`,
    [endpointId, ids],
  );
}

function loadPayment(i: string): Payment {
  const at = new Date("2026-11-27T10:00:00.000Z");
  return fixturesAt(at).payment("mer_load", {
    id: `pay_load_${i}`,
    status: "succeeded",
    flow: "otp",
    amount: 999,
    orderRef: `load-${i}`,
    returnUrl: "https://shop.example/thanks",
    test: true,
    expiresAt: at,
    succeededAt: at,
  });
}

// `pnpm stress [--seconds S] [--smoke]`: smspay under abuse. Customers pay
// while the operator delivers every MO three times, shops send every create
// request three times at once, PostgreSQL restarts mid-load and a server
// process is SIGKILLed and restarted. Ends with a consistency check of every
// payment and effect, printed as JSON; exit code 1 if anything is wrong.
//
// Needs the local PostgreSQL cluster (it is restarted with pg_ctlcluster).

import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { createPostgresDatabase } from "@smspay/testkit";
import pg from "pg";
import { runCli, startFleet } from "./lib/fleet.ts";
import { startReceiver } from "./lib/receiver.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "20" },
    smoke: { type: "boolean", default: false },
  },
});
const seconds = values.smoke ? 8 : Number(values.seconds);
const customers = values.smoke ? 4 : 24;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** 5xx answers seen, by status: during an outage smspay must answer 503 (retry), never 500. */
const serverErrors = new Map<number, number>();

/** Like an operator or a shop: try again while the answer is a 5xx or no answer. */
async function persist(
  request: () => Promise<Response>,
  tries = 40,
): Promise<Response | undefined> {
  for (let i = 0; i < tries; i++) {
    try {
      const res = await request();
      if (res.status < 500) return res;
      serverErrors.set(res.status, (serverErrors.get(res.status) ?? 0) + 1);
      await res.arrayBuffer();
    } catch {
      // connection refused or reset: the process is restarting
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}

function restartPostgres(): void {
  const version = readdirSync("/etc/postgresql")[0] ?? "15";
  execFileSync(
    "pg_ctlcluster",
    ["--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"],
    { stdio: "inherit" },
  );
}

async function main(): Promise<void> {
  const scratch = await createPostgresDatabase();
  const sql = new pg.Pool({ connectionString: scratch.url, max: 2, options: "-c TimeZone=UTC" });
  sql.on("error", () => {});
  // A receipt lost with a killed process is recovered by the reconciler asking
  // the operator; the run asks it once it has drained, so "stuck" means seconds here.
  const fleet = await startFleet({
    databaseUrl: scratch.url,
    processes: 2,
    extraEnv: { SMSPAY_RECONCILE_STUCK_SECONDS: "3" },
  });
  const receiver = await startReceiver();
  const findings: Record<string, unknown> = {};
  let failFast503 = 0;
  try {
    const { apiKey } = JSON.parse(
      await runCli(["merchant", "create", "--name", "Stress Shop"], fleet.env),
    ) as { apiKey: string };
    const auth = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
    const hook = await fetch(`${fleet.urls[0]}/v1/webhook-endpoints`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ url: receiver.url }),
    });
    if (hook.status !== 201)
      throw new Error(`webhook endpoint: ${hook.status} ${await hook.text()}`);

    const paid = new Map<string, string>(); // payment id -> the phone that paid
    let seq = 0;
    const until = Date.now() + seconds * 1000;
    const customer = async (n: number) => {
      while (Date.now() < until) {
        const url = fleet.urls[seq % fleet.urls.length] as string;
        const key = `stress-${n}-${seq++}`;
        const body = JSON.stringify({
          amount: 450,
          currency: "EUR",
          orderRef: key,
          returnUrl: "https://shop.example/r",
        });
        // The shop sends the same create three times at once.
        const creates = await Promise.all(
          [0, 1, 2].map(() =>
            persist(() =>
              fetch(`${url}/v1/payments`, {
                method: "POST",
                headers: { ...auth, "idempotency-key": key },
                body,
              }),
            ),
          ),
        );
        const ids = new Set<string>();
        let payment: { id: string; shortCode: string; smsText: string } | undefined;
        for (const res of creates) {
          if (res?.status !== 201) continue;
          payment = (await res.json()) as typeof payment;
          if (payment) ids.add(payment.id);
        }
        if (!payment) continue;
        if (ids.size > 1)
          findings.idempotency_broken = ((findings.idempotency_broken as number) ?? 0) + 1;
        const phone = `+3361${String(seq % 10_000_000).padStart(7, "0")}`;
        const mo = JSON.stringify({
          from: phone,
          to: payment.shortCode,
          text: payment.smsText,
          messageId: `mo-${key}`,
        });
        // The operator delivers the same MO three times.
        const delivered = await Promise.all(
          [0, 1, 2].map(() =>
            persist(() =>
              fetch(`${fleet.urls[(seq + 1) % fleet.urls.length]}/sandbox/sms`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: mo,
              }),
            ),
          ),
        );
        if (delivered.some((r) => r?.status === 202)) paid.set(payment.id, phone);
      }
    };

    const chaos = async () => {
      await new Promise((r) => setTimeout(r, (seconds * 1000) / 4));
      log("chaos: restarting PostgreSQL");
      restartPostgres();
      // While it was down, API calls must have failed fast with 503 (not hung, not 500).
      const probe = await fetch(`${fleet.urls[1]}/ready`).catch(() => undefined);
      if (probe?.status === 503 || probe?.status === 200) failFast503 += 1;
      await new Promise((r) => setTimeout(r, (seconds * 1000) / 4));
      log("chaos: SIGKILL server process 0 and restart it");
      await fleet.crashAndRestart(0);
    };
    await Promise.all([...Array.from({ length: customers }, (_, n) => customer(n)), chaos()]);

    log("draining the outbox");
    const deadline = Date.now() + 90_000;
    for (;;) {
      const { rows } = await sql.query<{ n: string }>(
        "SELECT count(*) AS n FROM effects WHERE status = 'pending'",
      );
      if (rows[0]?.n === "0" || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }

    await new Promise((r) => setTimeout(r, 3_500));
    findings.reconciled = JSON.parse(await runCli(["reconcile"], fleet.env));
    for (const until = Date.now() + 30_000; Date.now() < until; ) {
      const { rows } = await sql.query<{ n: string }>(
        "SELECT count(*) AS n FROM effects WHERE status = 'pending'",
      );
      if (rows[0]?.n === "0") break;
      await new Promise((r) => setTimeout(r, 200));
    }

    const count = async (query: string, params: unknown[] = []) =>
      Number((await sql.query<{ n: string }>(query, params)).rows[0]?.n ?? 0);
    const ids = [...paid.keys()];
    findings.payments_paid_by_customers = ids.length;
    findings.not_succeeded = await count(
      "SELECT count(*) AS n FROM payments WHERE id = ANY($1) AND status <> 'succeeded'",
      [ids],
    );
    findings.duplicates_charged = await count(`
      SELECT count(*) AS n FROM (SELECT o.payment_id FROM sandbox_messages s JOIN outbound_messages o ON o.id = s.id
      WHERE s.billed_amount IS NOT NULL GROUP BY o.payment_id HAVING count(*) > 1) d`);
    findings.duplicate_payments_per_order = await count(
      "SELECT count(*) AS n FROM (SELECT order_ref FROM payments GROUP BY order_ref HAVING count(*) > 1) d",
    );
    findings.effects_pending = await count(
      "SELECT count(*) AS n FROM effects WHERE status = 'pending'",
    );
    findings.effects_dead = await count("SELECT count(*) AS n FROM effects WHERE status = 'dead'");
    findings.stuck_processing = await count(
      "SELECT count(*) AS n FROM payments WHERE status = 'processing'",
    );
    findings.timeline_gaps = await count(`
      SELECT count(*) AS n FROM payments p WHERE p.status = 'succeeded' AND NOT EXISTS (
        SELECT 1 FROM payment_events e WHERE e.payment_id = p.id AND e.type = 'succeeded')`);
    const succeeded = (
      await sql.query<{ id: string }>("SELECT id FROM payments WHERE status = 'succeeded'")
    ).rows;
    let unnotified = 0;
    for (const { id } of succeeded) {
      const heard = await Promise.race([
        receiver.succeeded(id).then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 0)),
      ]);
      if (!heard) unnotified += 1;
    }
    findings.notifications_lost = unnotified;
    // At-least-once delivery: a crash between sending and recording may redeliver; receivers dedupe on event id.
    findings.notifications_redelivered = [...receiver.deliveries.values()].filter(
      (n) => n > 1,
    ).length;
    findings.ready_answered_during_chaos = failFast503;
    findings.answers_503 = serverErrors.get(503) ?? 0;
    findings.other_5xx = [...serverErrors]
      .filter(([status]) => status !== 503)
      .reduce((sum, [, n]) => sum + n, 0);
  } finally {
    await receiver.close();
    await fleet.stop();
    await sql.end();
    await scratch.drop().catch(() => {});
  }
  process.stdout.write(`${JSON.stringify(findings)}\n`);
  const broken = [
    "other_5xx",
    "idempotency_broken",
    "not_succeeded",
    "duplicates_charged",
    "duplicate_payments_per_order",
    "effects_pending",
    "effects_dead",
    "stuck_processing",
    "timeline_gaps",
    "notifications_lost",
  ].filter((key) => Number(findings[key] ?? 0) !== 0);
  log(broken.length === 0 ? "stress: consistent" : `stress: INCONSISTENT: ${broken.join(", ")}`);
  if (broken.length > 0) process.exitCode = 1;
}

await main();

// `pnpm bench [--processes N] [--seconds S] [--smoke]`: how fast smspay is on
// this machine, against PostgreSQL with the sandbox operator. Prints one JSON
// object on stdout and a table on stderr. Bounded: a few minutes at most.
//
// DATABASE_URL: a PostgreSQL database the run may fill (default: a scratch
// database created on the local server and dropped afterwards).

import os from "node:os";
import { parseArgs } from "node:util";
import { createPostgresDatabase } from "@smspay/testkit";
import pg from "pg";
import { type Fleet, runCli, startFleet } from "./lib/fleet.ts";
import { load } from "./lib/load.ts";
import { type Receiver, startReceiver } from "./lib/receiver.ts";
import { percentile, round } from "./lib/stats.ts";

const { values } = parseArgs({
  options: {
    processes: { type: "string", default: "1" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "64" },
    smoke: { type: "boolean", default: false },
  },
});
const processes = Number(values.processes);
const smoke = values.smoke;
const seconds = smoke ? 1 : Number(values.seconds);
const connections = smoke ? 4 : Number(values.connections);

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const given = process.env.DATABASE_URL || undefined;
  const scratch = given ? undefined : await createPostgresDatabase();
  const databaseUrl = given ?? (scratch?.url as string);
  const sql = new pg.Pool({
    connectionString: databaseUrl,
    max: connections,
    options: "-c TimeZone=UTC",
  });
  // An idle connection ended by the server (the scratch database is dropped with
  // FORCE at the end) must not crash the run after its figures are out.
  sql.on("error", (error) => log(`bench: database connection lost: ${error.message}`));
  let fleet: Fleet | undefined;
  let receiver: Receiver | undefined;
  try {
    log(
      `bench: ${processes} process(es), ${seconds} s per phase, ${connections} connections${smoke ? " (smoke)" : ""}`,
    );
    fleet = await startFleet({ databaseUrl, processes });
    receiver = await startReceiver();
    const { apiKey } = JSON.parse(
      await runCli(["merchant", "create", "--name", "Bench Shop"], fleet.env),
    ) as { apiKey: string };
    const auth = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
    const endpoint = await fetch(`${fleet.urls[0]}/v1/webhook-endpoints`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ url: receiver.url, events: ["payment.succeeded"] }),
    });
    if (endpoint.status !== 201)
      throw new Error(
        `could not register the webhook receiver: ${endpoint.status} ${await endpoint.text()}`,
      );

    log("phase pg_insert_baseline");
    const baseline = await pgInsertBaseline(sql);

    log("phase create");
    const order = JSON.stringify({
      amount: 450,
      currency: "EUR",
      orderRef: "bench",
      returnUrl: "https://shop.example/r",
    });
    const create = await load({
      urls: fleet.urls,
      path: "/v1/payments",
      method: "POST",
      headers: auth,
      body: order,
      connections,
      seconds,
    });

    log("phase checkout_page");
    const sample = (await (
      await fetch(`${fleet.urls[0]}/v1/payments`, { method: "POST", headers: auth, body: order })
    ).json()) as { id: string };
    const page = await fetch(`${fleet.urls[0]}/pay/${sample.id}`);
    const bytes = Buffer.byteLength(await page.text());
    const checkout = await load({
      urls: fleet.urls,
      path: `/pay/${sample.id}`,
      connections,
      seconds,
    });

    log("phase mo_ingest");
    const pendingRows = await sql.query<{ short_code: string; reference: string }>(
      "SELECT short_code, reference FROM payments WHERE status = 'pending' AND short_code IS NOT NULL LIMIT $1",
      [smoke ? 200 : 50_000],
    );
    let next = 0;
    const mo = () => {
      const row = pendingRows.rows[next % pendingRows.rows.length];
      next += 1;
      return JSON.stringify({
        from: phone(next),
        to: row?.short_code,
        text: `PAY ${row?.reference}`,
      });
    };
    const moIngest = await load({
      urls: fleet.urls,
      path: "/sandbox/sms",
      method: "POST",
      headers: { "content-type": "application/json" },
      body: mo,
      connections,
      amount: pendingRows.rows.length,
    });
    await drain(sql);

    log("phase flow (closed loop, maximum rate)");
    const flowMax = await flowClosedLoop(fleet, auth, receiver, connections, seconds);
    log("phase flow (open loop at 50% of the maximum rate)");
    const flowHalf = await flowOpenLoop(fleet, auth, receiver, flowMax.rps / 2, seconds);
    await drain(sql);

    const correctness = await checkCorrectness(sql, receiver, flowMax.lost + flowHalf.lost);
    const version =
      (await sql.query<{ server_version: string }>("SHOW server_version")).rows[0]
        ?.server_version ?? "";
    const report = {
      processes,
      create: {
        rps: round(create.rps),
        p50_ms: create.p50,
        p99_ms: create.p99,
        errors: create.errors + create.non2xx,
      },
      flow: {
        rps: round(flowMax.rps),
        mo_to_succeeded_p50_ms: round(percentile(flowHalf.latencies, 50)),
        mo_to_succeeded_p99_ms: round(percentile(flowHalf.latencies, 99)),
        at_rps: round(flowHalf.rps),
      },
      mo_ingest: { rps: round(moIngest.rps), errors: moIngest.errors + moIngest.non2xx },
      checkout_page: { ttfb_p50_ms: checkout.p50, ttfb_p99_ms: checkout.p99, bytes },
      pg_insert_baseline: {
        rps: round(baseline),
        create_ratio: round(create.rps / baseline, 3),
        flow_ratio: round(flowMax.rps / baseline, 3),
        mo_ingest_ratio: round(moIngest.rps / baseline, 3),
      },
      correctness,
      machine: { cpus: os.cpus().length, node: process.version, postgres: version },
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
    printTable(report);
    if (
      Object.entries(correctness).some(
        ([key, value]) => !["created", "succeeded"].includes(key) && value !== 0,
      )
    ) {
      process.exitCode = 1;
    }
  } finally {
    await receiver?.close();
    await fleet?.stop();
    await sql.end();
    await scratch?.drop();
  }
}

/** The machine's raw single-row insert rate through `pg`, with the same concurrency. */
async function pgInsertBaseline(sql: pg.Pool): Promise<number> {
  await sql.query(
    "CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, payload text NOT NULL, at timestamptz NOT NULL DEFAULT now())",
  );
  const until = performance.now() + seconds * 1000;
  let count = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        await sql.query("INSERT INTO bench_baseline (payload) VALUES ($1)", [
          "pay_bench_baseline_row",
        ]);
        count += 1;
      }
    }),
  );
  await sql.query("DROP TABLE bench_baseline");
  return count / ((performance.now() - started) / 1000);
}

type FlowResult = { rps: number; latencies: number[]; lost: number };

/** One complete payment: create, send the SMS, wait for the shop's payment.succeeded webhook. */
async function onePayment(
  url: string,
  auth: Record<string, string>,
  receiver: Receiver,
  seq: number,
): Promise<number | "lost"> {
  const created = await fetch(`${url}/v1/payments`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({
      amount: 200,
      currency: "EUR",
      orderRef: `flow-${seq}`,
      returnUrl: "https://shop.example/r",
    }),
  });
  const payment = (await created.json()) as { id: string; shortCode: string; smsText: string };
  const sentAt = Date.now();
  const mo = await fetch(`${url}/sandbox/sms`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      from: phone(1_000_000 + seq),
      to: payment.shortCode,
      text: payment.smsText,
    }),
  });
  if (mo.status !== 202) return "lost";
  const timeout = new Promise<"lost">((resolve) =>
    setTimeout(() => resolve("lost"), 30_000).unref(),
  );
  const succeededAt = await Promise.race([receiver.succeeded(payment.id), timeout]);
  return succeededAt === "lost" ? "lost" : Math.max(0, succeededAt - sentAt);
}

let flowSeq = 0;

async function flowClosedLoop(
  fleet: Fleet,
  auth: Record<string, string>,
  receiver: Receiver,
  customers: number,
  forSeconds: number,
): Promise<FlowResult> {
  const until = performance.now() + forSeconds * 1000;
  const started = performance.now();
  let done = 0;
  let lost = 0;
  await Promise.all(
    Array.from({ length: customers }, async (_, i) => {
      const url = fleet.urls[i % fleet.urls.length] as string;
      while (performance.now() < until) {
        const result = await onePayment(url, auth, receiver, flowSeq++);
        if (result === "lost") lost += 1;
        else done += 1;
      }
    }),
  );
  return { rps: done / ((performance.now() - started) / 1000), latencies: [], lost };
}

async function flowOpenLoop(
  fleet: Fleet,
  auth: Record<string, string>,
  receiver: Receiver,
  rate: number,
  forSeconds: number,
): Promise<FlowResult> {
  const count = Math.max(1, Math.round(rate * forSeconds));
  const gapMs = 1000 / Math.max(rate, 0.1);
  const started = performance.now();
  const flows: Promise<number | "lost">[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + i * gapMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    flows.push(onePayment(fleet.urls[i % fleet.urls.length] as string, auth, receiver, flowSeq++));
  }
  const results = await Promise.all(flows);
  const latencies = results.filter((r): r is number => r !== "lost").sort((a, b) => a - b);
  return { rps: count / forSeconds, latencies, lost: results.length - latencies.length };
}

/** Waits until the outbox is empty (every MT sent, every webhook delivered) or 60 s pass. */
async function drain(sql: pg.Pool): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const { rows } = await sql.query<{ n: string }>(
      "SELECT count(*) AS n FROM effects WHERE status = 'pending'",
    );
    if (rows[0]?.n === "0") return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function checkCorrectness(sql: pg.Pool, receiver: Receiver, lostFlows: number) {
  const one = async (query: string) =>
    Number((await sql.query<{ n: string }>(query)).rows[0]?.n ?? 0);
  const created = await one("SELECT count(*) AS n FROM payments");
  const succeeded = await one("SELECT count(*) AS n FROM payments WHERE status = 'succeeded'");
  // The operator's own ledger: more than one billed message for a payment is a double charge.
  const duplicatesCharged = await one(`
    SELECT count(*) AS n FROM (
      SELECT o.payment_id FROM sandbox_messages s JOIN outbound_messages o ON o.id = s.id
      WHERE s.billed_amount IS NOT NULL GROUP BY o.payment_id HAVING count(*) > 1) d`);
  // Payments that succeeded but whose shop never heard of it.
  const notified = new Set<string>();
  const succeededIds = (
    await sql.query<{ id: string }>("SELECT id FROM payments WHERE status = 'succeeded'")
  ).rows;
  for (const { id } of succeededIds) {
    const at = await Promise.race([
      receiver.succeeded(id).then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 0)),
    ]);
    if (at) notified.add(id);
  }
  const unnotified = succeededIds.length - notified.size;
  return {
    created,
    succeeded,
    duplicates_charged: duplicatesCharged,
    notifications_duplicated: [...receiver.deliveries.values()].filter((n) => n > 1).length,
    lost: lostFlows + unnotified,
  };
}

function phone(seq: number): string {
  // +33 6 1x xx xx xx: valid French mobile numbers, one per simulated customer.
  return `+3361${String(seq % 10_000_000).padStart(7, "0")}`;
}

function printTable(report: Record<string, unknown>): void {
  const rows: [string, string][] = [];
  for (const [section, value] of Object.entries(report)) {
    if (typeof value !== "object" || value === null) {
      rows.push([section, String(value)]);
      continue;
    }
    for (const [key, inner] of Object.entries(value))
      rows.push([`${section}.${key}`, String(inner)]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  log("");
  for (const [key, value] of rows) log(`${key.padEnd(width)}  ${value}`);
}

await main();

// `node test/bench/mo-ingest.ts [--count N] [--concurrency C] [--smoke]`:
// MO ingestion throughput, from a customer's MO reaching smspay to its
// payment moving pending -> processing (recorded, de-duplicated, limits
// checked, billed MT queued, one transaction), through the two ways MOs
// arrive:
//   - HTTP webhook: Kannel's get-url calls on /webhooks/sms/kannel
//     (authenticated, classified, handled) over keep-alive connections;
//   - SMPP: deliver_sm from testkit's SMSC simulator over one transceiver
//     bind, each answered (deliver_sm_resp) once handled.
// On PGlite and on PostgreSQL (SMSPAY_TEST_PG_URL=off leaves it out). The
// worker is off: the billed MTs stay queued, so only ingestion is measured.
// Prints a table on stderr and one JSON object on stdout.

import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import type { Merchant } from "@smspay/core";
import { type RunningSmspay, startSmspay } from "@smspay/server/testing";
import { parseTransportSettings } from "@smspay/sms";
import { SmscSimulator, type TestDatabaseFactory, testDatabases } from "@smspay/testkit";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "32" },
    smoke: { type: "boolean", default: false },
  },
});
const count = values.smoke ? 20 : Number(values.count);
const concurrency = values.smoke ? 4 : Number(values.concurrency);
const log = (line: string) => process.stderr.write(`${line}\n`);

type Mo = { from: string; to: string; text: string };
type PathResult = {
  mos: number;
  seconds: number;
  moPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number };
  /** Payments that reached processing: must equal `mos`. */
  processed: number;
};

async function main(): Promise<void> {
  const report: Record<string, Record<string, PathResult>> = {};
  for (const factory of testDatabases()) {
    report[factory.kind] = await benchDatabase(factory);
  }
  process.stdout.write(`${JSON.stringify({ count, concurrency, report })}\n`);
}

async function benchDatabase(factory: TestDatabaseFactory): Promise<Record<string, PathResult>> {
  const secret = randomBytes(24).toString("base64url");
  const password = randomBytes(4).toString("hex");
  const smsc = await SmscSimulator.start({ systemId: "bench", password });
  const settings = parseTransportSettings(
    JSON.stringify({
      transports: [
        {
          name: "kannel",
          type: "kannel",
          // Never called: the worker is off, the billed MTs stay queued.
          sendsmsUrl: "http://127.0.0.1:9/cgi-bin/sendsms",
          username: "bench",
          password: "unused",
          secret,
        },
        {
          name: "smpp",
          type: "smpp",
          host: "127.0.0.1",
          port: smsc.port,
          systemId: "bench",
          password,
        },
      ],
    }),
    {},
  );
  const smspay = await startSmspay({
    db: (await factory.open()).db,
    config: { transports: settings, worker: false },
  });
  try {
    await until(async () => smsc.binds === 1);
    const { merchantId } = await smspay.merchant("Bench Shop");
    const merchant = (await smspay.smspay.deps.store.merchants.get(merchantId)) as Merchant;
    const results: Record<string, PathResult> = {};

    const httpMos = await newMos(smspay, merchant, "1");
    results.http = await measure(smspay, merchantId, httpMos, async (mo, i) => {
      const query = new URLSearchParams({
        key: secret,
        id: `bench-${i}-${randomBytes(4).toString("hex")}`,
        from: mo.from,
        to: mo.to,
        text: mo.text,
        ts: String(Math.floor(Date.now() / 1000)),
      });
      const res = await fetch(`${smspay.baseUrl}/webhooks/sms/kannel?${query}`);
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      await res.arrayBuffer();
    });
    log(line(factory.kind, "HTTP webhook (Kannel get-url)", results.http));

    const smppMos = await newMos(smspay, merchant, "2");
    results.smpp = await measure(smspay, merchantId, smppMos, async (mo) => {
      const status = await smsc.sendMo(mo);
      if (status !== 0) throw new Error(`deliver_sm answered 0x${status.toString(16)}`);
    });
    log(line(factory.kind, "SMPP deliver_sm", results.smpp));
    return results;
  } finally {
    await smspay.close();
    await smsc.close();
  }
}

/** One pending payment per MO (set up before the clock starts), each paid from its own phone. */
async function newMos(smspay: RunningSmspay, merchant: Merchant, series: string): Promise<Mo[]> {
  const mos: Mo[] = [];
  for (let i = 0; i < count; i++) {
    const { payment } = await smspay.smspay.payments.create(merchant, {
      amount: 450,
      currency: "EUR",
      orderRef: `bench-${series}-${i}`,
      returnUrl: "https://shop.example/thanks",
    });
    mos.push({
      from: `+33${6 + Number(series)}${String(10_000_000 + i).padStart(8, "0")}`,
      to: payment.shortCode ?? "",
      text: `${payment.keyword} ${payment.reference}`,
    });
  }
  return mos;
}

async function measure(
  smspay: RunningSmspay,
  merchantId: string,
  mos: Mo[],
  deliver: (mo: Mo, index: number) => Promise<void>,
): Promise<PathResult> {
  const before = await processing(smspay, merchantId);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < mos.length; i = next++) {
        const at = performance.now();
        await deliver(mos[i] as Mo, i);
        latencies.push(performance.now() - at);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pick = (p: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
  return {
    mos: mos.length,
    seconds: round(seconds),
    moPerSecond: round(mos.length / seconds),
    latencyMs: { p50: pick(0.5), p95: pick(0.95), p99: pick(0.99) },
    processed: (await processing(smspay, merchantId)) - before,
  };
}

async function processing(smspay: RunningSmspay, merchantId: string): Promise<number> {
  const rows = await smspay.smspay.db.prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM payments WHERE merchant_id = ${merchantId} AND status = 'processing'`;
  return rows[0]?.n ?? 0;
}

function line(kind: string, path: string, r: PathResult): string {
  return `${kind.padEnd(8)} ${path.padEnd(30)} ${String(r.moPerSecond).padStart(8)} MO/s  (${r.mos} MOs in ${r.seconds} s; latency p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, p99 ${r.latencyMs.p99} ms; ${r.processed} payments moved)`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the SMPP transport did not bind");
}

await main();

// Benchmark of the hosted checkout page, run with `node test/bench/checkout-page.ts`:
// - its weight in bytes (HTML + inline CSS + script + QR code: everything the
//   page needs), for each flow; the budget is 30 KB;
// - its time to first byte, p50/p99, under load (autocannon hammering the page
//   while a probe times the first byte of its own requests);
// - a whole SMS payment in the sandbox, from the shop's API call to the page
//   seeing "succeeded" (the seed material's benchmark is 15 s).
//
// Options: --db=pglite|postgres (default pglite, the embedded mode),
// --seconds=N (load duration, default 10), --connections=N (default 32),
// --payments=N (whole payments timed, default 20). Exits 1 when a budget is missed.

import { request } from "node:http";
import { parseArgs } from "node:util";
import { type RunningSmspay, startSmspay } from "@smspay/server/testing";
import { pgliteTestDatabase, postgresTestDatabase } from "@smspay/testkit";
import autocannon from "autocannon";
import { percentile, round } from "./lib/stats.ts";

const PAGE_BUDGET_BYTES = 30 * 1024;
const SEED_PAYMENT_SECONDS = 15;

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "pglite" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "32" },
    payments: { type: "string", default: "20" },
  },
});

type Json = Record<string, unknown>;

async function main(): Promise<number> {
  const factory = values.db === "postgres" ? postgresTestDatabase() : pgliteTestDatabase();
  const database = await factory.open();
  const smspay = await startSmspay({ db: database.db });
  try {
    const { apiKey } = await smspay.merchant("Bench Boulangerie");
    const create = (amount: number) => createPayment(smspay, apiKey, amount);

    const weights = {
      shortcode: await pageBytes(smspay, (await create(450)).id as string),
      pin: await pageBytes(smspay, (await create(750)).id as string),
    };
    const target = (await create(450)).id as string;
    const ttfb = await ttfbUnderLoad(smspay.baseUrl, `/pay/${target}`);
    const payment = await wholePayments(smspay, create, Number(values.payments));

    const report = {
      db: values.db,
      pageBytes: weights,
      pageBudgetBytes: PAGE_BUDGET_BYTES,
      ttfbMs: ttfb,
      wholePaymentMs: payment,
      seedPaymentMs: SEED_PAYMENT_SECONDS * 1000,
    };
    console.log(
      [
        `checkout page weight: short code ${weights.shortcode} B, PIN ${weights.pin} B (budget ${PAGE_BUDGET_BYTES} B)`,
        `time to first byte under load (${ttfb.connections} connections, ${ttfb.requests} requests, ${ttfb.rps} req/s): p50 ${ttfb.p50} ms, p99 ${ttfb.p99} ms (probe of ${ttfb.samples})`,
        `whole SMS payment (API create -> SMS -> page sees succeeded), ${payment.count} payments: p50 ${payment.p50} ms, p99 ${payment.p99} ms (seed: ${SEED_PAYMENT_SECONDS} s)`,
      ].join("\n"),
    );
    console.log(JSON.stringify(report));
    const withinBudget =
      Math.max(weights.shortcode, weights.pin) < PAGE_BUDGET_BYTES &&
      payment.p99 < SEED_PAYMENT_SECONDS * 1000 &&
      ttfb.errors === 0;
    return withinBudget ? 0 : 1;
  } finally {
    await smspay.close();
  }
}

async function createPayment(smspay: RunningSmspay, apiKey: string, amount: number): Promise<Json> {
  const res = await fetch(`${smspay.baseUrl}/v1/payments`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({
      amount,
      currency: "EUR",
      orderRef: `bench-${Math.random().toString(36).slice(2)}`,
      description: "Pain au levain",
      returnUrl: "https://shop.example/thanks",
    }),
  });
  if (res.status !== 201) throw new Error(`payment not created: ${await res.text()}`);
  return (await res.json()) as Json;
}

async function pageBytes(smspay: RunningSmspay, id: string): Promise<number> {
  const res = await fetch(`${smspay.baseUrl}/pay/${id}`);
  return Buffer.byteLength(await res.text());
}

/** Milliseconds until the response's first byte (its status line and headers). */
function firstByte(baseUrl: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(`${baseUrl}${path}`, (res) => {
      const ms = performance.now() - started;
      res.resume();
      res.on("end", () => resolve(ms));
    });
    req.on("error", reject);
    req.end();
  });
}

async function ttfbUnderLoad(baseUrl: string, path: string) {
  const connections = Number(values.connections);
  let loading = true;
  const samples: number[] = [];
  // The probe asks one page at a time while autocannon keeps the server busy.
  const probe = (async () => {
    while (loading) samples.push(await firstByte(baseUrl, path));
  })();
  const result = await autocannon({
    url: `${baseUrl}${path}`,
    connections,
    duration: Number(values.seconds),
  });
  loading = false;
  await probe;
  samples.sort((a, b) => a - b);
  return {
    connections,
    requests: result.requests.total,
    rps: round(result.requests.average, 0),
    errors: result.errors + result.timeouts + result.non2xx,
    // autocannon's latency: request sent to response received (one ~9 KB write, so ~TTFB).
    loadP50: result.latency.p50,
    loadP99: result.latency.p99,
    samples: samples.length,
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
  };
}

async function wholePayments(
  smspay: RunningSmspay,
  create: (amount: number) => Promise<Json>,
  count: number,
) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const payment = await create(450);
    const phone = `+3361${String(10_000 + i).padStart(7, "0")}`;
    const sent = await fetch(`${smspay.baseUrl}/sandbox/sms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: phone, to: payment.shortCode, text: payment.smsText }),
    });
    if (sent.status !== 202) throw new Error(`SMS refused: ${await sent.text()}`);
    for (;;) {
      const status = (await (
        await fetch(`${smspay.baseUrl}/pay/${payment.id}/status`)
      ).json()) as Json;
      if (status.status === "succeeded") break;
      if (status.status !== "pending" && status.status !== "processing")
        throw new Error(`payment ${payment.id} ended ${String(status.status)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { count, p50: round(percentile(times, 50)), p99: round(percentile(times, 99)) };
}

process.exitCode = await main();

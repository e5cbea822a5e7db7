// The benchmark in smoke mode (tiny counts, no speed thresholds): every
// correctness counter it prints must be zero.

import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);

it("runs the benchmark end to end with zero duplicates and zero losses", async () => {
  const script = path.join(import.meta.dirname, "bench.ts");
  const { stdout } = await run(process.execPath, [script, "--smoke"], {
    timeout: 170_000,
    env: { ...process.env, DATABASE_URL: "" },
  });
  const report = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as {
    correctness: Record<string, number>;
    create: { rps: number };
    flow: { rps: number };
  };
  expect(report.correctness).toMatchObject({
    duplicates_charged: 0,
    notifications_duplicated: 0,
    lost: 0,
  });
  expect(report.correctness.succeeded).toBeGreaterThan(0);
  expect(report.create.rps).toBeGreaterThan(0);
  expect(report.flow.rps).toBeGreaterThan(0);
}, 180_000);

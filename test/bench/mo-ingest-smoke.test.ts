// The MO ingestion benchmark in smoke mode (tiny counts, no speed
// thresholds): every MO it sends, by either path and on every database kind,
// must move exactly one payment to processing.

import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);

type PathResult = { mos: number; processed: number; moPerSecond: number };

it("ingests every MO of the benchmark, through the webhook and through SMPP", async () => {
  const script = path.join(import.meta.dirname, "mo-ingest.ts");
  const { stdout } = await run(process.execPath, [script, "--smoke"], { timeout: 170_000 });
  const { report } = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as {
    report: Record<string, Record<string, PathResult>>;
  };
  const results = Object.values(report).flatMap((paths) => Object.entries(paths));
  expect(results.map(([name]) => name)).toEqual(expect.arrayContaining(["http", "smpp"]));
  for (const [, result] of results) {
    expect(result.processed).toBe(result.mos);
    expect(result.mos).toBeGreaterThan(0);
  }
}, 180_000);

// `smspay effects list|replay`: the operator's view of dead letters, on a
// PostgreSQL database that a running smspay could share.

import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import type { Store } from "@smspay/core";
import { createPrismaStore, type Database, migrate, openDatabase } from "@smspay/db";
import {
  createPostgresDatabase,
  type ScratchPostgresDatabase,
  testPostgresServerUrl,
} from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CLI = path.join(import.meta.dirname, "cli.ts");
const run = promisify(execFile);
const serverUrl = testPostgresServerUrl();

describe.runIf(serverUrl)("smspay effects (CLI)", () => {
  let scratch: ScratchPostgresDatabase;
  let db: Database;
  let store: Store;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    scratch = await createPostgresDatabase(serverUrl);
    db = await openDatabase({ url: scratch.url, poolSize: 2 });
    await migrate(db);
    store = createPrismaStore(db.prisma);
    env = {
      PATH: process.env.PATH,
      DATABASE_URL: scratch.url,
      SMSPAY_HASH_KEY: randomBytes(32).toString("base64"),
      SMSPAY_DATA_KEY: randomBytes(32).toString("base64"),
      LOG_LEVEL: "error",
    };
  });
  afterAll(async () => {
    await db.close();
    await scratch.drop();
  });

  const smspay = (...args: string[]) => run(process.execPath, [CLI, ...args], { env });
  const lines = (stdout: string) =>
    stdout
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it("lists dead letters and replays one, whatever its kind", async () => {
    const now = new Date();
    for (const id of ["eff_cli_dead", "eff_cli_pending"]) {
      await store.effects.enqueue({
        id,
        kind: "send_mt",
        payload: { outboundMessageId: `mt_${id}` },
        paymentId: null,
        // Far in the future: no worker of this test's database would touch them anyway.
        runAt: new Date(now.getTime() + 3_600_000),
      });
    }
    await db.prisma
      .$executeRaw`UPDATE effects SET next_attempt_at = now() WHERE id = 'eff_cli_dead'`;
    await store.effects.claim({ now: new Date(Date.now() + 1000), limit: 1, leaseMs: 60_000 });
    await store.effects.bury({ id: "eff_cli_dead", error: "operator down", at: now });

    const dead = lines((await smspay("effects", "list", "--dead")).stdout);
    expect(dead).toEqual([
      expect.objectContaining({
        id: "eff_cli_dead",
        kind: "send_mt",
        status: "dead",
        attempts: 1,
        lastError: "operator down",
      }),
    ]);
    const pending = lines((await smspay("effects", "list")).stdout);
    expect(pending.map((e) => e.id)).toEqual(["eff_cli_pending"]);

    const replayed = lines((await smspay("effects", "replay", "eff_cli_dead")).stdout);
    expect(replayed).toEqual([
      expect.objectContaining({ id: "eff_cli_dead", status: "pending", attempts: 0 }),
    ]);
    expect(await store.effects.get({ id: "eff_cli_dead" })).toMatchObject({
      status: "pending",
      attempts: 0,
    });
    expect(lines((await smspay("effects", "list", "--dead")).stdout)).toEqual([]);
  }, 60_000);

  it("refuses to replay what is not a dead letter, with a message and exit code 2", async () => {
    for (const [args, message] of [
      [["effects", "replay", "eff_cli_pending"], /only a dead effect/],
      [["effects", "replay", "eff_nope"], /no effect eff_nope/],
      [["effects", "list", "--status", "buried"], /--status must be one of/],
    ] as const) {
      const failure = await smspay(...args).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure?.code, args.join(" ")).toBe(2);
      expect(failure?.stderr).toMatch(message);
    }
  }, 60_000);
});

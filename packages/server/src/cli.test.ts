// The CLI against a running embedded server: the README's quick start path.

import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CLI = path.join(import.meta.dirname, "cli.ts");
const run = promisify(execFile);

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  return typeof address === "object" && address ? address.port : 0;
}

describe("smspay CLI beside a running embedded server", () => {
  let dataDir: string;
  let server: ChildProcess;
  let env: NodeJS.ProcessEnv;
  let baseUrl: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "smspay-cli-"));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = {
      ...process.env,
      SMSPAY_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
    };
    delete env.DATABASE_URL;
    server = spawn(process.execPath, [CLI, "start"], { env, stdio: "ignore" });
    for (let i = 0; i < 300; i++) {
      if ((await fetch(`${baseUrl}/ready`).catch(() => undefined))?.ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("smspay did not start");
  }, 60_000);

  afterAll(async () => {
    server.kill("SIGTERM");
    if (server.exitCode === null) await once(server, "exit");
    await rm(dataDir, { recursive: true, force: true });
  });

  it("creates a merchant through the server, whose key then works on the API", async () => {
    const { stdout } = await run(
      process.execPath,
      [CLI, "merchant", "create", "--name", "Quick Start Shop"],
      { env },
    );
    const created = JSON.parse(stdout) as { merchantId: string; apiKey: string };
    expect(created.merchantId).toMatch(/^mer_/);
    const res = await fetch(`${baseUrl}/v1/payments`, {
      method: "POST",
      headers: { authorization: `Bearer ${created.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        amount: 450,
        currency: "EUR",
        orderRef: "A-1",
        returnUrl: "https://shop.example/r",
      }),
    });
    expect(res.status).toBe(201);
    const { stdout: listed } = await run(process.execPath, [CLI, "merchant", "list"], { env });
    expect(listed).toContain(created.merchantId);
  });

  it("refuses commands that would open the embedded database a second time", async () => {
    const failed = await run(process.execPath, [CLI, "migrate"], { env }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain("smspay is running on this embedded database");
  });
});

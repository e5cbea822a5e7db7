// `smspay user create` beside a running embedded server (through its admin
// socket): a one-time password that signs in, a password from stdin, and the
// caller's mistakes refused plainly.

import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DashboardClient } from "./dashboard-test-client.ts";

const CLI = path.join(import.meta.dirname, "..", "cli.ts");

type Run = { code: number; stdout: string; stderr: string };

function smspay(env: NodeJS.ProcessEnv, args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? "");
  });
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  return typeof address === "object" && address ? address.port : 0;
}

describe("smspay user create", () => {
  let dataDir: string;
  let server: ChildProcess;
  let env: NodeJS.ProcessEnv;
  let baseUrl: string;
  let merchantId: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "smspay-users-"));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = {
      ...process.env,
      SMSPAY_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: baseUrl,
      LOG_LEVEL: "warn",
    };
    delete env.DATABASE_URL;
    server = spawn(process.execPath, [CLI, "start"], { env, stdio: "ignore" });
    for (let i = 0; i < 300; i++) {
      if ((await fetch(`${baseUrl}/ready`).catch(() => undefined))?.ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const created = await smspay(env, ["merchant", "create", "--name", "CLI Shop"]);
    merchantId = (JSON.parse(created.stdout) as { merchantId: string }).merchantId;
  }, 60_000);

  afterAll(async () => {
    server.kill("SIGTERM");
    if (server.exitCode === null) await once(server, "exit");
    await rm(dataDir, { recursive: true, force: true });
  });

  it("prints a one-time password that signs the owner in", async () => {
    const run = await smspay(env, [
      "user",
      "create",
      "--merchant",
      merchantId,
      "--email",
      "Owner@CLI.example",
      "--role",
      "owner",
    ]);
    expect(run.code).toBe(0);
    const user = JSON.parse(run.stdout) as { email: string; role: string; password: string };
    expect(user).toMatchObject({ email: "owner@cli.example", role: "owner" });
    expect(user.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const client = await DashboardClient.signIn(baseUrl, "owner@cli.example", user.password);
    expect((await client.get("/dashboard")).status).toBe(200);
  });

  it("reads the password from standard input, and then prints none", async () => {
    const run = await smspay(
      env,
      [
        "user",
        "create",
        "--merchant",
        merchantId,
        "--email",
        "staff@cli.example",
        "--role",
        "staff",
        "--password-stdin",
      ],
      "a long staff password\n",
    );
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("password");
    await DashboardClient.signIn(baseUrl, "staff@cli.example", "a long staff password");
  });

  it("refuses a taken email, an unknown merchant, a bad role or a short password", async () => {
    const base = ["user", "create", "--merchant", merchantId, "--role", "staff"];
    const taken = await smspay(env, [...base, "--email", "staff@cli.example"]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain("already has a dashboard account");
    const unknown = await smspay(env, [
      "user",
      "create",
      "--merchant",
      "mer_nope",
      "--email",
      "x@cli.example",
      "--role",
      "owner",
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no merchant mer_nope");
    expect(
      (await smspay(env, [...base.slice(0, 4), "--role", "boss", "--email", "y@cli.example"])).code,
    ).toBe(2);
    const short = await smspay(
      env,
      [...base, "--email", "z@cli.example", "--password-stdin"],
      "short\n",
    );
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("at least 12 characters");
  });
});

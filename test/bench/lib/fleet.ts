// A fleet of real smspay processes (`smspay start`: HTTP server + worker) on
// one PostgreSQL database, for the benchmark and the stress run. Each process
// listens on its own loopback port; load generators spread over them.

import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const CLI = path.join(ROOT, "packages/server/src/cli.ts");

export type Fleet = {
  readonly urls: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** SIGKILLs process `index` (a crash), then starts it again on the same port. */
  crashAndRestart(index: number): Promise<void>;
  stop(): Promise<void>;
};

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  server.close();
  await once(server, "close");
  return port;
}

/** Runs the smspay CLI once (e.g. `merchant create`) and returns its stdout. */
export async function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<string> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`smspay ${args.join(" ")} exited with ${code}`);
  return out;
}

export async function startFleet(options: {
  databaseUrl: string;
  processes: number;
  extraEnv?: Readonly<Record<string, string>>;
}): Promise<Fleet> {
  const env: Record<string, string> = {
    NODE_ENV: "test",
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: "10",
    SMSPAY_HASH_KEY: randomBytes(32).toString("base64"),
    SMSPAY_DATA_KEY: randomBytes(32).toString("base64"),
    SMSPAY_SANDBOX: "on",
    // Millions of live payments during a run: a wider reference space.
    SMSPAY_REFERENCE_LENGTH: "8",
    LOG_LEVEL: "warn",
    ...options.extraEnv,
  };
  // Migrate once before the fleet starts so processes don't queue on the migration lock.
  await runCli(["migrate"], env);
  const ports = await Promise.all(Array.from({ length: options.processes }, () => freePort()));
  const children: ChildProcess[] = [];
  const start = async (index: number) => {
    const port = ports[index] as number;
    const child = spawn(process.execPath, [CLI, "start"], {
      env: {
        ...process.env,
        ...env,
        PORT: String(port),
        HOST: "127.0.0.1",
        PUBLIC_URL: `http://127.0.0.1:${port}`,
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    children[index] = child;
    await waitReady(`http://127.0.0.1:${port}`, child);
  };
  await Promise.all(ports.map((_, i) => start(i)));
  return {
    urls: ports.map((p) => `http://127.0.0.1:${p}`),
    env,
    async crashAndRestart(index) {
      const child = children[index];
      if (child && child.exitCode === null) {
        child.kill("SIGKILL");
        await once(child, "exit");
      }
      await start(index);
    },
    async stop() {
      await Promise.all(
        children.map(async (child) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill("SIGTERM");
          await once(child, "exit");
        }),
      );
    },
  };
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`smspay at ${url} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`smspay at ${url} did not become ready`);
}

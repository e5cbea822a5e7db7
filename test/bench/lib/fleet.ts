// A fleet of real smspay processes (`smspay start`: HTTP server + worker) on
// one PostgreSQL database, for the benchmark and the stress run. Each process
// listens on its own loopback port; load generators spread over them.

import { randomBytes } from "node:crypto";
import { type CliServer, freePort, runCli as run, startCliServer } from "@smspay/server/testing";

export type Fleet = {
  readonly urls: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** SIGKILLs process `index` (a crash), then starts it again on the same port. */
  crashAndRestart(index: number): Promise<void>;
  stop(): Promise<void>;
};

/** Runs the smspay CLI once (e.g. `merchant create`) and returns its stdout. */
export async function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<string> {
  const { code, stdout, stderr } = await run(args, { ...process.env, ...env });
  if (code !== 0) throw new Error(`smspay ${args.join(" ")} exited with ${code}: ${stderr}`);
  return stdout;
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
  const servers: CliServer[] = [];
  const start = async (index: number) => {
    const port = ports[index] as number;
    servers[index] = await startCliServer({
      env: { ...process.env, ...env },
      port,
      output: "inherit",
    });
  };
  await Promise.all(ports.map((_, i) => start(i)));
  return {
    urls: ports.map((p) => `http://127.0.0.1:${p}`),
    env,
    async crashAndRestart(index) {
      await servers[index]?.stop("SIGKILL");
      await start(index);
    },
    async stop() {
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}

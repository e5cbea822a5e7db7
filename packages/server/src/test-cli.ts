// smspay's CLI in child processes, as an operator runs it, for tests and the
// benchmark: `smspay start` on a loopback port, and one-shot commands beside it.

import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

const CLI = path.join(import.meta.dirname, "cli.ts");

export type CliRun = { code: number; stdout: string; stderr: string };

/** Runs one command to its end, `stdin` fed in; a failing exit code is a result, not an error. */
export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  stdin = "",
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

/** A port nothing listens on right now, on 127.0.0.1. */
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

export type CliServer = {
  readonly baseUrl: string;
  /** The environment it runs with. */
  readonly env: NodeJS.ProcessEnv;
  /** Runs one command beside it, with its environment. */
  run(args: readonly string[], stdin?: string): Promise<CliRun>;
  /** Sends `signal` (SIGTERM: a deploy; SIGKILL: a crash) and resolves once it is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
};

/**
 * `smspay start` on 127.0.0.1:`port` (a free port unless given), configured
 * by `env`; resolves once it answers /ready, and fails if it exits first.
 */
export async function startCliServer(options: {
  env: NodeJS.ProcessEnv;
  port?: number;
  /** Where its logs go: nowhere (default), or this process's stdout and stderr. */
  output?: "ignore" | "inherit";
}): Promise<CliServer> {
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = { ...options.env, PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: baseUrl };
  const output = options.output ?? "ignore";
  const child = spawn(process.execPath, [CLI, "start"], { env, stdio: ["ignore", output, output] });
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await once(child, "exit");
  };
  try {
    await waitReady(baseUrl, child);
  } catch (error) {
    await stop("SIGKILL");
    throw error;
  }
  return { baseUrl, env, run: (args, stdin) => runCli(args, env, stdin), stop };
}

/**
 * `smspay start` as the README's quick start runs it: the embedded database,
 * here in a fresh folder that `stop` removes.
 */
export async function startEmbeddedCliServer(): Promise<CliServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "smspay-cli-"));
  const env: NodeJS.ProcessEnv = { ...process.env, SMSPAY_DATA_DIR: dataDir, LOG_LEVEL: "warn" };
  delete env.DATABASE_URL;
  const removeData = () => rm(dataDir, { recursive: true, force: true });
  const server = await startCliServer({ env }).catch(async (error: unknown) => {
    await removeData();
    throw error;
  });
  return {
    ...server,
    async stop(signal) {
      await server.stop(signal);
      await removeData();
    },
  };
}

async function waitReady(baseUrl: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`smspay at ${baseUrl} exited with ${child.exitCode ?? child.signalCode}`);
    }
    if ((await fetch(`${baseUrl}/ready`).catch(() => undefined))?.ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`smspay at ${baseUrl} did not become ready`);
}

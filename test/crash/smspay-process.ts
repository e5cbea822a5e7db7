// smspay as its operators run it: `node packages/server/src/cli.ts start|worker`
// in a child process, configured through the environment, killed like a
// machine dies (SIGKILL) or stopped like a deploy does (SIGTERM).

import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

export type SmspayProcess = {
  /** `start` only: where its HTTP server listens. */
  readonly baseUrl: string;
  /** Resolves with the signal that ended it (or its exit code). */
  readonly exited: Promise<NodeJS.Signals | number | null>;
  /** The JSON log lines printed so far. */
  logs(): Record<string, unknown>[];
  kill(signal: NodeJS.Signals): Promise<NodeJS.Signals | number | null>;
};

/** Keys and settings every process of one test system shares. */
export function systemEnv(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: "8",
    SMSPAY_HASH_KEY: randomBytes(32).toString("base64"),
    SMSPAY_DATA_KEY: randomBytes(32).toString("base64"),
    HOST: "127.0.0.1",
    PORT: "0",
    PUBLIC_URL: "https://pay.example",
    LOG_LEVEL: "info",
  };
}

export async function startSmspayProcess(
  command: "start" | "worker",
  env: Record<string, string>,
): Promise<SmspayProcess> {
  const child: ChildProcess = spawn(process.execPath, ["packages/server/src/cli.ts", command], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Record<string, unknown>[] = [];
  let stderr = "";
  let pending = "";
  const listeners = new Set<() => void>();
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    pending += chunk;
    const complete = pending.split("\n");
    pending = complete.pop() ?? "";
    for (const line of complete) {
      if (!line.trim()) continue;
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ msg: line });
      }
    }
    for (const listener of listeners) listener();
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => {
    child.on("exit", (code, signal) => {
      for (const listener of listeners) listener();
      resolve(signal ?? code);
    });
  });
  const ready = command === "start" ? "smspay listening" : "smspay worker running";
  const readyLine = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const check = () => {
      const line = lines.find((l) => String(l.msg ?? "").startsWith(ready));
      if (line) resolve(line);
      else if (child.exitCode !== null || child.signalCode !== null) {
        reject(new Error(`smspay ${command} exited before it was ready:\n${stderr}`));
      }
    };
    listeners.add(check);
    check();
  });
  return {
    baseUrl: `http://127.0.0.1:${String(readyLine.port ?? "")}`,
    exited,
    logs: () => [...lines],
    kill(signal) {
      child.kill(signal);
      return exited;
    },
  };
}

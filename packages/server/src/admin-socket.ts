// Embedded mode keeps its PGlite database inside the server process, and only
// one process may open it. CLI commands that write (merchant create) are
// therefore handed to the running server over a Unix socket in the data folder
// (file mode 0600: only the owner of the data can use it).

import { once } from "node:events";
import { chmod, rm } from "node:fs/promises";
import { createServer, request, type Server } from "node:http";
import { type AccountService, MerchantService, type Store } from "@smspay/core";
import type { Config } from "./config.ts";

export type AdminCommand =
  | { command: "ping" }
  | { command: "merchant-create"; name: string }
  | { command: "merchant-list" }
  | { command: "user-create"; merchantId: string; email: string; role: string; password: string };

/** The socket beside the embedded database; none with PostgreSQL (any number of processes may connect). */
export function adminSocketPath(config: Pick<Config, "database">): string | undefined {
  return "dataDir" in config.database && !config.database.dataDir.includes("://")
    ? `${config.database.dataDir}.sock`
    : undefined;
}

export async function startAdminSocket(
  socketPath: string,
  store: Store,
  accounts: AccountService,
): Promise<Server> {
  const merchants = new MerchantService(store);
  await rm(socketPath, { force: true });
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      run(merchants, accounts, JSON.parse(body) as AdminCommand).then(
        (result) =>
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result)),
        (error: unknown) =>
          res.writeHead(400).end(String(error instanceof Error ? error.message : error)),
      );
    });
  });
  server.listen(socketPath);
  await once(server, "listening");
  await chmod(socketPath, 0o600);
  return server;
}

async function run(
  merchants: MerchantService,
  accounts: AccountService,
  command: AdminCommand,
): Promise<unknown> {
  switch (command.command) {
    case "ping":
      return { ok: true };
    case "merchant-create": {
      const created = await merchants.create({ name: command.name });
      return { merchantId: created.merchant.id, apiKey: created.apiKey };
    }
    case "merchant-list":
      return (await merchants.list()).map((m) => ({
        merchantId: m.id,
        name: m.name,
        active: m.active,
        createdAt: m.createdAt,
      }));
    case "user-create": {
      const { command: _, ...input } = command;
      const user = await accounts.createUser(input);
      return { userId: user.id, merchantId: user.merchantId, email: user.email, role: user.role };
    }
  }
}

/** Sends a command to the running server; undefined when no server listens there. */
export function sendAdminCommand(
  socketPath: string,
  command: AdminCommand,
): Promise<unknown | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath, path: "/", method: "POST", headers: { "content-type": "application/json" } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () =>
          res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(body)),
        );
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" || error.code === "ECONNREFUSED") resolve(undefined);
      else reject(error);
    });
    req.end(JSON.stringify(command));
  });
}

#!/usr/bin/env node
// The `smspay` command: `pnpm smspay <command>` from the repo root.

import { once } from "node:events";
import { parseArgs } from "node:util";
import { MerchantService } from "@smspay/core";
import { createPrismaStore, migrate, openDatabase } from "@smspay/db";
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { createSmspay } from "./smspay.ts";

const USAGE = `usage: smspay <command>

  start                      run the server (and an in-process worker unless SMSPAY_WORKER=off)
  worker                     run only the worker (outbox effects, expiry)
  migrate                    apply database migrations
  merchant create --name N   create a merchant; prints {"merchantId","apiKey"}
  merchant list              list merchants (JSON lines)

Configuration comes from the environment: see the README.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "start":
      return serve({ http: true });
    case "worker":
      return serve({ http: false });
    case "migrate":
      return withDatabase(async (db) => {
        const result = await migrate(db);
        console.log(JSON.stringify(result));
      });
    case "merchant":
      return merchantCommand(rest);
    case undefined:
    case "help":
    case "--help":
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`unknown command: ${command}\n\n${USAGE}`);
      return 2;
  }
}

async function serve(options: { http: boolean }): Promise<number> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const smspay = await createSmspay(config, log);
  if (config.worker || !options.http) smspay.worker.start();
  const server = options.http ? smspay.app.listen(config.port, config.host) : undefined;
  if (server) {
    await once(server, "listening");
    const where = server.address();
    const port = typeof where === "object" && where ? where.port : config.port;
    log.info(
      {
        port,
        database: "url" in config.database ? "postgresql" : "pglite",
        sandbox: config.sandbox,
      },
      `smspay listening on ${config.publicUrl}${config.sandbox ? ` (sandbox phone: ${config.publicUrl}/sandbox)` : ""}`,
    );
  } else {
    log.info("smspay worker running");
  }
  const signal = await Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]);
  log.info({ signal: String(signal[0] ?? "") }, "shutting down");
  if (server) {
    server.closeAllConnections();
    server.close();
  }
  await smspay.close();
  return 0;
}

async function withDatabase(
  work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>,
): Promise<number> {
  const config = loadConfig();
  const db = await openDatabase({ ...config.database, poolSize: 2 });
  try {
    await work(db);
    return 0;
  } finally {
    await db.close();
  }
}

async function merchantCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { name: { type: "string" } }, strict: true });
  return withDatabase(async (db) => {
    await migrate(db);
    const merchants = new MerchantService(createPrismaStore(db.prisma));
    if (sub === "create") {
      const name = values.name?.trim();
      if (!name) throw new UsageError("merchant create needs --name");
      const created = await merchants.create({ name });
      console.log(JSON.stringify({ merchantId: created.merchant.id, apiKey: created.apiKey }));
    } else if (sub === "list") {
      for (const m of await merchants.list()) {
        console.log(
          JSON.stringify({
            merchantId: m.id,
            name: m.name,
            active: m.active,
            createdAt: m.createdAt,
          }),
        );
      }
    } else {
      throw new UsageError(`unknown merchant command: ${sub ?? "(none)"}`);
    }
  });
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError) {
      console.error(`smspay: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    console.error(error);
    process.exitCode = 1;
  },
);

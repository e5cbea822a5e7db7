#!/usr/bin/env node
// The `smspay` command: `pnpm smspay <command>` from the repo root.

import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { text } from "node:stream/consumers";
import { parseArgs } from "node:util";
import {
  EFFECT_STATUSES,
  type FeeRule,
  feeRuleId,
  isEffectStatus,
  isSmspayError,
  MerchantService,
  newPassword,
  SETTLEMENT_FORMATS,
  validateFeeRule,
} from "@smspay/core";
import { createPrismaStore, migrate, openDatabase } from "@smspay/db";
import { adminSocketPath, sendAdminCommand, startAdminSocket } from "./admin-socket.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { effectResource } from "./routes/effects.ts";
import { importResource } from "./routes/settlements.ts";
import { createSmspay, type Smspay } from "./smspay.ts";

const USAGE = `usage: smspay <command>

  start                      run the server (and an in-process worker unless SMSPAY_WORKER=off)
  worker                     run only the worker (outbox effects, expiry)
  migrate                    apply database migrations
  merchant create --name N   create a merchant; prints {"merchantId","apiKey"}
  merchant list              list merchants (JSON lines)
  user create --merchant ID --email E --role owner|staff [--password-stdin]
                             a dashboard user; prints a one-time password unless
                             --password-stdin reads one from standard input
  reconcile                  compare payments with shops and transports once; prints the report
  settlement import --provider P [--merchant ID] FILE.csv
                             import a settlement report (providers: generic, smsplus, dcb)
  fees set (--short-code C | --carrier-billing) [--merchant ID] [--currency EUR]
      --operator-bps N [--operator-fixed N] --aggregator-bps N [--aggregator-fixed N]
                             set a fee rule (without --merchant: for every merchant)
  fees list [--merchant ID]  list fee rules (JSON lines)
  effects list [--dead | --status pending|done|dead] [--merchant ID] [--limit N]
                             outbox effects, newest first (JSON lines; default: pending)
  effects replay ID          send a dead effect back to the worker (attempts reset)

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
    case "user":
      return userCommand(rest);
    case "reconcile":
      return withSmspay(async (smspay) => {
        console.log(JSON.stringify(await smspay.reconciler.run()));
      });
    case "settlement":
      return settlementCommand(rest);
    case "fees":
      return feesCommand(rest);
    case "effects":
      return effectsCommand(rest);
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
  const socket = adminSocketPath(config);
  const admin = socket
    ? await startAdminSocket(socket, smspay.deps.store, smspay.accounts)
    : undefined;
  if (config.worker || !options.http) {
    smspay.worker.start();
    smspay.reconcileSchedule.start();
  }
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
  admin?.close();
  await smspay.close();
  return 0;
}

/**
 * The embedded PGlite database may be opened by one process only: while a
 * server runs on it, commands go through its admin socket or are refused.
 */
async function refuseWhileServing(config: Config): Promise<void> {
  const socket = adminSocketPath(config);
  if (socket && (await sendAdminCommand(socket, { command: "ping" })) !== undefined) {
    throw new UsageError(
      "smspay is running on this embedded database; stop it first (or use PostgreSQL with DATABASE_URL)",
    );
  }
}

async function withDatabase(
  work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>,
): Promise<number> {
  const config = loadConfig();
  await refuseWhileServing(config);
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
  const socket = adminSocketPath(loadConfig());
  if (socket && (sub === "create" || sub === "list")) {
    const name = values.name?.trim();
    if (sub === "create" && !name) throw new UsageError("merchant create needs --name");
    const answer = await sendAdminCommand(
      socket,
      sub === "create"
        ? { command: "merchant-create", name: name as string }
        : { command: "merchant-list" },
    );
    if (answer !== undefined) {
      for (const line of Array.isArray(answer) ? answer : [answer])
        console.log(JSON.stringify(line));
      return 0;
    }
  }
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

async function userCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "create") throw new UsageError(`unknown user command: ${sub ?? "(none)"}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      merchant: { type: "string" },
      email: { type: "string" },
      role: { type: "string" },
      "password-stdin": { type: "boolean" },
    },
    strict: true,
  });
  const { merchant, email, role } = values;
  if (!merchant || !email || !role)
    throw new UsageError("user create needs --merchant, --email and --role owner|staff");
  const stdin = values["password-stdin"];
  const password = stdin ? (await text(process.stdin)).replace(/\r?\n$/, "") : newPassword();
  const input = { merchantId: merchant, email, role, password };
  const print = (user: unknown) =>
    console.log(JSON.stringify({ ...(user as object), ...(stdin ? {} : { password }) }));
  const socket = adminSocketPath(loadConfig());
  const viaServer = socket
    ? await sendAdminCommand(socket, { command: "user-create", ...input }).catch((error: Error) => {
        throw new UsageError(error.message);
      })
    : undefined;
  if (viaServer !== undefined) {
    print(viaServer);
    return 0;
  }
  return withSmspay(async (smspay) => {
    const user = await smspay.accounts.createUser(input).catch((error: unknown) => {
      // No such merchant, or the email is taken: the caller's mistake, said plainly.
      throw isSmspayError(error) ? new UsageError(error.message) : error;
    });
    print({ userId: user.id, merchantId: user.merchantId, email: user.email, role: user.role });
  });
}

/** Runs `work` on a whole smspay (no HTTP server, no worker): the services as the server has them. */
async function withSmspay(work: (smspay: Smspay) => Promise<void>): Promise<number> {
  const config = loadConfig();
  await refuseWhileServing(config);
  // stdout carries the command's JSON: only errors may join it.
  const smspay = await createSmspay(config, createLogger("error"));
  try {
    await work(smspay);
    return 0;
  } catch (error) {
    if (isSmspayError(error) && error.code === "invalid_request")
      throw new UsageError(error.message);
    throw error;
  } finally {
    await smspay.close();
  }
}

async function settlementCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "import") throw new UsageError(`unknown settlement command: ${sub ?? "(none)"}`);
  const { values, positionals } = parseArgs({
    args: rest,
    options: { provider: { type: "string" }, merchant: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const [file] = positionals;
  const { provider } = values;
  if (!provider || !file || positionals.length > 1) {
    throw new UsageError("settlement import needs --provider and one CSV file");
  }
  if (!SETTLEMENT_FORMATS.some((format) => format.provider === provider))
    throw new UsageError(`unknown settlement provider ${provider}`);
  const csv = await readFile(file, "utf8").catch((error: Error) => {
    throw new UsageError(`cannot read ${file}: ${error.message}`);
  });
  return withSmspay(async (smspay) => {
    if (values.merchant && !(await smspay.deps.store.merchants.get(values.merchant)))
      throw new UsageError(`no merchant ${values.merchant}`);
    const result = await smspay.settlements.import({
      provider,
      csv,
      merchantId: values.merchant ?? null,
    });
    console.log(JSON.stringify(importResource(result), null, 2));
  });
}

async function feesCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      merchant: { type: "string" },
      "short-code": { type: "string" },
      "carrier-billing": { type: "boolean" },
      currency: { type: "string", default: "EUR" },
      "operator-bps": { type: "string" },
      "operator-fixed": { type: "string", default: "0" },
      "aggregator-bps": { type: "string" },
      "aggregator-fixed": { type: "string", default: "0" },
    },
    strict: true,
  });
  if (sub === "list") {
    const filter = values.merchant ? { merchantId: values.merchant } : {};
    return withSmspay(async (smspay) => {
      for (const rule of await smspay.deps.store.feeRules.list(filter))
        console.log(JSON.stringify(rule));
    });
  }
  if (sub !== "set") throw new UsageError(`unknown fees command: ${sub ?? "(none)"}`);
  if (Boolean(values["short-code"]) === Boolean(values["carrier-billing"]))
    throw new UsageError("fees set needs either --short-code C or --carrier-billing");
  const whole = (name: `${"operator" | "aggregator"}-${"bps" | "fixed"}`) => {
    const text = values[name];
    if (text === undefined || !/^\d+$/.test(text))
      throw new UsageError(`--${name} needs a whole number`);
    return Number(text);
  };
  const key = {
    merchantId: values.merchant ?? null,
    flow: values["carrier-billing"] ? ("otp" as const) : ("shortcode" as const),
    shortCode: values["short-code"] ?? null,
    currency: values.currency.toUpperCase(),
  };
  const rule: FeeRule = {
    ...key,
    id: feeRuleId(key),
    operator: { bps: whole("operator-bps"), fixed: whole("operator-fixed") },
    aggregator: { bps: whole("aggregator-bps"), fixed: whole("aggregator-fixed") },
  };
  const problems = validateFeeRule(rule);
  if (problems.length > 0) throw new UsageError(problems.join("; "));
  return withSmspay(async (smspay) => {
    if (key.merchantId && !(await smspay.deps.store.merchants.get(key.merchantId)))
      throw new UsageError(`no merchant ${key.merchantId}`);
    await smspay.deps.store.feeRules.upsert(rule);
    console.log(JSON.stringify(rule));
  });
}

/** Operators' view of the outbox: what is queued, done or dead, and replaying dead letters. */
async function effectsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      dead: { type: "boolean" },
      status: { type: "string" },
      merchant: { type: "string" },
      limit: { type: "string", default: "100" },
    },
    allowPositionals: true,
    strict: true,
  });
  if (sub === "list") {
    const status = values.dead ? "dead" : (values.status ?? "pending");
    if (!isEffectStatus(status))
      throw new UsageError(`--status must be one of ${EFFECT_STATUSES.join(", ")}`);
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      throw new UsageError("--limit needs a whole number from 1 to 10000");
    return withSmspay(async (smspay) => {
      const effects = await smspay.deadLetters.list({
        status,
        limit,
        ...(values.merchant ? { merchantId: values.merchant } : {}),
      });
      for (const effect of effects) console.log(JSON.stringify(effectResource(effect)));
    });
  }
  if (sub !== "replay") throw new UsageError(`unknown effects command: ${sub ?? "(none)"}`);
  const [id] = positionals;
  if (!id || positionals.length > 1) throw new UsageError("effects replay needs one effect id");
  return withSmspay(async (smspay) => {
    try {
      console.log(JSON.stringify(effectResource(await smspay.deadLetters.replay({ id }))));
    } catch (error) {
      // not_found, invalid_state: the operator's input, not a crash.
      if (isSmspayError(error)) throw new UsageError(error.message);
      throw error;
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

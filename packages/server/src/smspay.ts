// The composition root: builds smspay from its configuration.

import {
  CarrierBillingFlow,
  type CoreDeps,
  DEFAULT_CORE_SETTINGS,
  EffectRunner,
  InboundHandler,
  PaymentService,
  PhoneVault,
  SmspayError,
  type SmsTransport,
  systemClock,
  validateTariffs,
  validateTransitionTable,
} from "@smspay/core";
import {
  createPrismaSandboxLedger,
  createPrismaStore,
  type Database,
  migrate,
  openDatabase,
} from "@smspay/db";
import {
  SANDBOX_PIN_SENDER,
  SANDBOX_TARIFFS,
  SANDBOX_TRANSPORT,
  SandboxOperator,
} from "@smspay/sms";
import type { Express } from "express";
import { createApp } from "./app.ts";
import { cachedShortCodes } from "./tariff-cache.ts";
import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";
import { Worker } from "./worker.ts";

export type Smspay = {
  readonly app: Express;
  readonly worker: Worker;
  readonly db: Database;
  readonly deps: CoreDeps;
  readonly payments: PaymentService;
  readonly inbound: InboundHandler;
  readonly sandbox: SandboxOperator | undefined;
  close(): Promise<void>;
};

/** `options.db`: an already open database (tests hand in fresh ones); smspay then owns it. */
export async function createSmspay(
  config: Config,
  log: Logger,
  options: { db?: Database } = {},
): Promise<Smspay> {
  const tableProblems = [...validateTransitionTable(), ...validateTariffs(SANDBOX_TARIFFS)];
  if (tableProblems.length > 0)
    throw new Error(`invalid built-in tables: ${tableProblems.join("; ")}`);

  const db =
    options.db ??
    (await openDatabase({
      ...config.database,
      poolSize: config.databasePoolSize,
      onPoolError: (error) => log.warn({ err: error }, "database connection lost"),
    }));
  await migrate(db);
  const rawStore = createPrismaStore(db.prisma);
  const store = { ...rawStore, shortCodes: cachedShortCodes(rawStore.shortCodes) };
  const vault = new PhoneVault(config.keys);

  let worker: Worker | undefined;
  const deps: CoreDeps = {
    store,
    vault,
    clock: systemClock,
    settings: {
      ...DEFAULT_CORE_SETTINGS,
      paymentTtlMs: config.paymentTtlMinutes * 60_000,
      reference: { ...DEFAULT_CORE_SETTINGS.reference, length: config.referenceLength },
      pinRoute: { transport: SANDBOX_TRANSPORT, sender: SANDBOX_PIN_SENDER },
    },
    effectsQueued: () => worker?.wake(),
  };
  const payments = new PaymentService(deps);
  const inbound = new InboundHandler(deps);
  const carrierBilling = new CarrierBillingFlow(deps);

  let sandbox: SandboxOperator | undefined;
  const transports = new Map<string, SmsTransport>();
  if (config.sandbox) {
    sandbox = new SandboxOperator({
      ledger: createPrismaSandboxLedger(db.prisma),
      vault,
      clock: systemClock,
      deliver: (event) => inbound.handle(event),
      onDeliveryError: (error) => log.warn({ err: error }, "sandbox receipt not delivered"),
    });
    transports.set(sandbox.name, sandbox);
    for (const tariff of SANDBOX_TARIFFS) {
      await store.shortCodes.upsert({
        ...tariff,
        id: `sc_sandbox_${tariff.shortCode}_${tariff.keyword}`,
        merchantId: null,
      });
    }
  }
  const billing = sandbox ?? {
    charge: () =>
      Promise.reject(
        new SmspayError("transport_error", "no carrier billing operator is configured"),
      ),
  };
  const runner = new EffectRunner(deps, transports, billing);
  worker = new Worker({ store, runner, payments, retry: deps.settings.retry, log });

  const app = createApp({
    store,
    payments,
    carrierBilling,
    vault,
    sandbox,
    publicUrl: config.publicUrl,
    log,
    ping: async () => {
      await db.prisma.$queryRaw`SELECT 1`;
    },
  });

  return {
    app,
    worker,
    db,
    deps,
    payments,
    inbound,
    sandbox,
    close: async () => {
      await worker?.stop();
      await db.close();
    },
  };
}

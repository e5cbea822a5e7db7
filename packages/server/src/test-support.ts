// Runs a real smspay (HTTP server, worker, sandbox) on a fresh test database,
// for end-to-end tests of this package and of the plugins.

import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { MerchantService } from "@smspay/core";
import type { Database } from "@smspay/db";
import type { Config } from "./config.ts";
import { createLogger } from "./logger.ts";
import { LOOPBACK_CIDRS } from "./outbound-addresses.ts";
import { createSmspay, type Smspay } from "./smspay.ts";

export {
  type CliRun,
  type CliServer,
  freePort,
  runCli,
  startCliServer,
  startEmbeddedCliServer,
} from "./test-cli.ts";
export { eventually, type Json, newPhone, TestShop } from "./test-client.ts";

export type RunningSmspay = {
  readonly baseUrl: string;
  readonly smspay: Smspay;
  /** Creates a merchant and returns its id and API key. */
  merchant(name?: string): Promise<{ merchantId: string; apiKey: string }>;
  close(): Promise<void>;
};

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    production: false,
    port: 0,
    host: "127.0.0.1",
    publicUrl: "http://127.0.0.1",
    database: { dataDir: "memory://" },
    databasePoolSize: 5,
    keys: { hashKey: randomBytes(32), dataKey: randomBytes(32) },
    sandbox: true,
    worker: true,
    paymentTtlMinutes: 15,
    referenceLength: 6,
    // Tests reconcile when they mean to (smspay.reconciler.run()).
    reconcileEveryMs: 0,
    reconcileStuckAfterMs: 600_000,
    webhookTimeoutMs: 10_000,
    outboundTimeoutMs: 10_000,
    // Tests' fake shops and endpoints listen on 127.0.0.1.
    outboundAllow: LOOPBACK_CIDRS,
    effectLeaseMs: 60_000,
    logLevel: process.env.SMSPAY_TEST_LOG_LEVEL ?? "silent",
    ...overrides,
  };
}

export async function startSmspay(options: {
  db: Database;
  config?: Partial<Config>;
}): Promise<RunningSmspay> {
  // Listen first: the checkout URLs the API hands out must point at this server's port.
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = testConfig({ publicUrl: baseUrl, ...options.config });
  const smspay = await createSmspay(config, createLogger(config.logLevel), { db: options.db });
  server.on("request", smspay.app);
  if (config.worker) smspay.worker.start();
  const merchants = new MerchantService(smspay.deps.store);
  return {
    baseUrl,
    smspay,
    async merchant(name = "Test Shop") {
      const created = await merchants.create({ name });
      return { merchantId: created.merchant.id, apiKey: created.apiKey };
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await smspay.close();
    },
  };
}

// Configuration, read from the environment and validated once at start-up.
// A missing secret is a start-up error, never a default; only the embedded
// mode (no DATABASE_URL, not production) generates its own keys, into its own
// data folder, so `./smspay start` works on a fresh clone.

import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadShopifyConfig, type ShopifyAppConfig } from "@smspay/shopify";
import {
  type CarrierBillingSettings,
  type CloudSmsConfig,
  cloudSmsConfigFromEnv,
  parseCarrierBillingSettings,
  parseTransportSettings,
  type TransportSettings,
} from "@smspay/sms";
import { z } from "zod";
import type { CrashPoint } from "./crash-point.ts";
import { isCidr, LOOPBACK_CIDRS, type OutboundAllowList } from "./outbound-addresses.ts";
import { leaseProblem } from "./worker.ts";

const key32 = z
  .string()
  .transform((value) => Buffer.from(value, "base64"))
  .refine(
    (buffer) => buffer.length === 32,
    "must be 32 bytes, base64-encoded (openssl rand -base64 32)",
  );

const onOff = z.enum(["on", "off"]);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.string().startsWith("postgres").optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SMSPAY_DATA_DIR: z.string().default(".data"),
  SMSPAY_HASH_KEY: key32.optional(),
  SMSPAY_DATA_KEY: key32.optional(),
  SMSPAY_SANDBOX: onOff.optional(),
  SMSPAY_WORKER: onOff.default("on"),
  SMSPAY_PAYMENT_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  SMSPAY_REFERENCE_LENGTH: z.coerce.number().int().min(4).max(12).default(6),
  // Where PIN, express and receipt messages leave from: a free (non-premium)
  // sender; SMSPAY_TRANSPORTS routes it to a real transport by sender.
  SMSPAY_PIN_SENDER: z
    .string()
    .regex(/^(\d{3,15}|[A-Za-z0-9 ]{1,11})$/)
    .optional(),
  SMSPAY_PIN_TRANSPORT: z.string().min(1).max(40).optional(),
  // How often the worker reconciles (0: never; `smspay reconcile` still works).
  SMSPAY_RECONCILE_MINUTES: z.coerce.number().int().min(0).max(1440).default(10),
  // How long a payment may stay processing (no delivery receipt) before the
  // reconciler asks the transport what became of its billed SMS.
  SMSPAY_RECONCILE_STUCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  SMSPAY_WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(10),
  SMSPAY_EFFECT_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
  // How long a shop platform or an SMS provider has to answer one call of an effect.
  SMSPAY_OUTBOUND_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(10),
  // Addresses smspay may call at a merchant's request besides public ones: on, off, or CIDRs.
  SMSPAY_OUTBOUND_ALLOW_PRIVATE: z.string().trim().optional(),
  // Test-only (crash tests): the process kills itself at this point. Refused in production.
  SMSPAY_TEST_CRASH_AT: z.enum(["billed_mt_sent"]).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Who HELP and CONTACT name on shared short codes (the operator running smspay).
  SMSPAY_PUBLISHER_NAME: z.string().trim().min(1).max(60).optional(),
  SMSPAY_PUBLISHER_CONTACT: z.string().trim().min(1).max(80).optional(),
  // Kannel / SMPP transports and the routing table: JSON, or a file holding it.
  SMSPAY_TRANSPORTS: z.string().min(1).optional(),
  SMSPAY_TRANSPORTS_FILE: z.string().min(1).optional(),
  // Operators' carrier-billing APIs and their routes: JSON, or a file holding it.
  SMSPAY_CARRIER_BILLING: z.string().min(1).optional(),
  SMSPAY_CARRIER_BILLING_FILE: z.string().min(1).optional(),
});

export type Config = {
  readonly production: boolean;
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly database: { readonly url: string } | { readonly dataDir: string };
  readonly databasePoolSize: number;
  readonly keys: { readonly hashKey: Buffer; readonly dataKey: Buffer };
  readonly sandbox: boolean;
  readonly worker: boolean;
  readonly paymentTtlMinutes: number;
  readonly referenceLength: number;
  /** Unset: the sandbox's free short code (38100) on the sandbox transport. */
  readonly pinRoute?: { readonly transport: string; readonly sender: string };
  /** Between two reconciliation sweeps of the worker; 0 turns them off. */
  readonly reconcileEveryMs: number;
  readonly reconcileStuckAfterMs: number;
  readonly webhookTimeoutMs: number;
  /** How long a shop platform or SMS provider has to answer one call of an effect. */
  readonly outboundTimeoutMs: number;
  /** Non-public addresses merchants' URLs may reach (loopback outside production). */
  readonly outboundAllow: OutboundAllowList;
  /** How long a worker holds a claimed effect before another may take it. */
  readonly effectLeaseMs: number;
  readonly testCrashAt?: CrashPoint;
  readonly logLevel: string;
  /** The Shopify payments app; unset when its SHOPIFY_* variables are. */
  readonly shopify?: ShopifyAppConfig;
  /** Cloud SMS providers turned on in the environment (TWILIO_*, INFOBIP_*, BIRD_*, VONAGE_*). */
  readonly cloudSms?: CloudSmsConfig;
  /** Kannel / SMPP transports and their routes (SMSPAY_TRANSPORTS or SMSPAY_TRANSPORTS_FILE). */
  readonly transports?: TransportSettings;
  /** Operators' billing APIs and routes (SMSPAY_CARRIER_BILLING or SMSPAY_CARRIER_BILLING_FILE). */
  readonly carrierBilling?: CarrierBillingSettings;
  readonly publisher?: { readonly name: string; readonly contact: string };
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  const embedded = e.DATABASE_URL === undefined;
  if (production && embedded) {
    throw new ConfigError(
      "DATABASE_URL is required in production (the embedded PGlite database is for development)",
    );
  }
  const dataDir = path.resolve(e.SMSPAY_DATA_DIR);
  const keys =
    e.SMSPAY_HASH_KEY && e.SMSPAY_DATA_KEY
      ? { hashKey: e.SMSPAY_HASH_KEY, dataKey: e.SMSPAY_DATA_KEY }
      : embedded && !production
        ? embeddedKeys(dataDir)
        : undefined;
  if (!keys) {
    throw new ConfigError(
      "SMSPAY_HASH_KEY and SMSPAY_DATA_KEY are required (32 random bytes each, base64)",
    );
  }
  const callTimeoutSeconds = Math.max(
    e.SMSPAY_WEBHOOK_TIMEOUT_SECONDS,
    e.SMSPAY_OUTBOUND_TIMEOUT_SECONDS,
  );
  if (leaseProblem(e.SMSPAY_EFFECT_LEASE_SECONDS * 1000, callTimeoutSeconds * 1000)) {
    throw new ConfigError(
      "SMSPAY_EFFECT_LEASE_SECONDS must be at least twice SMSPAY_WEBHOOK_TIMEOUT_SECONDS and SMSPAY_OUTBOUND_TIMEOUT_SECONDS",
    );
  }
  if (production && e.SMSPAY_TEST_CRASH_AT) {
    throw new ConfigError("SMSPAY_TEST_CRASH_AT is for tests only");
  }
  // The sandbox fakes payments: production refuses it unless enabled explicitly.
  const sandbox = e.SMSPAY_SANDBOX === undefined ? !production : e.SMSPAY_SANDBOX === "on";
  return {
    production,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    database: embedded
      ? { dataDir: path.join(dataDir, "pglite") }
      : { url: e.DATABASE_URL as string },
    databasePoolSize: e.DATABASE_POOL_SIZE,
    keys,
    sandbox,
    worker: e.SMSPAY_WORKER === "on",
    paymentTtlMinutes: e.SMSPAY_PAYMENT_TTL_MINUTES,
    referenceLength: e.SMSPAY_REFERENCE_LENGTH,
    ...(e.SMSPAY_PIN_SENDER
      ? {
          pinRoute: { sender: e.SMSPAY_PIN_SENDER, transport: e.SMSPAY_PIN_TRANSPORT ?? "sandbox" },
        }
      : {}),
    reconcileEveryMs: e.SMSPAY_RECONCILE_MINUTES * 60_000,
    reconcileStuckAfterMs: e.SMSPAY_RECONCILE_STUCK_SECONDS * 1000,
    webhookTimeoutMs: e.SMSPAY_WEBHOOK_TIMEOUT_SECONDS * 1000,
    outboundTimeoutMs: e.SMSPAY_OUTBOUND_TIMEOUT_SECONDS * 1000,
    outboundAllow: outboundAllow(e.SMSPAY_OUTBOUND_ALLOW_PRIVATE, production),
    effectLeaseMs: e.SMSPAY_EFFECT_LEASE_SECONDS * 1000,
    ...(e.SMSPAY_TEST_CRASH_AT ? { testCrashAt: e.SMSPAY_TEST_CRASH_AT } : {}),
    logLevel: e.LOG_LEVEL,
    ...shopifyApp(env, production),
    cloudSms: cloudSms(env),
    ...transportSettings(e.SMSPAY_TRANSPORTS, e.SMSPAY_TRANSPORTS_FILE, env),
    ...carrierBillingSettings(e.SMSPAY_CARRIER_BILLING, e.SMSPAY_CARRIER_BILLING_FILE, env),
    ...publisher(e.SMSPAY_PUBLISHER_NAME, e.SMSPAY_PUBLISHER_CONTACT),
  };
}

/**
 * Which non-public addresses merchants' URLs may reach: none in production,
 * loopback elsewhere (tests and local shops); `on` lifts the guard, and a
 * comma-separated list of CIDRs adds those ranges.
 */
function outboundAllow(value: string | undefined, production: boolean): OutboundAllowList {
  const base = production ? [] : LOOPBACK_CIDRS;
  if (value === undefined || value === "" || value === "off") return base;
  if (value === "on") return "all";
  const ranges = value.split(",").map((range) => range.trim());
  const invalid = ranges.filter((range) => !isCidr(range));
  if (invalid.length > 0) {
    throw new ConfigError(
      `SMSPAY_OUTBOUND_ALLOW_PRIVATE: on, off, or CIDR ranges such as 10.0.0.0/8 (not ${invalid.join(", ")})`,
    );
  }
  return [...base, ...ranges];
}

/** The operator HELP and CONTACT name on shared codes: both or neither. */
function publisher(
  name: string | undefined,
  contact: string | undefined,
): { publisher?: { name: string; contact: string } } {
  if (name && contact) return { publisher: { name, contact } };
  if (name || contact) {
    throw new ConfigError("SMSPAY_PUBLISHER_NAME and SMSPAY_PUBLISHER_CONTACT go together");
  }
  return {};
}

function cloudSms(env: NodeJS.ProcessEnv): CloudSmsConfig {
  try {
    return cloudSmsConfigFromEnv(env);
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
}

function transportSettings(
  json: string | undefined,
  file: string | undefined,
  env: NodeJS.ProcessEnv,
): { transports?: TransportSettings } {
  const transports = jsonSettings("SMSPAY_TRANSPORTS", json, file, (text) =>
    parseTransportSettings(text, env),
  );
  return transports ? { transports } : {};
}

function carrierBillingSettings(
  json: string | undefined,
  file: string | undefined,
  env: NodeJS.ProcessEnv,
): { carrierBilling?: CarrierBillingSettings } {
  const carrierBilling = jsonSettings("SMSPAY_CARRIER_BILLING", json, file, (text) =>
    parseCarrierBillingSettings(text, env),
  );
  return carrierBilling ? { carrierBilling } : {};
}

/** Settings given as JSON in the variable `name`, or in the file `<name>_FILE` names (not both). */
function jsonSettings<T>(
  name: string,
  json: string | undefined,
  file: string | undefined,
  parse: (text: string) => T,
): T | undefined {
  if (json !== undefined && file !== undefined) {
    throw new ConfigError(`set ${name} or ${name}_FILE, not both`);
  }
  const text = file === undefined ? json : readSettingsFile(`${name}_FILE`, file);
  if (text === undefined) return undefined;
  try {
    return parse(text);
  } catch (error) {
    const which = file === undefined ? name : `${name}_FILE (${file})`;
    throw new ConfigError(`${which}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readSettingsFile(variable: string, file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`${variable}: cannot read ${file} (${(error as Error).message})`);
  }
}

/** Keys for the embedded mode, generated once into the data folder (mode 0600). */
function embeddedKeys(dataDir: string): { hashKey: Buffer; dataKey: Buffer } {
  const file = path.join(dataDir, "secrets.json");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const fresh = {
      hashKey: randomBytes(32).toString("base64"),
      dataKey: randomBytes(32).toString("base64"),
    };
    writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: "wx" });
  }
  const stored = z
    .object({ hashKey: key32, dataKey: key32 })
    .parse(JSON.parse(readFileSync(file, "utf8")));
  return stored;
}

/** The Shopify app's settings, when its variables are set (all or none). */
function shopifyApp(env: NodeJS.ProcessEnv, production: boolean): { shopify?: ShopifyAppConfig } {
  try {
    const shopify = loadShopifyConfig(env, { production });
    return "missing" in shopify ? {} : { shopify };
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
}

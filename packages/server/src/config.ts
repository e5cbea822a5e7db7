// Configuration, read from the environment and validated once at start-up.
// A missing secret is a start-up error, never a default; only the embedded
// mode (no DATABASE_URL, not production) generates its own keys, into its own
// data folder, so `./smspay start` works on a fresh clone.

import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

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
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
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
  readonly logLevel: string;
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
    logLevel: e.LOG_LEVEL,
  };
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

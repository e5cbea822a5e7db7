// SMSPAY_TRANSPORTS (JSON) or the file SMSPAY_TRANSPORTS_FILE names: the
// configured transports and the routing table, validated once at start-up.
// Any string may be given as {"env": "NAME"} to read it from the environment
// (secrets stay out of the file); a missing variable is a start-up error.

import type { InboundWebhookTransport, SmsTransport } from "@smspay/core";
import { z } from "zod";
import { CircuitBreaker } from "./circuit-breaker.ts";
import { type Route, SmsRouter } from "./sms-router.ts";
import { TRANSPORT_TYPES } from "./transport-factories.ts";
import type {
  BuiltTransport,
  PreparedTransport,
  TransportContext,
  TransportFactory,
} from "./transport-factory.ts";

export type TransportSettings = {
  readonly transports: readonly PreparedTransport[];
  readonly routes: readonly Route[];
  readonly circuitBreaker: { readonly failures: number; readonly openMs: number };
};

const NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;

const settingsSchema = z
  .object({
    transports: z
      .array(
        z.looseObject({
          name: z.string().regex(NAME, "lower-case letters, digits, - and _"),
          type: z.string(),
        }),
      )
      .min(1),
    routes: z
      .array(
        z
          .object({
            senders: z.array(z.string().min(1)).min(1).optional(),
            countries: z
              .array(z.string().regex(/^[A-Z]{2}$/, "ISO 3166 alpha-2, e.g. FR"))
              .min(1)
              .optional(),
            via: z.array(z.string()).min(1),
          })
          .strict(),
      )
      .default([]),
    circuitBreaker: z
      .object({
        failures: z.number().int().min(1).max(1_000).default(5),
        openSeconds: z.number().int().min(1).max(3_600).default(30),
      })
      .strict()
      .default({ failures: 5, openSeconds: 30 }),
  })
  .strict();

export class TransportSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransportSettingsError";
  }
}

/** Parses the JSON text of the transport settings; throws TransportSettingsError naming each problem. */
export function parseTransportSettings(
  json: string,
  env: Readonly<Record<string, string | undefined>>,
  types: readonly TransportFactory[] = TRANSPORT_TYPES,
): TransportSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new TransportSettingsError(`not valid JSON: ${(error as Error).message}`);
  }
  const resolved = resolveEnv(raw, env, "");
  const parsed = settingsSchema.safeParse(resolved);
  if (!parsed.success) throw new TransportSettingsError(describe(parsed.error, ""));
  const problems: string[] = [];
  const transports: PreparedTransport[] = [];
  for (const [index, { name, type, ...options }] of parsed.data.transports.entries()) {
    const factory = types.find((t) => t.type === type);
    if (!factory) {
      problems.push(
        `transports.${index}.type: unknown "${type}" (${types.map((t) => t.type).join(", ")})`,
      );
      continue;
    }
    if (name === "sandbox" || transports.some((t) => t.name === name)) {
      problems.push(`transports.${index}.name: "${name}" is taken`);
      continue;
    }
    try {
      transports.push(factory.prepare(name, options));
    } catch (error) {
      problems.push(
        error instanceof z.ZodError ? describe(error, `transports.${index}.`) : String(error),
      );
    }
  }
  for (const [index, route] of parsed.data.routes.entries()) {
    for (const via of route.via) {
      if (!parsed.data.transports.some((t) => t.name === via)) {
        problems.push(`routes.${index}.via: no transport named "${via}"`);
      }
    }
  }
  if (problems.length > 0) throw new TransportSettingsError(problems.join("; "));
  return {
    transports,
    routes: parsed.data.routes.map((r) => ({
      ...(r.senders ? { senders: r.senders } : {}),
      ...(r.countries ? { countries: r.countries } : {}),
      via: r.via,
    })),
    circuitBreaker: {
      failures: parsed.data.circuitBreaker.failures,
      openMs: parsed.data.circuitBreaker.openSeconds * 1000,
    },
  };
}

export type ConfiguredTransports = {
  /** For the outbox: each configured name, sending through the routing table. */
  readonly senders: ReadonlyMap<string, SmsTransport>;
  /** For /webhooks/sms/:name. */
  readonly webhooks: ReadonlyMap<string, InboundWebhookTransport>;
  start(): void;
  close(): Promise<void>;
};

export function buildTransports(
  settings: TransportSettings,
  context: TransportContext,
): ConfiguredTransports {
  const built = new Map<string, BuiltTransport>(
    settings.transports.map((t) => [t.name, t.build(context)]),
  );
  const router = new SmsRouter({
    transports: new Map([...built].map(([name, b]) => [name, b.transport])),
    routes: settings.routes,
    breaker: new CircuitBreaker(settings.circuitBreaker),
    onFailover: (failed, error) =>
      context.onEvent(failed, "failover", error instanceof Error ? error.message : String(error)),
  });
  const webhooks = new Map(
    [...built].flatMap(([name, b]) => (b.webhook ? [[name, b.webhook] as const] : [])),
  );
  return {
    senders: new Map([...built.keys()].map((name) => [name, router.entry(name)])),
    webhooks,
    start() {
      for (const b of built.values()) b.start?.();
    },
    async close() {
      await Promise.all([...built.values()].map((b) => b.close?.()));
    },
  };
}

/** Replaces every {"env": "NAME"} with the variable's value. */
function resolveEnv(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  at: string,
): unknown {
  if (Array.isArray(value)) return value.map((item, i) => resolveEnv(item, env, `${at}${i}.`));
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0]?.[0] === "env" && typeof entries[0][1] === "string") {
    const name = entries[0][1];
    const found = env[name];
    if (!found) {
      throw new TransportSettingsError(
        `${at.replace(/\.$/, "")}: environment variable ${name} is not set`,
      );
    }
    return found;
  }
  return Object.fromEntries(
    entries.map(([key, item]) => [key, resolveEnv(item, env, `${at}${key}.`)]),
  );
}

function describe(error: z.ZodError, prefix: string): string {
  return error.issues.map((i) => `${prefix}${i.path.join(".")}: ${i.message}`).join("; ");
}

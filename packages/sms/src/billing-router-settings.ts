// SMSPAY_CARRIER_BILLING (JSON) or the file SMSPAY_CARRIER_BILLING_FILE names:
// the operators' billing APIs and the routes choosing one per phone, validated
// once at start-up. Secrets are never written in the settings: each is
// {"env": "NAME"}, read from that variable, and a missing one is a start-up
// error (fail closed: smspay never calls an operator without its credentials).

import type { CarrierBilling } from "@smspay/core";
import { z } from "zod";
import { type BillingRoute, CarrierBillingRouter } from "./billing-router.ts";
import { OneApiBilling, type OneApiBillingSettings } from "./oneapi/oneapi-billing.ts";

/** One operator's billing API; `type` says which protocol it speaks. */
export type BillingOperatorSettings = { readonly type: "oneapi" } & OneApiBillingSettings;

export type CarrierBillingSettings = {
  readonly operators: readonly BillingOperatorSettings[];
  readonly routes: readonly BillingRoute[];
};

export const NO_CARRIER_BILLING: CarrierBillingSettings = { operators: [], routes: [] };

const secret = z
  .object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name") })
  .strict();
const httpUrl = z.url({ protocol: /^https?$/ });

const authSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("basic"), username: z.string().min(1), password: secret }).strict(),
  z
    .object({
      type: z.literal("oauth2"),
      tokenUrl: httpUrl,
      clientId: z.string().min(1),
      clientSecret: secret,
      scope: z.string().min(1).optional(),
    })
    .strict(),
]);

const operatorSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "lower-case letters, digits, - and _"),
    type: z.literal("oneapi"),
    baseUrl: httpUrl,
    auth: authSchema,
    purchaseCategoryCode: z.string().min(1).max(60).optional(),
    onBehalfOf: z.string().min(1).max(60).optional(),
  })
  .strict();

const routeSchema = z
  .object({
    countries: z
      .array(z.string().regex(/^[A-Z]{2}$/, "ISO 3166 alpha-2, e.g. FR"))
      .min(1)
      .optional(),
    prefixes: z
      .array(
        z
          .string()
          .transform((prefix) => prefix.replaceAll(" ", ""))
          .pipe(z.string().regex(/^\+[1-9]\d{0,14}$/, "an E.164 prefix such as +3361")),
      )
      .min(1)
      .optional(),
    operator: z.string(),
  })
  .strict();

const settingsSchema = z
  .object({ operators: z.array(operatorSchema).min(1), routes: z.array(routeSchema).default([]) })
  .strict();

export class CarrierBillingSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CarrierBillingSettingsError";
  }
}

/** Parses the settings' JSON text; throws CarrierBillingSettingsError naming every problem. */
export function parseCarrierBillingSettings(
  json: string,
  env: Readonly<Record<string, string | undefined>>,
): CarrierBillingSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new CarrierBillingSettingsError(`not valid JSON: ${(error as Error).message}`);
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CarrierBillingSettingsError(
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    );
  }
  const problems: string[] = [];
  const read = (value: { env: string }, at: string): string => {
    const found = env[value.env];
    if (!found) problems.push(`${at}: environment variable ${value.env} is not set`);
    return found ?? "";
  };
  const operators = parsed.data.operators.map((operator, index): BillingOperatorSettings => {
    const at = `operators.${index}.auth`;
    const { auth, ...rest } = operator;
    if (parsed.data.operators.findIndex((o) => o.name === operator.name) !== index) {
      problems.push(`operators.${index}.name: "${operator.name}" is taken`);
    }
    return {
      ...rest,
      auth:
        auth.type === "basic"
          ? { ...auth, password: read(auth.password, `${at}.password`) }
          : { ...auth, clientSecret: read(auth.clientSecret, `${at}.clientSecret`) },
    };
  });
  for (const [index, route] of parsed.data.routes.entries()) {
    if (!operators.some((o) => o.name === route.operator)) {
      problems.push(`routes.${index}.operator: no operator named "${route.operator}"`);
    }
  }
  if (problems.length > 0) throw new CarrierBillingSettingsError(problems.join("; "));
  return { operators, routes: parsed.data.routes };
}

/**
 * The router every live carrier-billing charge and refund goes through;
 * `timeoutMs` bounds each call to an operator (the worker's lease covers it).
 */
export function buildCarrierBilling(
  settings: CarrierBillingSettings,
  options: { readonly timeoutMs: number },
): CarrierBillingRouter {
  return new CarrierBillingRouter({
    operators: new Map<string, CarrierBilling>(
      settings.operators.map((operator) => [
        operator.name,
        new OneApiBilling({ ...operator, timeoutMs: options.timeoutMs }),
      ]),
    ),
    routes: settings.routes,
  });
}

// The merchant's request to create a payment, validated once here so the HTTP
// layer, the CLI and the platform adapters all accept exactly the same thing.
// (The OpenAPI document is generated from these schemas.)

import { createHash } from "node:crypto";
import { z } from "zod";
import { SmspayError } from "./errors.ts";
import { isSupportedCurrency, isValidAmount } from "./money.ts";

export const httpUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:";
    } catch {
      return false;
    }
  }, "must be an http(s) URL");

export const createPaymentSchema = z
  .object({
    amount: z
      .number()
      .refine(isValidAmount, "must be a positive whole number of minor units (EUR 4.50 is 450)"),
    currency: z
      .string()
      .refine(isSupportedCurrency, "must be a supported ISO 4217 code such as EUR"),
    orderRef: z.string().trim().min(1).max(128),
    returnUrl: httpUrl,
    cancelUrl: httpUrl.optional(),
    description: z.string().trim().min(1).max(160).optional(),
    customer: z
      .object({
        phone: z.string().max(32).optional(),
        email: z.email().max(254).optional(),
        locale: z
          .string()
          .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, "must be a BCP 47 tag such as fr-FR")
          .optional(),
      })
      .strict()
      .optional(),
    metadata: z
      .record(z.string().max(40), z.string().max(500))
      .refine((m) => Object.keys(m).length <= 20, "at most 20 keys")
      .optional(),
    // Express payment (one "YES" reply pays) when the customer opted in at this shop.
    express: z.boolean().optional(),
    // A test payment: paid only in the sandbox, with virtual phones (test-mode.ts).
    test: z.boolean().optional(),
  })
  .strict()
  .refine((input) => !input.express || input.customer?.phone !== undefined, {
    path: ["express"],
    message: "needs customer.phone",
  });

export type CreatePaymentInput = z.infer<typeof createPaymentSchema>;

/** Turns zod's issues into our 400 with every offending field named. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    // zod reports every unknown key in one issue on the parent object; name each one.
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: [...at, key].join("."), message: "unknown field" }));
    }
    return [{ path: at.join(".") || "(body)", message: issue.message }];
  });
  throw new SmspayError(
    "invalid_request",
    `invalid ${what}: ${fields.map((f) => `${f.path} ${f.message}`).join("; ")}`,
    { fields },
  );
}

/** Stable fingerprint of a request body, to tell a retry from a different request. */
export function requestFingerprint(input: unknown): string {
  return createHash("sha256").update(canonicalJson(input)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

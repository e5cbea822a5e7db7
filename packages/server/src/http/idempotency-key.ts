// The `Idempotency-Key` header of merchant calls: the same key and body give
// the same result, also when requests race (payments, refunds, disputes).

import { SmspayError } from "@smspay/core";
import type { Request } from "express";
import { z } from "zod";

/** Also documented in the OpenAPI document (routes/openapi.ts). */
export const idempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces");

/** The request's key, if it sent one (a malformed one is a 400). */
export function readIdempotencyKey(req: Request): string | undefined {
  const header = req.get("idempotency-key");
  if (header === undefined) return undefined;
  const parsed = idempotencyKey.safeParse(header);
  if (!parsed.success) {
    throw new SmspayError("invalid_request", "invalid Idempotency-Key header", {
      fields: [{ path: "Idempotency-Key", message: parsed.error.issues[0]?.message ?? "invalid" }],
    });
  }
  return parsed.data;
}

/** The request's key, for calls that move money and must not run twice on a client's retry. */
export function requireIdempotencyKey(req: Request): string {
  const key = readIdempotencyKey(req);
  if (key === undefined) {
    throw new SmspayError("invalid_request", "this call needs an Idempotency-Key header", {
      fields: [{ path: "Idempotency-Key", message: "required: a unique key per refund" }],
    });
  }
  return key;
}

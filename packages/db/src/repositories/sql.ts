// Small helpers shared by the repositories. They speak SQL through Prisma's
// raw queries: the hot paths need statements Prisma's query API cannot express
// (ON CONFLICT, FOR UPDATE [SKIP LOCKED], conditional upserts), and a raw query
// costs a third of a model query in Prisma's JavaScript engine.
//
// Parameters travel untyped, so PostgreSQL infers their types from context:
// wherever the context does not fix a type (a parameter compared with another
// parameter, a JSON value), the SQL casts it explicitly.

import { Prisma } from "../generated/prisma/client.ts";

/** A jsonb parameter (`${jsonb(value)}` stands for `$n::jsonb`). */
export function jsonb(value: unknown): Prisma.Sql {
  return Prisma.sql`${value === null ? null : JSON.stringify(value)}::jsonb`;
}

/** Narrows a text column to one of the domain's string unions, failing loudly on anything else. */
export function oneOf<const T extends string>(
  allowed: readonly T[],
  value: string,
  column: string,
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`unexpected ${column} in storage: ${JSON.stringify(value)}`);
}

/** A jsonb object column as the domain's record (arrays and scalars are not records). */
export function record(value: unknown, column: string): Record<string, unknown> {
  if (value !== null && typeof value === "object" && !Array.isArray(value))
    return value as Record<string, unknown>;
  throw new Error(`unexpected ${column} in storage: not a JSON object`);
}

// pglite-prisma-adapter, with database errors reported the way
// @prisma/adapter-pg reports them.
//
// pglite-prisma-adapter 0.6 passes every PostgreSQL error on as a raw
// `{ kind: "postgres", code }`. Prisma 6.19's client only turns the classified
// kinds into its known errors, so on PGlite a unique violation surfaced as a
// bare DriverAdapterError instead of P2002 (and so on). Classifying the same
// SQLSTATEs as adapter-pg 6.19 does makes both kinds of database fail alike.
import type { PGlite } from "@electric-sql/pglite";
import {
  DriverAdapterError,
  type Error as DriverError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQueryable,
} from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

export function pgliteAdapter(pglite: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaPGlite(pglite);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => classifyAdapter(await inner.connect()),
    connectToShadowDb: async () => classifyAdapter(await inner.connectToShadowDb()),
  };
}

function classifyAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  classifyQueries(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) =>
    classifyQueries(await startTransaction(isolationLevel));
  return adapter;
}

/** Wraps the queryable's own methods (the adapter's objects are class instances). */
function classifyQueries<Q extends SqlQueryable>(queryable: Q): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  const executeRaw = queryable.executeRaw.bind(queryable);
  queryable.queryRaw = (query) => queryRaw(query).catch(rethrowClassified);
  queryable.executeRaw = (query) => executeRaw(query).catch(rethrowClassified);
  return queryable;
}

function rethrowClassified(error: unknown): never {
  if (error instanceof Error && error.name === "DriverAdapterError") {
    const cause = (error as DriverAdapterError).cause;
    if (cause.kind === "postgres") {
      const classified = classify(cause);
      if (classified) throw new DriverAdapterError(classified);
    }
  }
  throw error;
}

type PostgresError = Extract<DriverError, { kind: "postgres" }>;

/** The SQLSTATEs adapter-pg 6.19 classifies that PGlite can produce (no sockets, TLS, auth). */
function classify(e: PostgresError): DriverError | undefined {
  const original = { originalCode: e.code, originalMessage: e.message };
  // "Key (a, b)=(1, 2) already exists."
  const keyFields = e.detail?.match(/Key \(([^)]+)\)/)?.[1]?.split(", ");
  const constraint = keyFields ? { constraint: { fields: keyFields } } : {};
  switch (e.code) {
    case "22001":
      return { ...original, kind: "LengthMismatch", ...(e.column ? { column: e.column } : {}) };
    case "22003":
      return { ...original, kind: "ValueOutOfRange", cause: e.message };
    case "23505":
      return { ...original, kind: "UniqueConstraintViolation", ...constraint };
    case "23502":
      return { ...original, kind: "NullConstraintViolation", ...constraint };
    case "23503":
      return {
        ...original,
        kind: "ForeignKeyConstraintViolation",
        ...(e.column ? { constraint: { fields: [e.column] } } : {}),
      };
    case "40001":
      return { ...original, kind: "TransactionWriteConflict" };
    default:
      return undefined;
  }
}

// Opening the database: PostgreSQL (production, CI) or the embedded PGlite
// (local default, fast tests). Both are driven by the same generated Prisma
// client through a driver adapter, so no native query engine is involved.
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client.ts";
import { pgliteAdapter } from "./pglite-adapter.ts";

export type DatabaseKind = "pglite" | "postgres";

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string. When absent, PGlite is used. */
  url?: string | undefined;
  /** PGlite data folder (created if missing), or `memory://` for a throwaway database. */
  dataDir?: string | undefined;
  /** Connections in the `pg` pool (PostgreSQL only). Default 10. */
  poolSize?: number | undefined;
  /** Called with errors of idle pooled connections (e.g. server restart). Default: stderr. */
  onPoolError?: ((error: Error) => void) | undefined;
}

/**
 * Raw SQL on a driver connection inside one transaction, bypassing Prisma.
 * Meant for migrations and maintenance: it runs multi-statement scripts and has
 * no interactive-transaction timeout. Repositories use Prisma (`tx.$queryRaw`).
 */
export interface RawSql {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  exec(script: string): Promise<void>;
}

export interface Database {
  readonly prisma: PrismaClient;
  readonly kind: DatabaseKind;
  /** Runs `fn` in a transaction (committed when it resolves, rolled back when it throws). */
  rawTransaction<T>(fn: (sql: RawSql) => Promise<T>): Promise<T>;
  /** Disconnects Prisma and closes the pool or the PGlite instance. */
  close(): Promise<void>;
}

export const DEFAULT_POOL_SIZE = 10;

// Prisma ends an interactive transaction after 5 s by default, even while it is
// still working: under load that turned a slow delivery receipt into a lost one.
// A transaction here is a handful of short statements; the bound only guards
// against a stuck one holding its row locks forever.
const TRANSACTION_TIMEOUT_MS = 60_000;

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  if (options.url) return openPostgres(options.url, options);
  const dataDir = options.dataDir ?? "memory://";
  // PGlite creates only the last level of its folder.
  if (!dataDir.includes("://")) await mkdir(dataDir, { recursive: true });
  return wrapPGlite(await PGlite.create(dataDir));
}

/**
 * A Database over an already open PGlite instance, which it then owns (closes).
 * Used by the test kit to hand out clones of a migrated template.
 */
export function wrapPGlite(pglite: PGlite): Database {
  const prisma = new PrismaClient({
    adapter: pgliteAdapter(pglite),
    // PGlite has a single connection, so interactive transactions queue behind
    // each other; a burst of them can wait longer than Prisma's 2 s default.
    transactionOptions: { maxWait: 30_000, timeout: TRANSACTION_TIMEOUT_MS },
  });
  return {
    prisma,
    kind: "pglite",
    rawTransaction: (fn) =>
      pglite.transaction((tx) =>
        fn({
          query: async <Row>(text: string, params?: unknown[]) =>
            (await tx.query<Row>(text, params)).rows,
          exec: async (script) => {
            await tx.exec(script);
          },
        }),
      ),
    close: async () => {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}

function openPostgres(url: string, options: OpenDatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    // @prisma/adapter-pg 6.19 writes and reads timestamps without their zone:
    // only a UTC session keeps them right whatever the server's TimeZone is.
    options: "-c TimeZone=UTC",
    // When the server is down, fail the request (503) instead of queueing it forever.
    connectionTimeoutMillis: 5_000,
  });
  // Without a listener an idle connection's error (server restart, network)
  // would crash the process; the pool replaces the connection by itself.
  pool.on("error", options.onPoolError ?? ((error) => console.error("smspay db pool:", error)));
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    // Under load every pooled connection can be busy; waiting for one is
    // better than failing a payment after Prisma's 2 s default.
    transactionOptions: { maxWait: 10_000, timeout: TRANSACTION_TIMEOUT_MS },
  });
  let closed = false;
  return {
    prisma,
    kind: "postgres",
    rawTransaction: async (fn) => {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query("BEGIN");
        const result = await fn({
          query: async <Row>(text: string, params?: unknown[]) =>
            (await client.query(text, params)).rows as Row[],
          exec: async (script) => {
            // No parameters: pg uses the simple query protocol, which accepts
            // several statements in one string.
            await client.query(script);
          },
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

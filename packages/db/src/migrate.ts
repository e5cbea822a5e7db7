// Applies the committed migrations at start-up without the Prisma CLI: the
// production image does not ship it, and tests create many fresh databases.
//
// The bookkeeping is Prisma's own (`_prisma_migrations`, same columns, checksum
// = sha256 hex of migration.sql), so `prisma migrate status` and `prisma
// migrate deploy` agree with what this module did and vice versa.
//
// Each migration runs in its own transaction that first takes Prisma's
// migration advisory lock, so concurrent start-ups (and a concurrent
// `prisma migrate deploy`) serialize; whoever comes second re-reads the table
// and finds nothing left to do. Consequence: a migration must be valid inside
// a transaction (no CREATE INDEX CONCURRENTLY).
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Database, RawSql } from "./database.ts";

/** The committed migrations of this package. */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations/", import.meta.url));

/** The key Prisma's schema engine locks on PostgreSQL during migrate deploy/dev. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

// Prisma's schema engine creates exactly this table (postgres flavour).
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

export interface Migration {
  /** The folder name, e.g. `20261127071125_init`; migrations apply in name order. */
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateOptions {
  /** Folder of `<name>/migration.sql` folders. Default: this package's. */
  dir?: string | undefined;
}

export interface MigrateResult {
  /** Migrations this call applied, in order (empty when up to date). */
  applied: string[];
}

export class MigrationError extends Error {
  override readonly name = "MigrationError";
}

/** Reads the migration folders, sorted by name as Prisma does. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/** Brings the database up to date with the migration folders; a no-op when it is. */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = await readMigrations(options.dir);
  const applied: string[] = [];
  for (;;) {
    const name = await db.rawTransaction((sql) => applyNext(sql, migrations));
    if (name === undefined) return { applied };
    applied.push(name);
  }
}

interface MigrationRow {
  migration_name: string;
  finished_at: unknown;
}

/** Applies the first pending migration, under the lock; undefined when none is pending. */
async function applyNext(sql: RawSql, migrations: Migration[]): Promise<string | undefined> {
  await sql.query("SELECT pg_advisory_xact_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
  await sql.exec(CREATE_MIGRATIONS_TABLE);
  // Rows rolled back by `prisma migrate resolve --rolled-back` do not count.
  const rows = await sql.query<MigrationRow>(
    "SELECT migration_name, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL",
  );
  // Like `prisma migrate deploy`, refuse to go on past a failed migration (one
  // that `prisma migrate deploy` left behind; ours roll back instead).
  const failed = rows.find((r) => r.finished_at === null);
  if (failed) {
    throw new MigrationError(
      `migration ${failed.migration_name} failed earlier; fix the database, then ` +
        "`prisma migrate resolve --applied|--rolled-back` it",
    );
  }
  const done = new Set(rows.map((r) => r.migration_name));
  const next = migrations.find((m) => !done.has(m.name));
  if (!next) return undefined;

  const id = randomUUID();
  await sql.query(
    "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)" +
      " VALUES ($1, $2, $3, clock_timestamp(), 0)",
    [id, next.checksum, next.name],
  );
  try {
    await sql.exec(next.sql);
  } catch (error) {
    throw new MigrationError(`migration ${next.name} failed: ${String(error)}`, { cause: error });
  }
  await sql.query(
    "UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1",
    [id],
  );
  return next.name;
}

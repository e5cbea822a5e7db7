export {
  type Database,
  type DatabaseKind,
  DEFAULT_POOL_SIZE,
  type OpenDatabaseOptions,
  openDatabase,
  type RawSql,
  wrapPGlite,
} from "./database.ts";
export { Prisma, PrismaClient } from "./generated/prisma/client.ts";
export {
  MIGRATIONS_DIR,
  type MigrateOptions,
  type MigrateResult,
  type Migration,
  MigrationError,
  migrate,
  readMigrations,
} from "./migrate.ts";
export { createPrismaSandboxLedger } from "./prisma-sandbox-ledger.ts";
export { createPrismaStore, createRepositories } from "./prisma-store.ts";
export type { DbClient, DbTransaction } from "./types.ts";

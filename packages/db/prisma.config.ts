// Prisma CLI configuration (generate, migrate diff/status/deploy, studio).
//
// The JavaScript schema engine talks to the database through a driver adapter,
// so the CLI never downloads native engine binaries (this is what keeps
// `prisma generate` and migrations working with no network but npm):
// - DATABASE_URL set: PostgreSQL through `@prisma/adapter-pg` **7.10**, installed
//   as the alias `@prisma/adapter-pg-migrate`. The 6.19.3 adapter cannot
//   deserialize the `name` column type (OID 19) that the migration engine reads
//   from the catalogs, so `migrate deploy` fails with it (prisma/orm#27403).
//   The application itself keeps using 6.19.3 (see src/database.ts).
// - DATABASE_URL unset: the embedded PGlite database, in the folder
//   `./smspay start` uses: $SMSPAY_DATA_DIR/pglite (relative to the repository
//   root, default .data). `migrate diff` works there, but `migrate deploy`
//   applies and then never exits (PGlite's timers keep the CLI alive): the
//   server migrates PGlite by itself at start-up anyway.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg-migrate";
import { defineConfig } from "prisma/config";

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  schema: path.join(here, "prisma", "schema.prisma"),
  migrations: { path: path.join(here, "prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    const url = process.env.DATABASE_URL;
    // The CLI never disposes the adapter: without allowExitOnIdle the idle
    // pooled connections keep every command alive for another 10 s.
    if (url) return new PrismaPg({ connectionString: url, allowExitOnIdle: true });
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    const root = path.join(here, "..", "..");
    const dataDir = path.join(path.resolve(root, process.env.SMSPAY_DATA_DIR ?? ".data"), "pglite");
    mkdirSync(dataDir, { recursive: true }); // PGlite creates only the last level
    return new PrismaPGlite(await PGlite.create(dataDir));
  },
});

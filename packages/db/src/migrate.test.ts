import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createPostgresDatabase, testPostgresServerUrl } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "./database.ts";
import { MigrationError, migrate, readMigrations } from "./migrate.ts";

interface Fresh {
  db: Database;
  cleanup(): Promise<void>;
}

/** A new, unmigrated database of each kind. */
const kinds: { kind: string; fresh(): Promise<Fresh> }[] = [
  {
    kind: "pglite",
    async fresh() {
      const db = await openDatabase({ dataDir: "memory://" });
      return { db, cleanup: () => db.close() };
    },
  },
];
const serverUrl = testPostgresServerUrl();
if (serverUrl) {
  kinds.push({
    kind: "postgres",
    async fresh() {
      const scratch = await createPostgresDatabase(serverUrl);
      const db = await openDatabase({ url: scratch.url });
      return {
        db,
        cleanup: async () => {
          await db.close();
          await scratch.drop();
        },
      };
    },
  });
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const historyOf = (db: Database) =>
  db.rawTransaction((sql) =>
    sql.query<MigrationRow>("SELECT * FROM _prisma_migrations ORDER BY migration_name"),
  );

const tablesOf = async (db: Database) =>
  (
    await db.rawTransaction((sql) =>
      sql.query<{ tablename: string }>(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      ),
    )
  ).map((r) => r.tablename);

/** A migrations folder with the given scripts, named in order. */
async function migrationsDir(scripts: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "smspay-migrations-"));
  for (const [name, sql] of Object.entries(scripts)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe.each(kinds)("migrate on $kind", ({ fresh }) => {
  describe("the committed migrations", () => {
    let target: Fresh;
    beforeAll(async () => {
      target = await fresh();
    });
    afterAll(() => target.cleanup());

    it("applies them all and records them as Prisma does", async () => {
      const migrations = await readMigrations();
      expect(migrations.length).toBeGreaterThan(0);

      const result = await migrate(target.db);

      expect(result.applied).toEqual(migrations.map((m) => m.name));
      expect(await tablesOf(target.db)).toEqual(
        expect.arrayContaining(["_prisma_migrations", "merchants", "payments", "payment_events"]),
      );
      const history = await historyOf(target.db);
      expect(history).toHaveLength(migrations.length);
      history.forEach((row, i) => {
        expect(row).toMatchObject({
          migration_name: migrations[i]?.name,
          checksum: migrations[i]?.checksum,
          logs: null,
          rolled_back_at: null,
          applied_steps_count: 1,
        });
        expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.started_at).toBeInstanceOf(Date);
      });
    });

    it("is idempotent", async () => {
      const before = await historyOf(target.db);
      expect(await migrate(target.db)).toEqual({ applied: [] });
      expect(await migrate(target.db)).toEqual({ applied: [] });
      expect(await historyOf(target.db)).toEqual(before);
    });
  });

  it("rolls a failing migration back whole and records nothing for it", async () => {
    const target = await fresh();
    const dir = await migrationsDir({
      "001_ok": "CREATE TABLE a (id int);",
      "002_bad": "CREATE TABLE b (id int);\nSELECT 1 / 0;",
      "003_later": "CREATE TABLE c (id int);",
    });
    try {
      await expect(migrate(target.db, { dir })).rejects.toThrow(MigrationError);
      expect(await tablesOf(target.db)).toEqual(["_prisma_migrations", "a"]);
      expect((await historyOf(target.db)).map((r) => r.migration_name)).toEqual(["001_ok"]);
    } finally {
      await rm(dir, { recursive: true });
      await target.cleanup();
    }
  });

  it("refuses to go past a migration Prisma recorded as failed", async () => {
    const target = await fresh();
    const dir = await migrationsDir({ "001_ok": "CREATE TABLE a (id int);" });
    const empty = await migrationsDir({});
    try {
      await migrate(target.db, { dir: empty }); // creates the history table
      await target.db.rawTransaction((sql) =>
        sql.query(
          "INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ($1, $2, $3)",
          ["00000000-0000-4000-8000-000000000000", "0".repeat(64), "000_failed"],
        ),
      );
      await expect(migrate(target.db, { dir })).rejects.toThrow(/000_failed failed earlier/);
      expect(await tablesOf(target.db)).toEqual(["_prisma_migrations"]);
    } finally {
      await rm(dir, { recursive: true });
      await rm(empty, { recursive: true });
      await target.cleanup();
    }
  });
});

describe.runIf(serverUrl)("migrate on one PostgreSQL database from several processes", () => {
  it("lets concurrent start-ups all succeed, applying each migration once", async () => {
    const scratch = await createPostgresDatabase(serverUrl);
    // Separate pools stand in for separate processes.
    const dbs = await Promise.all([1, 2, 3].map(() => openDatabase({ url: scratch.url })));
    try {
      const results = await Promise.all(dbs.map((db) => migrate(db)));
      const names = (await readMigrations()).map((m) => m.name);
      expect(results.flatMap((r) => r.applied).sort()).toEqual(names);
      const [first] = dbs;
      if (!first) throw new Error("no database");
      expect((await historyOf(first)).map((r) => r.migration_name)).toEqual(names);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
      await scratch.drop();
    }
  });

  // The Prisma CLI and migrate() must agree in both directions. (Slow: each
  // CLI run loads the schema engine.)
  it("agrees with `prisma migrate status` and `prisma migrate deploy`", async () => {
    const ours = await createPostgresDatabase(serverUrl);
    const theirs = await createPostgresDatabase(serverUrl);
    const db = await openDatabase({ url: ours.url });
    try {
      await migrate(db);
      expect(await prismaCli(["migrate", "status"], ours.url)).toContain(
        "Database schema is up to date!",
      );

      expect(await prismaCli(["migrate", "deploy"], theirs.url)).toContain(
        "All migrations have been successfully applied.",
      );
      const deployed = await openDatabase({ url: theirs.url });
      try {
        expect(await migrate(deployed)).toEqual({ applied: [] });
        expect(await historyOf(deployed)).toMatchObject(
          (await historyOf(db)).map(({ migration_name, checksum }) => ({
            migration_name,
            checksum,
          })),
        );
      } finally {
        await deployed.close();
      }
    } finally {
      await db.close();
      await ours.drop();
      await theirs.drop();
    }
  }, 60_000);
});

async function prismaCli(args: string[], databaseUrl: string): Promise<string> {
  const packageDir = fileURLToPath(new URL("..", import.meta.url));
  const { stdout } = await promisify(execFile)(
    path.join(packageDir, "node_modules", ".bin", "prisma"),
    args,
    {
      cwd: packageDir,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1" },
    },
  );
  return stdout;
}

// `prisma migrate deploy` through a driver adapter splits a script on every
// semicolon, so one inside a comment, a string or a $$ body breaks it (while
// migrate() runs the script whole and would not notice).
describe("the committed migrations", () => {
  it("keep semicolons for statement ends only", async () => {
    const offenders: Record<string, string[]> = {};
    for (const { name, sql } of await readMigrations()) {
      const comments = sql.match(/--[^\n]*/g) ?? [];
      const strings = sql.replace(/--[^\n]*/g, "").match(/'[^']*'|\$\$/g) ?? [];
      const bad = [...comments, ...strings].filter((s) => s.includes(";") || s === "$$");
      if (bad.length > 0) offenders[name] = bad;
    }
    expect(offenders).toEqual({});
  });
});

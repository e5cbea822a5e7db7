// Fresh, migrated databases for contract suites, one factory per kind:
//
//   describe.each(testDatabases())("repository on $kind", (factory) => {
//     let db: TestDatabase;
//     beforeEach(async () => { db = await factory.open(); });
//     afterEach(() => db.close());
//     ...
//   });
//
// - pglite: an in-memory PGlite loaded from a migrated template image (~0.3 s
//   instead of ~2.5 s for initdb + migrate). The image is built once and cached
//   on disk, keyed by the migrations and the PGlite version, because Vitest
//   re-evaluates modules for every test file.
// - postgres: a new database `smspay_t_<time>_<random>` on the server at
//   SMSPAY_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres),
//   migrated, dropped on close. SMSPAY_TEST_PG_URL=off leaves it out.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import {
  type Database,
  type DatabaseKind,
  migrate,
  openDatabase,
  type PrismaClient,
  readMigrations,
  wrapPGlite,
} from "@smspay/db";
import pg from "pg";

export interface TestDatabase {
  readonly kind: DatabaseKind;
  readonly prisma: PrismaClient;
  /** The underlying handle, for code that takes a Database (e.g. `migrate`). */
  readonly db: Database;
  /** Closes the connection; a PostgreSQL test database is dropped too. */
  close(): Promise<void>;
}

export interface TestDatabaseFactory {
  readonly kind: DatabaseKind;
  open(): Promise<TestDatabase>;
}

export const DEFAULT_TEST_PG_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** The kinds of database every repository contract suite runs on. */
export function testDatabases(): TestDatabaseFactory[] {
  const serverUrl = testPostgresServerUrl();
  const factories: TestDatabaseFactory[] = [pgliteTestDatabase()];
  if (serverUrl) factories.push(postgresTestDatabase(serverUrl));
  return factories;
}

/** The server test databases are created on; undefined when SMSPAY_TEST_PG_URL=off. */
export function testPostgresServerUrl(): string | undefined {
  const url = process.env.SMSPAY_TEST_PG_URL ?? DEFAULT_TEST_PG_URL;
  return url === "off" ? undefined : url;
}

export function pgliteTestDatabase(): TestDatabaseFactory {
  return {
    kind: "pglite",
    async open() {
      const { image, wasm } = await pgliteTemplate();
      const db = wrapPGlite(await PGlite.create({ loadDataDir: image, ...wasm }));
      return { kind: db.kind, prisma: db.prisma, db, close: () => db.close() };
    },
  };
}

export function postgresTestDatabase(serverUrl: string = DEFAULT_TEST_PG_URL): TestDatabaseFactory {
  return {
    kind: "postgres",
    async open() {
      const scratch = await createPostgresDatabase(serverUrl);
      let db: Database | undefined;
      try {
        db = await openDatabase({ url: scratch.url, poolSize: 5 });
        await migrate(db);
      } catch (error) {
        await db?.close();
        await scratch.drop();
        throw error;
      }
      const opened = db;
      return {
        kind: opened.kind,
        prisma: opened.prisma,
        db: opened,
        close: async () => {
          await opened.close();
          await scratch.drop();
        },
      };
    },
  };
}

export interface ScratchPostgresDatabase {
  readonly name: string;
  readonly url: string;
  /** Drops it, disconnecting whoever is still connected. */
  drop(): Promise<void>;
}

/** A new, empty (unmigrated) database on the server; for tests of migrations themselves. */
export async function createPostgresDatabase(
  serverUrl: string = DEFAULT_TEST_PG_URL,
): Promise<ScratchPostgresDatabase> {
  await dropStaleDatabases(serverUrl);
  const name = `smspay_t_${Date.now().toString(36)}_${randomBytes(5).toString("hex")}`;
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.href,
    drop: async () => {
      await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function admin(serverUrl: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

// A test process killed before close() leaks its database; names carry their
// creation time so the next run can drop leftovers (6 h keeps clear of runs
// still in progress; a database someone is connected to is skipped).
const STALE_AFTER_MS = 6 * 3600_000;
let staleSweep: Promise<void> | undefined;

function dropStaleDatabases(serverUrl: string): Promise<void> {
  staleSweep ??= (async () => {
    const { rows } = await admin(
      serverUrl,
      "SELECT datname FROM pg_database WHERE datname LIKE 'smspay\\_t\\_%'",
    );
    for (const { datname } of rows as { datname: string }[]) {
      const born = Number.parseInt(datname.split("_")[2] ?? "", 36);
      if (!(Date.now() - born > STALE_AFTER_MS)) continue;
      await admin(serverUrl, `DROP DATABASE IF EXISTS ${datname}`).catch(() => {});
    }
  })();
  return staleSweep;
}

// --- PGlite template ---------------------------------------------------------

interface PGliteTemplate {
  image: Blob;
  wasm: Pick<PGliteOptions, "pgliteWasmModule" | "initdbWasmModule">;
}

// The tsconfig's lib (es2024, no DOM) has no WebAssembly typings; Node has the global.
type WasmModule = NonNullable<PGliteOptions["pgliteWasmModule"]>;
declare const WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> };

const CACHE_DIR = fileURLToPath(new URL("../node_modules/.cache/smspay-testkit/", import.meta.url));
let template: Promise<PGliteTemplate> | undefined;

function pgliteTemplate(): Promise<PGliteTemplate> {
  template ??= buildTemplate().catch((error: unknown) => {
    template = undefined; // let the next open() retry
    throw error;
  });
  return template;
}

async function buildTemplate(): Promise<PGliteTemplate> {
  const distDir = path.dirname(fileURLToPath(import.meta.resolve("@electric-sql/pglite")));
  const wasm = await compileWasm(distDir);
  const key = await templateKey(distDir);
  const file = path.join(CACHE_DIR, `pglite-${key}.tar`);
  const cached = await readFile(file).catch(() => undefined);
  if (cached) return { image: new Blob([cached]), wasm };

  const pglite = await PGlite.create({ ...wasm });
  const db = wrapPGlite(pglite);
  try {
    await migrate(db);
    const image = await pglite.dumpDataDir("none");
    await saveImage(file, image);
    return { image, wasm };
  } finally {
    await db.close();
  }
}

/** Compiling PGlite's WebAssembly once saves ~150 ms per instance. */
async function compileWasm(distDir: string): Promise<PGliteTemplate["wasm"]> {
  try {
    const [pgliteWasm, initdbWasm] = await Promise.all([
      readFile(path.join(distDir, "pglite.wasm")),
      readFile(path.join(distDir, "initdb.wasm")),
    ]);
    return {
      pgliteWasmModule: await WebAssembly.compile(pgliteWasm),
      initdbWasmModule: await WebAssembly.compile(initdbWasm),
    };
  } catch {
    return {}; // another PGlite layout: let PGlite load its own files
  }
}

/** Changes when a migration or the PGlite build (whose data format it is) changes. */
async function templateKey(distDir: string): Promise<string> {
  const hash = createHash("sha256");
  hash.update(await readFile(path.join(distDir, "..", "package.json")));
  for (const m of await readMigrations()) hash.update(`${m.name}\0${m.checksum}\0`);
  return hash.digest("hex").slice(0, 16);
}

async function saveImage(file: string, image: Blob): Promise<void> {
  try {
    await mkdir(CACHE_DIR, { recursive: true });
    // Images of older migrations are dead weight (~40 MB each).
    for (const old of await readdir(CACHE_DIR)) {
      if (old.startsWith("pglite-") && old !== path.basename(file)) {
        await rm(path.join(CACHE_DIR, old), { force: true });
      }
    }
    // Write then rename, so a parallel test process never reads half a file.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    await writeFile(tmp, new Uint8Array(await image.arrayBuffer()));
    await rename(tmp, file);
  } catch {
    // The cache only saves time; a read-only tree still runs the tests.
  }
}

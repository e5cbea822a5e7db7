import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const key = () => randomBytes(32).toString("base64");
const production = {
  NODE_ENV: "production",
  DATABASE_URL: "postgres://smspay@db.internal:5432/smspay",
  SMSPAY_HASH_KEY: key(),
  SMSPAY_DATA_KEY: key(),
};

describe("loadConfig", () => {
  it("runs the embedded default with no configuration at all, generating its keys once", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "smspay-config-"));
    const first = loadConfig({ SMSPAY_DATA_DIR: dataDir });
    expect(first).toMatchObject({
      production: false,
      port: 3000,
      sandbox: true,
      publicUrl: "http://localhost:3000",
    });
    expect(first.database).toEqual({ dataDir: path.join(dataDir, "pglite") });
    const secrets = path.join(dataDir, "secrets.json");
    expect((await stat(secrets)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(secrets, "utf8"))).toHaveProperty("hashKey");
    const second = loadConfig({ SMSPAY_DATA_DIR: dataDir });
    expect(second.keys.hashKey.equals(first.keys.hashKey)).toBe(true);
  });

  it("refuses to start without keys when a real database is configured", () => {
    expect(() => loadConfig({ DATABASE_URL: "postgres://localhost/smspay" })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: "postgres://localhost/smspay" })).toThrow(
      /SMSPAY_HASH_KEY and SMSPAY_DATA_KEY/,
    );
  });

  it("refuses keys of the wrong size", () => {
    expect(() =>
      loadConfig({ ...production, SMSPAY_HASH_KEY: Buffer.from("short").toString("base64") }),
    ).toThrow(/32 bytes/);
  });

  it("refuses the embedded database in production", () => {
    expect(() =>
      loadConfig({ NODE_ENV: "production", SMSPAY_HASH_KEY: key(), SMSPAY_DATA_KEY: key() }),
    ).toThrow(/DATABASE_URL is required/);
  });

  it("turns the sandbox off in production unless it is enabled explicitly", () => {
    expect(loadConfig(production).sandbox).toBe(false);
    expect(loadConfig({ ...production, SMSPAY_SANDBOX: "on" }).sandbox).toBe(true);
    expect(loadConfig({ ...production, NODE_ENV: "development" }).sandbox).toBe(true);
    expect(
      loadConfig({ ...production, NODE_ENV: "development", SMSPAY_SANDBOX: "off" }).sandbox,
    ).toBe(false);
  });

  it("names every invalid variable", () => {
    expect(() =>
      loadConfig({ ...production, PORT: "eighty", SMSPAY_PAYMENT_TTL_MINUTES: "0" }),
    ).toThrow(/PORT.*SMSPAY_PAYMENT_TTL_MINUTES|SMSPAY_PAYMENT_TTL_MINUTES.*PORT/);
  });

  it("lets merchants' URLs reach loopback outside production only, unless allowed", () => {
    const development = { ...production, NODE_ENV: "development" };
    expect(loadConfig(production).outboundAllow).toEqual([]);
    expect(loadConfig(development).outboundAllow).toEqual(["127.0.0.0/8", "::1/128"]);
    expect(
      loadConfig({ ...production, SMSPAY_OUTBOUND_ALLOW_PRIVATE: "10.0.0.0/8, fd00::/8" })
        .outboundAllow,
    ).toEqual(["10.0.0.0/8", "fd00::/8"]);
    expect(
      loadConfig({ ...development, SMSPAY_OUTBOUND_ALLOW_PRIVATE: "10.1.2.3" }).outboundAllow,
    ).toEqual(["127.0.0.0/8", "::1/128", "10.1.2.3"]);
    expect(loadConfig({ ...production, SMSPAY_OUTBOUND_ALLOW_PRIVATE: "on" }).outboundAllow).toBe(
      "all",
    );
    expect(
      loadConfig({ ...production, SMSPAY_OUTBOUND_ALLOW_PRIVATE: "off" }).outboundAllow,
    ).toEqual([]);
    expect(() =>
      loadConfig({ ...production, SMSPAY_OUTBOUND_ALLOW_PRIVATE: "10.0.0.0/8,intranet" }),
    ).toThrow(/SMSPAY_OUTBOUND_ALLOW_PRIVATE.*intranet/);
  });

  it("keeps every effect's calls well inside its lease", () => {
    expect(loadConfig(production)).toMatchObject({
      outboundTimeoutMs: 10_000,
      webhookTimeoutMs: 10_000,
      effectLeaseMs: 60_000,
    });
    expect(
      loadConfig({
        ...production,
        SMSPAY_OUTBOUND_TIMEOUT_SECONDS: "20",
        SMSPAY_EFFECT_LEASE_SECONDS: "40",
      }).outboundTimeoutMs,
    ).toBe(20_000);
    expect(() =>
      loadConfig({
        ...production,
        SMSPAY_OUTBOUND_TIMEOUT_SECONDS: "20",
        SMSPAY_EFFECT_LEASE_SECONDS: "39",
      }),
    ).toThrow(/SMSPAY_EFFECT_LEASE_SECONDS must be at least twice/);
    expect(() => loadConfig({ ...production, SMSPAY_OUTBOUND_TIMEOUT_SECONDS: "61" })).toThrow(
      /SMSPAY_OUTBOUND_TIMEOUT_SECONDS/,
    );
  });

  it("honours PORT and PUBLIC_URL", () => {
    expect(loadConfig({ ...production, PORT: "8080" }).publicUrl).toBe("http://localhost:8080");
    expect(loadConfig({ ...production, PUBLIC_URL: "https://pay.example.com/" }).publicUrl).toBe(
      "https://pay.example.com",
    );
  });
});

describe("the PIN route", () => {
  it("leaves from the sandbox's free code unless configured", () => {
    expect(loadConfig(production).pinRoute).toBeUndefined();
    expect(
      loadConfig({ ...production, SMSPAY_PIN_SENDER: "36111", SMSPAY_PIN_TRANSPORT: "kannel" })
        .pinRoute,
    ).toEqual({
      sender: "36111",
      transport: "kannel",
    });
    expect(() => loadConfig({ ...production, SMSPAY_PIN_SENDER: "not a valid sender id" })).toThrow(
      /SMSPAY_PIN_SENDER/,
    );
  });
});

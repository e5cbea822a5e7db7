// The carrier-billing part of the configuration: operators and routes from
// SMSPAY_CARRIER_BILLING or the file SMSPAY_CARRIER_BILLING_FILE names, with
// secrets from the environment; a missing secret refuses the start.

import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const key = () => randomBytes(32).toString("base64");
const base = {
  DATABASE_URL: "postgres://smspay@db.internal:5432/smspay",
  SMSPAY_HASH_KEY: key(),
  SMSPAY_DATA_KEY: key(),
};

const settings = JSON.stringify({
  operators: [
    {
      name: "orange",
      type: "oneapi",
      baseUrl: "https://api.orange.example/oneapi/1",
      auth: {
        type: "oauth2",
        tokenUrl: "https://api.orange.example/oauth/token",
        clientId: "smspay",
        clientSecret: { env: "ORANGE_DCB_SECRET" },
      },
    },
  ],
  routes: [{ countries: ["FR"], operator: "orange" }],
});

describe("carrier billing configuration", () => {
  it("reads the operators and routes, with the secret from its variable", () => {
    const config = loadConfig({
      ...base,
      SMSPAY_CARRIER_BILLING: settings,
      ORANGE_DCB_SECRET: "from-the-vault",
    });
    expect(config.carrierBilling?.operators[0]?.auth).toMatchObject({
      type: "oauth2",
      clientSecret: "from-the-vault",
    });
    expect(config.carrierBilling?.routes).toEqual([{ countries: ["FR"], operator: "orange" }]);
    expect(loadConfig(base).carrierBilling).toBeUndefined();
  });

  it("reads them from a file", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "smspay-dcb-")), "billing.json");
    writeFileSync(file, settings);
    const config = loadConfig({
      ...base,
      SMSPAY_CARRIER_BILLING_FILE: file,
      ORANGE_DCB_SECRET: "from-the-vault",
    });
    expect(config.carrierBilling?.operators.map((o) => o.name)).toEqual(["orange"]);
  });

  it("refuses to start when a route's operator lacks its secret", () => {
    const env = { ...base, SMSPAY_CARRIER_BILLING: settings };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(
      /SMSPAY_CARRIER_BILLING: operators\.0\.auth\.clientSecret: environment variable ORANGE_DCB_SECRET is not set/,
    );
  });

  it("refuses both the JSON and the file, and a file it cannot read", () => {
    expect(() =>
      loadConfig({
        ...base,
        SMSPAY_CARRIER_BILLING: settings,
        SMSPAY_CARRIER_BILLING_FILE: "/nowhere.json",
      }),
    ).toThrow(/set SMSPAY_CARRIER_BILLING or SMSPAY_CARRIER_BILLING_FILE, not both/);
    expect(() =>
      loadConfig({ ...base, SMSPAY_CARRIER_BILLING_FILE: "/nowhere/billing.json" }),
    ).toThrow(/SMSPAY_CARRIER_BILLING_FILE: cannot read \/nowhere\/billing\.json/);
  });
});

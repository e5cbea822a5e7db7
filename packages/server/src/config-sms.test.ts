// The SMS part of the configuration: cloud providers fail closed at start-up,
// and the operator's publisher identity comes whole or not at all.

import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const key = () => randomBytes(32).toString("base64");
const base = {
  DATABASE_URL: "postgres://smspay@db.internal:5432/smspay",
  SMSPAY_HASH_KEY: key(),
  SMSPAY_DATA_KEY: key(),
};

describe("SMS configuration", () => {
  it("refuses to start with a provider missing its webhook secret", () => {
    const env = { ...base, TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}` };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/TWILIO_AUTH_TOKEN/);
  });

  it("turns on a fully configured provider", () => {
    const config = loadConfig({
      ...base,
      VONAGE_API_KEY: "k",
      VONAGE_API_SECRET: "s",
      VONAGE_SIGNATURE_SECRET: "sig",
      VONAGE_SIGNATURE_METHOD: "sha256",
    });
    expect(config.cloudSms?.vonage?.signatureMethod).toBe("sha256");
    expect(config.cloudSms?.twilio).toBeUndefined();
  });

  it("takes the operator's publisher identity whole, or refuses half of it", () => {
    expect(
      loadConfig({
        ...base,
        SMSPAY_PUBLISHER_NAME: "Payline SAS",
        SMSPAY_PUBLISHER_CONTACT: "09 70 00 00 00",
      }).publisher,
    ).toEqual({ name: "Payline SAS", contact: "09 70 00 00 00" });
    expect(loadConfig(base).publisher).toBeUndefined();
    expect(() => loadConfig({ ...base, SMSPAY_PUBLISHER_NAME: "Payline SAS" })).toThrow(
      /SMSPAY_PUBLISHER_NAME and SMSPAY_PUBLISHER_CONTACT/,
    );
  });
});

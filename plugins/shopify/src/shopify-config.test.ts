import { describe, expect, it } from "vitest";
import { loadShopifyConfig } from "./shopify-config.ts";

const complete = {
  SHOPIFY_API_KEY: "client-id",
  SHOPIFY_API_SECRET: "shpss_0123456789abcdef",
  SHOPIFY_APP_URL: "https://pay.example.com",
};

describe("Shopify app configuration", () => {
  it("stays off, naming what is missing, when none of its variables is set", () => {
    expect(loadShopifyConfig({}, { production: true })).toEqual({
      missing: ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"],
    });
  });

  it("refuses a partial set-up rather than run without a secret", () => {
    const { SHOPIFY_API_SECRET: _secret, ...partial } = complete;
    expect(() => loadShopifyConfig(partial, { production: false })).toThrow(/SHOPIFY_API_SECRET/);
  });

  it("requires the client certificate check in production", () => {
    expect(() => loadShopifyConfig(complete, { production: true })).toThrow(/SHOPIFY_MTLS/);
    expect(() =>
      loadShopifyConfig({ ...complete, SHOPIFY_MTLS: "off" }, { production: true }),
    ).toThrow(/SHOPIFY_MTLS must be proxy/);
    const config = loadShopifyConfig({ ...complete, SHOPIFY_MTLS: "proxy" }, { production: true });
    expect(config).toMatchObject({
      apiVersion: "2026-10",
      clientCert: { mode: "proxy", header: "x-client-verify" },
      pendingAfterMs: 20_000,
    });
  });

  it("refuses an API version it does not speak", () => {
    expect(() =>
      loadShopifyConfig({ ...complete, SHOPIFY_API_VERSION: "2023-01" }, { production: false }),
    ).toThrow(/SHOPIFY_API_VERSION/);
  });
});

import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyShopifyWebhook } from "./webhook-hmac.ts";

describe("Shopify webhook HMAC", () => {
  const secret = "shpss_app_secret_for_tests";
  const body = Buffer.from(
    '{"shop_domain":"a.myshopify.com","customer":{"email":"é@example.com"}}',
  );
  // Computed independently of the module: base64(HMAC-SHA256(secret, raw body)).
  const header = createHmac("sha256", secret).update(body).digest("base64");

  it("accepts the signature of the raw bytes", () => {
    expect(verifyShopifyWebhook(secret, body, header)).toBe(true);
  });

  it("refuses a changed body, another secret, a missing header or no secret", () => {
    const changed = Buffer.from(body.toString().replace("a.myshopify", "b.myshopify"));
    expect(verifyShopifyWebhook(secret, changed, header)).toBe(false);
    expect(verifyShopifyWebhook("another-secret", body, header)).toBe(false);
    expect(verifyShopifyWebhook(secret, body, undefined)).toBe(false);
    expect(verifyShopifyWebhook("", body, header)).toBe(false);
    expect(verifyShopifyWebhook(secret, body, "bm90IGEgc2lnbmF0dXJl")).toBe(false);
  });

  it("refuses a body re-encoded after parsing (the check is over the bytes as sent)", () => {
    const reencoded = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1));
    expect(verifyShopifyWebhook(secret, reencoded, header)).toBe(false);
  });
});

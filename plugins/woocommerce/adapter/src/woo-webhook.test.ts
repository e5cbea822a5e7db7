import { describe, expect, it } from "vitest";
import { verifyWooWebhook } from "./woo-webhook.ts";

// Computed with PHP, as WooCommerce signs: base64_encode(hash_hmac('sha256', $body, $secret, true)).
const BODY = '{"id":1001,"status":"processing","total":"4.50"}';
const SECRET = "wc-webhook-secret";
const SIGNATURE = "oXTvvUZMRF9WO4V+ZnpNrgB12g9Nw9jymPCB1SwG4Rs=";

describe("verifyWooWebhook", () => {
  it("accepts WooCommerce's signature over the raw body", () => {
    expect(verifyWooWebhook(SECRET, BODY, SIGNATURE)).toBe(true);
    expect(verifyWooWebhook(SECRET, Buffer.from(BODY), ` ${SIGNATURE} `)).toBe(true);
  });

  it("rejects another body, another secret, a mangled or missing signature", () => {
    expect(verifyWooWebhook(SECRET, BODY.replace("4.50", "0.01"), SIGNATURE)).toBe(false);
    expect(verifyWooWebhook("other", BODY, SIGNATURE)).toBe(false);
    expect(verifyWooWebhook(SECRET, BODY, `${SIGNATURE.slice(0, -2)}x=`)).toBe(false);
    expect(verifyWooWebhook(SECRET, BODY, SIGNATURE.replace("=", ""))).toBe(false);
    expect(verifyWooWebhook(SECRET, BODY, undefined)).toBe(false);
  });

  it("fails closed without a secret", () => {
    expect(verifyWooWebhook("", BODY, SIGNATURE)).toBe(false);
  });
});

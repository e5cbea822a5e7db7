import { describe, expect, it } from "vitest";
import { birdSignature, isValidBirdSignature } from "./bird-signature.ts";

// Computed with openssl from the documented algorithm:
//   printf '%s\n%s\n' 1719823259 https://smspay.example/webhooks/sms/bird > payload
//   printf %s "$BODY" | openssl dgst -sha256 -binary >> payload
//   openssl dgst -sha256 -hmac bird-signing-key-123 -binary payload | base64
const VECTOR = {
  signingKey: "bird-signing-key-123",
  timestamp: "1719823259",
  url: "https://smspay.example/webhooks/sms/bird",
  body: Buffer.from('{"service":"channels","event":"sms.inbound","payload":{"id":"m1"}}'),
  signature: "LF2biJ9eutxhogdP+MIqejfo5zSmq8hFokv8fNIslLU=",
};
const SIGNED_AT = new Date(1719823259 * 1000);

describe("Bird webhook signature", () => {
  it("matches the vector computed from the documented algorithm", () => {
    expect(birdSignature(VECTOR.signingKey, VECTOR.timestamp, VECTOR.url, VECTOR.body)).toBe(
      VECTOR.signature,
    );
  });

  it("accepts the genuine request within five minutes of its timestamp", () => {
    const now = new Date(SIGNED_AT.getTime() + 299_000);
    expect(isValidBirdSignature({ ...VECTOR, now })).toBe(true);
  });

  it.each([
    ["a wrong key", { signingKey: "another-key" }],
    ["another URL", { url: "https://smspay.example/webhooks/sms/bird?x=1" }],
    ["a changed body", { body: Buffer.from(`${VECTOR.body.toString()} `) }],
    ["another timestamp", { timestamp: "1719823260" }],
    ["no signature", { signature: undefined }],
    ["no timestamp", { timestamp: undefined }],
    ["a replay ten minutes later", { now: new Date(SIGNED_AT.getTime() + 600_000) }],
  ])("refuses %s", (_label, change) => {
    expect(isValidBirdSignature({ ...VECTOR, now: SIGNED_AT, ...change })).toBe(false);
  });
});

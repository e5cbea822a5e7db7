import { describe, expect, it } from "vitest";
import { signSmspayPayload, verifySmspaySignature } from "./webhook-signature.ts";

// Vectors computed independently with OpenSSL:
//   printf '<t>.<body>' | openssl dgst -sha256 -hmac '<secret>'
const VECTORS = [
  {
    secret: "whsec_test",
    t: 1_700_000_000,
    body: '{"id":"evt_1","type":"payment.succeeded"}',
    hex: "3d34f860ecc2c5fc3978518b0564a6649bd191eb2caa286ec3976e3bc9929d7d",
  },
  {
    secret: "whsec_test",
    t: 1_700_000_000,
    body: "",
    hex: "5967f3c560522fa40cf2876ebc3c3a08551dd6959aaade3b413460591895bdcc",
  },
  {
    secret: "whsec_rotated",
    t: 1_764_237_600,
    body: '{"id":"evt_2","amount":450,"note":"café"}',
    hex: "b4322d069d9cd16a5d89fedbf410bb9d985c9b541e319d79ffd2e37296a28538",
  },
];

const at = (unixSeconds: number): Date => new Date(unixSeconds * 1000);

describe("signSmspayPayload", () => {
  it.each(VECTORS)("signs $body at $t as t=…,v1=<hex HMAC-SHA256>", ({ secret, t, body, hex }) => {
    expect(signSmspayPayload(secret, body, t)).toBe(`t=${t},v1=${hex}`);
  });
});

describe("verifySmspaySignature", () => {
  const [first, , unicode] = VECTORS as [
    (typeof VECTORS)[0],
    (typeof VECTORS)[0],
    (typeof VECTORS)[0],
  ];
  const header = `t=${first.t},v1=${first.hex}`;

  it.each(VECTORS)("accepts the vector signing $body", ({ secret, t, body, hex }) => {
    expect(verifySmspaySignature(secret, `t=${t},v1=${hex}`, body, at(t))).toBe(true);
  });

  it("verifies the raw bytes as received", () => {
    const bytes = new TextEncoder().encode(unicode.body);
    expect(
      verifySmspaySignature(
        unicode.secret,
        `t=${unicode.t},v1=${unicode.hex}`,
        bytes,
        at(unicode.t),
      ),
    ).toBe(true);
  });

  it("rejects another body, another secret or another timestamp", () => {
    expect(verifySmspaySignature(first.secret, header, `${first.body} `, at(first.t))).toBe(false);
    expect(verifySmspaySignature("whsec_other", header, first.body, at(first.t))).toBe(false);
    expect(
      verifySmspaySignature(
        first.secret,
        `t=${first.t + 1},v1=${first.hex}`,
        first.body,
        at(first.t),
      ),
    ).toBe(false);
  });

  it("accepts up to the tolerance either side, and not a second more (replays)", () => {
    const check = (nowSeconds: number, tolerance?: number) =>
      verifySmspaySignature(first.secret, header, first.body, at(nowSeconds), tolerance);
    expect(check(first.t + 300)).toBe(true);
    expect(check(first.t - 300)).toBe(true);
    expect(check(first.t + 301)).toBe(false);
    expect(check(first.t - 301)).toBe(false);
    expect(check(first.t + 30, 10)).toBe(false);
  });

  it("accepts any matching v1 while a secret rotates, in any order", () => {
    const stale = "0".repeat(64);
    for (const rotating of [
      `t=${first.t},v1=${stale},v1=${first.hex}`,
      `v1=${first.hex}, t=${first.t}, v1=${stale}`,
    ]) {
      expect(verifySmspaySignature(first.secret, rotating, first.body, at(first.t))).toBe(true);
    }
  });

  it("rejects malformed headers and an empty secret", () => {
    for (const bad of [
      "",
      `v1=${first.hex}`,
      `t=${first.t}`,
      `t=${first.t},v1=${first.hex.toUpperCase()}`,
      `t=${first.t},v1=${first.hex.slice(0, 63)}`,
      `t=${first.t},v0=${first.hex}`,
      `t=abc,v1=${first.hex}`,
      `t=${first.t}=1,v1=${first.hex}`,
    ]) {
      expect(verifySmspaySignature(first.secret, bad, first.body, at(first.t)), bad).toBe(false);
    }
    expect(verifySmspaySignature("", header, first.body, at(first.t))).toBe(false);
  });
});

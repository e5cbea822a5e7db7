import { describe, expect, it } from "vitest";
import {
  newReturnKey,
  returnSignature,
  signedReturnUrl,
  verifyReturnSignature,
} from "./return-signature.ts";

const KEY = "0123456789abcdef".repeat(4);
// Computed independently: python3 hmac.new(KEY.encode(), b"pay_abc.succeeded", sha256).hexdigest()
const VECTOR = "b107e4211f0fe78ebdcbe8886fd13ce7bae541ef74864ad9f7c715b57073caf5";

describe("return signature", () => {
  it("is hex HMAC-SHA256 over 'id.status' keyed with the key's text", () => {
    expect(returnSignature(KEY, "pay_abc", "succeeded")).toBe(VECTOR);
  });

  it("adds the three parameters to the return URL, keeping its own query", () => {
    const url = new URL(
      signedReturnUrl(
        "https://shop.example/thanks?order=7#top",
        { id: "pay_abc", status: "succeeded" },
        KEY,
      ),
    );
    expect(url.searchParams.get("order")).toBe("7");
    expect(url.searchParams.get("smspay_payment")).toBe("pay_abc");
    expect(url.searchParams.get("smspay_status")).toBe("succeeded");
    expect(url.searchParams.get("smspay_signature")).toBe(VECTOR);
    expect(url.hash).toBe("#top");
  });

  it("verifies the right signature only", () => {
    const query = { payment: "pay_abc", status: "succeeded", signature: VECTOR };
    expect(verifyReturnSignature(KEY, query)).toBe(true);
    expect(verifyReturnSignature(KEY, { ...query, signature: VECTOR.toUpperCase() })).toBe(true);
    expect(verifyReturnSignature(KEY, { ...query, status: "failed" })).toBe(false);
    expect(verifyReturnSignature(KEY, { ...query, payment: "pay_abd" })).toBe(false);
    expect(verifyReturnSignature(newReturnKey(), query)).toBe(false);
    expect(verifyReturnSignature(KEY, { ...query, signature: VECTOR.slice(2) })).toBe(false);
    expect(verifyReturnSignature(KEY, { ...query, signature: "" })).toBe(false);
  });

  it("makes 64-hex-character keys, different each time", () => {
    const a = newReturnKey();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(newReturnKey()).not.toBe(a);
  });
});

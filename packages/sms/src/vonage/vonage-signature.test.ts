import { describe, expect, it } from "vitest";
import { isValidVonageSignature, vonageSignature } from "./vonage-signature.ts";

// The inbound-SMS vectors of Vonage's own Ruby SDK tests (signature_test.rb),
// each re-checked with openssl from the documented algorithm.
const SECRET = "my_secret_key_for_testing";
const PARAMS = {
  "message-timestamp": "2013-11-21 15:27:30",
  messageId: "020000001B0FE827",
  msisdn: "14843472194",
  text: "Test again",
  timestamp: "1385047698",
  to: "13239877404",
  type: "text",
};
const VECTORS = {
  md5hash: "d2e7b1dc968737c5998ad624e02f90b7",
  md5: "DDEBD46008C2D4E93CCE578A332A52D5",
  sha1: "27D0D05C2876C7CB1720DBCDBA4D492E1E55C09A",
  sha256: "DDB8397C2B90AAC7F3882D306475C9A5058C92322EEF43C92B298B6E0FC0D330",
  sha512:
    "E0D3C650F8C9D1A5C174D10DDDBFB003E561F59B265616208B0487C5D819481CD3C311D59CF6165ECD1139622D5BA3A256C0D763AC4A9AD9144B5A426B94FE82",
} as const;

describe("Vonage signature", () => {
  it.each(Object.entries(VECTORS) as [keyof typeof VECTORS, string][])(
    "matches the published %s vector",
    (method, sig) => {
      expect(vonageSignature(PARAMS, SECRET, method)).toBe(sig);
      expect(isValidVonageSignature({ ...PARAMS, sig }, SECRET, method)).toBe(true);
    },
  );

  it("replaces & and = in values with _ before signing (published vector)", () => {
    for (const value of ["_", "&", "="]) {
      expect(vonageSignature({ k: value }, SECRET, "md5hash")).toBe(
        "c3d6a686ab9c7e7408bb1c0506e9629a",
      );
    }
  });

  it("leaves the sig parameter out of what it signs", () => {
    expect(vonageSignature({ ...PARAMS, sig: "anything" }, SECRET, "sha256")).toBe(VECTORS.sha256);
  });

  it("accepts a hex signature in either case", () => {
    expect(
      isValidVonageSignature({ ...PARAMS, sig: VECTORS.sha256.toLowerCase() }, SECRET, "sha256"),
    ).toBe(true);
  });

  it.each([
    ["a changed text", { ...PARAMS, text: "Test agaim", sig: VECTORS.sha256 }, SECRET],
    ["a wrong secret", { ...PARAMS, sig: VECTORS.sha256 }, "another secret"],
    ["no sig", PARAMS, SECRET],
    ["an empty sig", { ...PARAMS, sig: "" }, SECRET],
  ])("refuses %s", (_label, params, secret) => {
    expect(isValidVonageSignature(params, secret, "sha256")).toBe(false);
  });

  it("refuses a signature made with another method", () => {
    expect(isValidVonageSignature({ ...PARAMS, sig: VECTORS.md5 }, SECRET, "sha256")).toBe(false);
  });
});

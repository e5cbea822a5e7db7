// smspay's webhook signature, checked against the vectors the PHP plugin's
// tests read too (shared/test-vectors/webhook-signatures.json): both sides of
// the wire agree on every accept and every reject.

import { readFileSync } from "node:fs";
import { signSmspayPayload, verifySmspaySignature } from "@smspay/core";
import { describe, expect, it } from "vitest";

type Vector = {
  name: string;
  secret: string;
  now: number;
  body: string;
  header: string;
  valid: boolean;
};

const file = new URL("../../../../shared/test-vectors/webhook-signatures.json", import.meta.url);
const { vectors, toleranceSeconds } = JSON.parse(readFileSync(file, "utf8")) as {
  vectors: Vector[];
  toleranceSeconds: number;
};

describe("Smspay-Signature vectors", () => {
  it("covers accepts and rejects", () => {
    expect(vectors.filter((v) => v.valid).length).toBeGreaterThanOrEqual(4);
    expect(vectors.filter((v) => !v.valid).length).toBeGreaterThanOrEqual(10);
  });

  it.each(vectors)("$name -> valid: $valid", (vector) => {
    const at = new Date(vector.now * 1000);
    expect(
      verifySmspaySignature(
        vector.secret,
        vector.header,
        Buffer.from(vector.body, "utf8"),
        at,
        toleranceSeconds,
      ),
    ).toBe(vector.valid);
  });

  it.each(vectors.filter((v) => v.valid && v.header.split("v1=").length === 2))(
    "smspay signs $name exactly so",
    (vector) => {
      const t = Number(/^t=(\d+)/.exec(vector.header)?.[1]);
      expect(signSmspayPayload(vector.secret, vector.body, t)).toBe(vector.header);
    },
  );
});

import { describe, expect, it } from "vitest";
import { rejectionCodeFor, rejectionCodes } from "./api-versions.ts";

describe("rejection reasons per Payments Apps API version", () => {
  it("uses the precise reasons from 2026-04 on", () => {
    expect(rejectionCodeFor("insufficient_funds", "2026-04")).toBe("INSUFFICIENT_FUNDS");
    expect(rejectionCodeFor("limit_exceeded", "2026-10")).toBe("AMOUNT_TOO_LARGE");
    expect(rejectionCodeFor("blocked", "2026-07")).toBe("FRAUD_SUSPECTED");
    expect(rejectionCodeFor("undeliverable", "2026-10")).toBe("PROCESSING_ERROR");
    expect(rejectionCodeFor("expired", "2026-04")).toBe("CANCELLED_PAYMENT");
  });

  it("falls back to the reasons older versions know", () => {
    expect(rejectionCodeFor("insufficient_funds", "2026-01")).toBe("PROCESSING_ERROR");
    expect(rejectionCodeFor("limit_exceeded", "2025-10")).toBe("RISKY");
    expect(rejectionCodeFor(null, "2025-10")).toBe("PROCESSING_ERROR");
  });

  it("only ever answers a reason the version accepts", () => {
    for (const version of ["2025-10", "2026-01", "2026-04", "2026-07", "2026-10"] as const) {
      for (const failure of [
        "insufficient_funds",
        "limit_exceeded",
        "blocked",
        "operator_error",
        null,
      ]) {
        expect(rejectionCodes(version)).toContain(rejectionCodeFor(failure, version));
      }
    }
  });
});

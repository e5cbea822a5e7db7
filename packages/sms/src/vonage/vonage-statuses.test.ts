import { describe, expect, it } from "vitest";
import { vonageReceipt } from "./vonage-statuses.ts";

describe("Vonage receipts", () => {
  it.each(["accepted", "buffered", "unknown"])("takes %s as not final", (status) => {
    expect(vonageReceipt(status, "0")).toBeUndefined();
  });

  it("takes delivered as delivered", () => {
    expect(vonageReceipt("delivered", "0")).toEqual({ outcome: "delivered" });
  });

  it.each([
    ["failed", "15", "insufficient_funds"],
    ["failed", "3", "undeliverable"],
    ["failed", "12", "undeliverable"],
    ["rejected", "6", "rejected"],
    ["rejected", "99", "rejected"],
    ["failed", "99", "unknown"],
    ["failed", undefined, "unknown"],
    ["expired", "1", "expired"],
  ])("takes %s with err-code %s as failed (%s)", (status, code, failure) => {
    expect(vonageReceipt(status, code)).toEqual({ outcome: "failed", failure });
  });
});

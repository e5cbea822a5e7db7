import { describe, expect, it } from "vitest";
import { birdReceipt } from "./bird-statuses.ts";

describe("Bird statuses", () => {
  it.each(["accepted", "scheduled", "processing", "sent"])("takes %s as a step on the way", (s) => {
    expect(birdReceipt(s)).toBeUndefined();
  });

  it("takes delivered as delivered", () => {
    expect(birdReceipt("delivered")).toEqual({ outcome: "delivered" });
  });

  it.each([
    ["delivery_failed", "undeliverable"],
    ["sending_failed", "rejected"],
    ["skipped", "rejected"],
  ])("takes %s as failed (%s)", (status, failure) => {
    expect(birdReceipt(status)).toEqual({ outcome: "failed", failure });
  });
});

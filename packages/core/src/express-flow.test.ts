import { describe, expect, it } from "vitest";
import { canOfferExpress, EXPRESS_OPT_IN_WINDOW_MS } from "./express-flow.ts";
import type { Payment } from "./payment.ts";

const paidAt = new Date("2026-05-04T10:00:00Z");
const paid = {
  status: "succeeded",
  flow: "otp",
  phoneHash: "h",
  phoneCipher: "c",
  succeededAt: paidAt,
} as Payment;
const later = (ms: number) => new Date(paidAt.getTime() + ms);

describe("canOfferExpress", () => {
  it("offers one-reply payments just after a PIN payment", () => {
    expect(canOfferExpress(paid, later(0))).toBe(true);
    expect(canOfferExpress(paid, later(EXPRESS_OPT_IN_WINDOW_MS))).toBe(true);
  });

  it("does not offer them later, for other flows, unpaid payments or unknown phones", () => {
    expect(canOfferExpress(paid, later(EXPRESS_OPT_IN_WINDOW_MS + 1))).toBe(false);
    expect(canOfferExpress({ ...paid, flow: "shortcode" }, later(0))).toBe(false);
    expect(canOfferExpress({ ...paid, flow: "express" }, later(0))).toBe(false);
    expect(canOfferExpress({ ...paid, status: "failed" }, later(0))).toBe(false);
    expect(canOfferExpress({ ...paid, phoneCipher: null }, later(0))).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { twilioReceipt } from "./twilio-statuses.ts";

describe("Twilio statuses", () => {
  it.each(["queued", "accepted", "scheduled", "sending", "sent", "receiving", "received"])(
    "takes %s as a step on the way, not a receipt",
    (status) => {
      expect(twilioReceipt(status, undefined)).toBeUndefined();
    },
  );

  it("takes delivered (and WhatsApp's read) as delivered", () => {
    expect(twilioReceipt("delivered", undefined)).toEqual({ outcome: "delivered" });
    expect(twilioReceipt("read", undefined)).toEqual({ outcome: "delivered" });
  });

  it.each([
    ["undelivered", "30003", "undeliverable"],
    ["undelivered", "30005", "undeliverable"],
    ["undelivered", "30006", "undeliverable"],
    ["failed", "30004", "rejected"],
    ["undelivered", "30007", "rejected"],
    ["failed", "21610", "rejected"],
    ["failed", "30001", "expired"],
    ["undelivered", "30008", "unknown"],
    ["failed", undefined, "unknown"],
    ["canceled", undefined, "unknown"],
  ])("takes %s with error %s as failed (%s)", (status, code, failure) => {
    expect(twilioReceipt(status, code)).toEqual({ outcome: "failed", failure });
  });
});

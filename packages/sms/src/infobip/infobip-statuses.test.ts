import { describe, expect, it } from "vitest";
import { infobipReceipt } from "./infobip-statuses.ts";

// Status objects as Infobip's status code reference lists them.
const status = (groupId: number, groupName: string, id: number, name: string) => ({
  groupId,
  groupName,
  id,
  name,
});

describe("Infobip statuses", () => {
  it("takes only DELIVERED_TO_HANDSET as delivered", () => {
    expect(infobipReceipt(status(3, "DELIVERED", 5, "DELIVERED_TO_HANDSET"))).toEqual({
      outcome: "delivered",
    });
  });

  it.each([
    status(3, "DELIVERED", 2, "DELIVERED_TO_OPERATOR"),
    status(1, "PENDING", 26, "PENDING_ACCEPTED"),
    status(1, "PENDING", 3, "PENDING_WAITING_DELIVERY"),
    status(1, "PENDING", 7, "PENDING_ENROUTE"),
  ])("takes $name as a step on the way", (s) => {
    expect(infobipReceipt(s)).toBeUndefined();
  });

  it.each([
    [status(2, "UNDELIVERABLE", 4, "UNDELIVERABLE_REJECTED_OPERATOR"), "undeliverable"],
    [status(2, "UNDELIVERABLE", 9, "UNDELIVERABLE_NOT_DELIVERED"), "undeliverable"],
    [status(4, "EXPIRED", 15, "EXPIRED_EXPIRED"), "expired"],
    [status(5, "REJECTED", 6, "REJECTED_NETWORK"), "rejected"],
    [status(5, "REJECTED", 12, "REJECTED_NOT_ENOUGH_CREDITS"), "rejected"],
  ])("takes %o as failed (%s)", (s, failure) => {
    expect(infobipReceipt(s)).toEqual({ outcome: "failed", failure });
  });
});

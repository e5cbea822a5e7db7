import { describe, expect, it } from "vitest";
import { finalState, parseReceiptText, statOf } from "./smpp-receipt.ts";

describe("SMPP delivery receipts", () => {
  it("reads the appendix B receipt text, ignoring the original text after text:", () => {
    expect(
      parseReceiptText(
        "id:5a000001 sub:001 dlvrd:001 submit date:2611271000 done date:2611271001 stat:DELIVRD err:000 text:stat:UNDELIV",
      ),
    ).toEqual({ id: "5a000001", stat: "DELIVRD", err: "000" });
    expect(parseReceiptText("id:abc stat:undeliv err:069")).toEqual({
      id: "abc",
      stat: "UNDELIV",
      err: "069",
    });
    expect(parseReceiptText("no receipt here")).toEqual({});
  });

  it("prefers the message_state TLV over the text", () => {
    expect(statOf(2, "UNDELIV")).toBe("DELIVRD");
    expect(statOf(undefined, "EXPIRED")).toBe("EXPIRED");
    expect(statOf(8, undefined)).toBe("REJECTD");
  });

  it("maps final states to delivered or failed, and leaves the others alone", () => {
    expect(finalState("DELIVRD")).toEqual({ outcome: "delivered" });
    expect(finalState("UNDELIV")).toEqual({ outcome: "failed", failure: "undeliverable" });
    expect(finalState("EXPIRED")).toEqual({ outcome: "failed", failure: "expired" });
    expect(finalState("REJECTD")).toEqual({ outcome: "failed", failure: "rejected" });
    expect(finalState("DELETED")).toEqual({ outcome: "failed", failure: "unknown" });
    for (const pending of ["ENROUTE", "ACCEPTD", "UNKNOWN", undefined]) {
      expect(finalState(pending)).toBeUndefined();
    }
  });
});

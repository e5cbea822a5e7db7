import { describe, expect, it } from "vitest";
import { encodeGsm7, encodeUcs2 } from "../transport-encoding.ts";
import { fromAddress, submitParams, toAddress } from "./smpp-message.ts";

describe("submit_sm parameters", () => {
  it("writes E.164 as international, short codes as network-specific, names as alphanumeric", () => {
    expect(toAddress("+33612345678")).toEqual({ ton: 1, npi: 1, addr: "33612345678" });
    expect(toAddress("84500")).toEqual({ ton: 3, npi: 0, addr: "84500" });
    expect(toAddress("SMSPAY")).toEqual({ ton: 5, npi: 0, addr: "SMSPAY" });
    expect(fromAddress("33612345678", 1)).toBe("+33612345678");
    expect(fromAddress("84500", 3)).toBe("84500");
  });

  it("sends a short GSM text in one PDU, data_coding 0, asking for a receipt", () => {
    const [only, ...rest] = submitParams({
      from: "84500",
      to: "+33612345678",
      text: "Paid €4.50",
      longMessages: "udh",
      reference: 7,
    });
    expect(rest).toEqual([]);
    expect(only).toMatchObject({
      data_coding: 0,
      registered_delivery: 1,
      destination_addr: "33612345678",
      short_message: encodeGsm7("Paid €4.50"),
    });
  });

  it("splits long UCS-2 text into UDH parts, only the first asking for a receipt", () => {
    const text = "Я".repeat(140);
    const parts = submitParams({
      from: "84500",
      to: "+33612345678",
      text,
      longMessages: "udh",
      reference: 9,
    });
    expect(parts).toHaveLength(3);
    expect(parts.map((p) => p.registered_delivery)).toEqual([1, 0, 0]);
    expect(parts.map((p) => (p.short_message as { udh: Buffer }).udh)).toEqual([
      Buffer.from([5, 0, 3, 9, 3, 1]),
      Buffer.from([5, 0, 3, 9, 3, 2]),
      Buffer.from([5, 0, 3, 9, 3, 3]),
    ]);
    expect(parts[0]).toMatchObject({
      data_coding: 8,
      short_message: { message: encodeUcs2("Я".repeat(67)) },
    });
  });

  it("or sends it whole in message_payload", () => {
    const text = "a".repeat(300);
    expect(
      submitParams({
        from: "84500",
        to: "+33612345678",
        text,
        longMessages: "payload",
        reference: 1,
      }),
    ).toEqual([
      expect.objectContaining({ message_payload: encodeGsm7(text), registered_delivery: 1 }),
    ]);
  });
});

import { describe, expect, it } from "vitest";
import {
  decodeGsm7,
  decodeUcs2,
  encodeGsm7,
  encodeUcs2,
  encodingFor,
  gsm7Length,
  splitForConcatenation,
} from "./transport-encoding.ts";

describe("GSM 7-bit and UCS-2", () => {
  it("counts extension characters as two septets and refuses what needs UCS-2", () => {
    expect(gsm7Length("PAY 4821")).toBe(8);
    expect(gsm7Length("€[]")).toBe(6);
    expect(gsm7Length("Paiement reçu")).toBeUndefined();
    expect(encodingFor("Grüße, Åsa! ¿Qué?")).toBe("gsm7");
    expect(encodingFor("Заказ")).toBe("ucs2");
  });

  it("encodes the default alphabet and the extension table, and decodes them back", () => {
    expect([...encodeGsm7("@£$ä")]).toEqual([0x00, 0x01, 0x02, 0x7b]);
    expect([...encodeGsm7("€{")]).toEqual([0x1b, 0x65, 0x1b, 0x28]);
    const text = "Paid EUR 4.50 @home [ref] {ok} ~^|\\ € ÆØÅ äöñüà";
    expect(decodeGsm7(encodeGsm7(text))).toBe(text);
    expect(() => encodeGsm7("✓")).toThrow(RangeError);
  });

  it("writes UCS-2 big-endian, surrogate pairs included", () => {
    expect([...encodeUcs2("Aé")]).toEqual([0x00, 0x41, 0x00, 0xe9]);
    expect(decodeUcs2(encodeUcs2("支付 😀"))).toBe("支付 😀");
  });

  it("keeps one SMS whole up to 160 septets or 70 UTF-16 units", () => {
    expect(splitForConcatenation("a".repeat(160), "gsm7")).toEqual(["a".repeat(160)]);
    expect(splitForConcatenation("Я".repeat(70), "ucs2")).toEqual(["Я".repeat(70)]);
  });

  it("splits longer text into 153-septet or 67-unit parts without cutting an escape or a surrogate pair", () => {
    expect(splitForConcatenation("a".repeat(300), "gsm7").map((p) => p.length)).toEqual([153, 147]);
    const euros = `${"a".repeat(152)}€b`;
    expect(splitForConcatenation(euros.padEnd(170, "c"), "gsm7")[0]).toBe("a".repeat(152));
    const emoji = `${"Я".repeat(66)}😀${"Я".repeat(10)}`;
    const parts = splitForConcatenation(emoji, "ucs2");
    expect(parts[0]).toBe("Я".repeat(66));
    expect(parts.join("")).toBe(emoji);
  });
});

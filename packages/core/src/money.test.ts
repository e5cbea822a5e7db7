import { describe, expect, it } from "vitest";
import {
  formatMoney,
  isSupportedCurrency,
  isValidAmount,
  minorUnitDigits,
  parseDecimalAmount,
  toDecimalString,
} from "./money.ts";

// Intl puts no-break spaces (U+00A0, U+202F) in French amounts; compare on plain spaces.
const plainSpaces = (text: string): string => text.replace(/[\u00a0\u202f]/g, " ");

describe("minorUnitDigits / isSupportedCurrency", () => {
  it("knows 2-, 0- and 3-digit currencies", () => {
    expect(minorUnitDigits("EUR")).toBe(2);
    expect(minorUnitDigits("JPY")).toBe(0);
    expect(minorUnitDigits("XOF")).toBe(0);
    expect(minorUnitDigits("TND")).toBe(3);
    expect(minorUnitDigits("KWD")).toBe(3);
  });

  it("throws a RangeError for an unsupported currency", () => {
    expect(() => minorUnitDigits("XYZ")).toThrow(RangeError);
    expect(() => minorUnitDigits("eur")).toThrow(RangeError);
  });

  it("only supports listed codes, never inherited object properties", () => {
    expect(isSupportedCurrency("EUR")).toBe(true);
    expect(isSupportedCurrency("eur")).toBe(false);
    expect(isSupportedCurrency("XYZ")).toBe(false);
    expect(isSupportedCurrency("toString")).toBe(false);
    expect(isSupportedCurrency("__proto__")).toBe(false);
  });
});

describe("parseDecimalAmount", () => {
  it.each([
    ["123.00", 12300],
    ["0.99", 99],
    ["1.5", 150],
    ["4.50", 450],
    ["12", 1200],
    ["0", 0],
    ["007.10", 710],
    [" 2.00 ", 200],
    ["1.500", 150],
  ])("reads %j EUR as %i minor units", (text, expected) => {
    expect(parseDecimalAmount(text, "EUR")).toBe(expected);
  });

  it.each(["1.999", "0.001", "1.005"])(
    "refuses %j EUR: more decimals than the currency has",
    (text) => {
      expect(parseDecimalAmount(text, "EUR")).toBeUndefined();
    },
  );

  it.each([
    "",
    " ",
    "abc",
    "1,50",
    "1.",
    ".5",
    "-1.00",
    "+1.00",
    "1e3",
    "0x10",
    "1.2.3",
    "1 000.00",
    "NaN",
    "Infinity",
    "€1.00",
  ])("refuses garbage %j", (text) => {
    expect(parseDecimalAmount(text, "EUR")).toBeUndefined();
  });

  it("handles zero-decimal currencies (JPY)", () => {
    expect(parseDecimalAmount("500", "JPY")).toBe(500);
    expect(parseDecimalAmount("500.0", "JPY")).toBe(500);
    expect(parseDecimalAmount("500.5", "JPY")).toBeUndefined();
  });

  it("handles three-decimal currencies (TND)", () => {
    expect(parseDecimalAmount("1.234", "TND")).toBe(1234);
    expect(parseDecimalAmount("1.2", "TND")).toBe(1200);
    expect(parseDecimalAmount("1.2345", "TND")).toBeUndefined();
  });

  it("does not go through floating point", () => {
    // 0.29 * 100 is 28.999999999999996 in floating point.
    expect(parseDecimalAmount("0.29", "EUR")).toBe(29);
    expect(parseDecimalAmount("1.15", "EUR")).toBe(115);
    expect(parseDecimalAmount("4.35", "EUR")).toBe(435);
  });

  it("refuses amounts beyond the safe integer range", () => {
    expect(parseDecimalAmount("90071992547409.91", "EUR")).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseDecimalAmount("90071992547409.92", "EUR")).toBeUndefined();
    expect(parseDecimalAmount("99999999999999999999", "JPY")).toBeUndefined();
  });

  it("throws for an unsupported currency", () => {
    expect(() => parseDecimalAmount("1.00", "XYZ")).toThrow(RangeError);
  });
});

describe("toDecimalString", () => {
  it.each([
    [450, "EUR", "4.50"],
    [99, "EUR", "0.99"],
    [5, "EUR", "0.05"],
    [0, "EUR", "0.00"],
    [12300, "EUR", "123.00"],
    [-5, "EUR", "-0.05"],
    [-1250, "EUR", "-12.50"],
    [500, "JPY", "500"],
    [0, "JPY", "0"],
    [1234, "TND", "1.234"],
    [5, "TND", "0.005"],
    [1000, "KWD", "1.000"],
  ])("writes %i %s as %j", (amount, currency, expected) => {
    expect(toDecimalString({ amount, currency })).toBe(expected);
  });

  it("round-trips with parseDecimalAmount", () => {
    for (const currency of ["EUR", "JPY", "TND"]) {
      for (const amount of [1, 9, 10, 99, 100, 101, 12345, 9_999_999]) {
        expect(parseDecimalAmount(toDecimalString({ amount, currency }), currency)).toBe(amount);
      }
    }
  });

  it("throws for an unsupported currency", () => {
    expect(() => toDecimalString({ amount: 1, currency: "XYZ" })).toThrow(RangeError);
  });
});

describe("formatMoney", () => {
  it("formats English with the symbol first and a dot", () => {
    expect(formatMoney({ amount: 450, currency: "EUR" }, "en")).toBe("€4.50");
    expect(formatMoney({ amount: 99, currency: "EUR" }, "en-GB")).toBe("€0.99");
  });

  it("formats French with a decimal comma and the symbol last", () => {
    expect(plainSpaces(formatMoney({ amount: 450, currency: "EUR" }, "fr"))).toBe("4,50 €");
    expect(plainSpaces(formatMoney({ amount: 123456, currency: "EUR" }, "fr-FR"))).toBe(
      "1 234,56 €",
    );
  });

  it("shows the currency's own number of decimals", () => {
    expect(formatMoney({ amount: 500, currency: "JPY" }, "en")).toBe("¥500");
    expect(formatMoney({ amount: 1200, currency: "EUR" }, "en")).toBe("€12.00");
    expect(formatMoney({ amount: 1234, currency: "TND" }, "en")).toMatch(/1\.234$/);
  });
});

describe("isValidAmount", () => {
  it.each([1, 99, 450, Number.MAX_SAFE_INTEGER])("accepts %d", (amount) => {
    expect(isValidAmount(amount)).toBe(true);
  });

  it.each([0, -0, -1, -450, 1.5, 0.99, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY])(
    "refuses %d",
    (amount) => {
      expect(isValidAmount(amount)).toBe(false);
    },
  );
});

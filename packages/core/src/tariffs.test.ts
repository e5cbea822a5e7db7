import { describe, expect, it } from "vitest";
import { findTariff, type Tariff, validateTariffs } from "./tariffs.ts";

const tariff = (overrides: Partial<Tariff> = {}): Tariff => ({
  shortCode: "81450",
  keyword: "PAY",
  amount: 450,
  currency: "EUR",
  country: "FR",
  transport: "sandbox",
  ...overrides,
});

const TABLE: readonly Tariff[] = [
  tariff({ shortCode: "71099", amount: 99 }),
  tariff({ shortCode: "81200", amount: 200 }),
  tariff({ shortCode: "81450", amount: 450 }),
  tariff({ shortCode: "60050", amount: 50, currency: "GBP", country: "GB" }),
];

describe("findTariff", () => {
  it("finds the short code carrying exactly the price", () => {
    expect(findTariff(TABLE, { amount: 450, currency: "EUR" })?.shortCode).toBe("81450");
    expect(findTariff(TABLE, { amount: 99, currency: "EUR" })?.shortCode).toBe("71099");
  });

  it.each([449, 451, 100, 98, 1, 0, 10_000])("never rounds: EUR %i has no short code", (amount) => {
    expect(findTariff(TABLE, { amount, currency: "EUR" })).toBeUndefined();
  });

  it("requires the currency to match", () => {
    expect(findTariff(TABLE, { amount: 450, currency: "GBP" })).toBeUndefined();
    expect(findTariff(TABLE, { amount: 50, currency: "EUR" })).toBeUndefined();
    expect(findTariff(TABLE, { amount: 50, currency: "GBP" })?.shortCode).toBe("60050");
  });

  it("finds nothing in an empty table", () => {
    expect(findTariff([], { amount: 450, currency: "EUR" })).toBeUndefined();
  });
});

describe("validateTariffs", () => {
  it("accepts a sound table", () => {
    expect(validateTariffs(TABLE)).toEqual([]);
  });

  it("accepts the same short code with one price listed twice", () => {
    expect(validateTariffs([tariff(), tariff()])).toEqual([]);
  });

  it("accepts different keywords on one short code", () => {
    expect(validateTariffs([tariff({ keyword: "PAY" }), tariff({ keyword: "BUY" })])).toEqual([]);
  });

  it("refuses two prices on one short code and keyword", () => {
    expect(validateTariffs([tariff({ amount: 450 }), tariff({ amount: 500 })])).toEqual([
      "81450/PAY: carries two prices",
    ]);
  });

  it("refuses two currencies on one short code and keyword", () => {
    expect(validateTariffs([tariff({ currency: "EUR" }), tariff({ currency: "GBP" })])).toEqual([
      "81450/PAY: carries two prices",
    ]);
  });

  it.each(["pay", "P", "PAY1", "PAY ME", "PAYÉ", "", "ABCDEFGHIJKLM"])(
    "refuses keyword %j",
    (keyword) => {
      const problems = validateTariffs([tariff({ keyword })]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain("keyword");
    },
  );

  it.each(["PA", "PAY", "ABCDEFGHIJKL"])("accepts keyword %j", (keyword) => {
    expect(validateTariffs([tariff({ keyword })])).toEqual([]);
  });

  it.each(["12", "123456789", "8I450", "+81450", " 81450", ""])(
    "refuses short code %j",
    (shortCode) => {
      const problems = validateTariffs([tariff({ shortCode })]);
      expect(problems).toEqual([`${shortCode}: a short code is 3 to 8 digits`]);
    },
  );

  it.each(["123", "84444", "12345678"])("accepts short code %j", (shortCode) => {
    expect(validateTariffs([tariff({ shortCode })])).toEqual([]);
  });

  it("reports every problem, not only the first", () => {
    const problems = validateTariffs([
      tariff({ shortCode: "1", keyword: "x" }),
      tariff({ amount: 450 }),
      tariff({ amount: 99 }),
    ]);
    expect(problems).toHaveLength(3);
  });
});

describe("validateTariffs: service keywords", () => {
  it.each(["STOP", "HELP", "AIDE", "YES", "END", "START", "CONTACT"])(
    "refuses %s as a payment keyword",
    (keyword) => {
      const problems = validateTariffs([
        {
          shortCode: "81450",
          keyword,
          amount: 450,
          currency: "EUR",
          country: "FR",
          transport: "sandbox",
        },
      ]);
      expect(problems).toEqual([expect.stringContaining("service keyword")]);
    },
  );
});

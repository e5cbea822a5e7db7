import { describe, expect, it } from "vitest";
import { normalizeMoText, parseMo } from "./mo-parser.ts";

const KEYWORDS = ["PAY"] as const;

describe("normalizeMoText", () => {
  it("upper-cases, folds accents and drops everything but letters and digits", () => {
    expect(normalizeMoText(" Pay-48.21 ")).toBe("PAY4821");
    expect(normalizeMoText("arrêt")).toBe("ARRET");
    expect(normalizeMoText("ÀÉÎÕÜ ç")).toBe("AEIOUC");
    expect(normalizeMoText("\t\n")).toBe("");
  });
});

describe("parseMo: payments", () => {
  it.each([
    "PAY 4821",
    "pay4821",
    "Pay-4821",
    " PAY  4821 ",
    "PAY.4821",
    "PAY4821",
    "pay 4821.",
    "PAY\n4821",
    "PAY_4821",
    "P A Y 4 8 2 1",
    "PÂY 4821",
    "pàÿ 4821",
    "PAY 48 21",
  ])("reads %j as PAY 4821", (text) => {
    expect(parseMo(text, KEYWORDS)).toEqual({ kind: "payment", keyword: "PAY", reference: "4821" });
  });

  it("upper-cases alphanumeric references", () => {
    expect(parseMo("pay x7k9m", KEYWORDS)).toEqual({
      kind: "payment",
      keyword: "PAY",
      reference: "X7K9M",
    });
  });

  it("reads accented references folded to plain letters", () => {
    expect(parseMo("PAY 4821É", KEYWORDS)).toEqual({
      kind: "payment",
      keyword: "PAY",
      reference: "4821E",
    });
  });

  it("lets the longest keyword win (PAY and PAYX)", () => {
    for (const keywords of [
      ["PAY", "PAYX"],
      ["PAYX", "PAY"],
    ]) {
      expect(parseMo("PAYX 4821", keywords)).toEqual({
        kind: "payment",
        keyword: "PAYX",
        reference: "4821",
      });
      expect(parseMo("payx4821", keywords)).toEqual({
        kind: "payment",
        keyword: "PAYX",
        reference: "4821",
      });
      expect(parseMo("PAY 4821", keywords)).toEqual({
        kind: "payment",
        keyword: "PAY",
        reference: "4821",
      });
    }
  });

  it("does not change the caller's keyword list", () => {
    const keywords = ["PAY", "PAYX"];
    parseMo("PAYX 4821", keywords);
    expect(keywords).toEqual(["PAY", "PAYX"]);
  });

  it("accepts references of 3 to 16 characters", () => {
    expect(parseMo("PAY 482", KEYWORDS)).toEqual({
      kind: "payment",
      keyword: "PAY",
      reference: "482",
    });
    expect(parseMo(`PAY ${"9".repeat(16)}`, KEYWORDS)).toEqual({
      kind: "payment",
      keyword: "PAY",
      reference: "9".repeat(16),
    });
  });

  it.each([
    "PAY 48",
    "PAY 4",
    "PAY",
    "PAY ",
    "pay.",
    `PAY ${"9".repeat(17)}`,
    `PAY ${"A1".repeat(12)}`,
  ])("reads %j (reference missing, too short or too long) as unknown", (text) => {
    expect(parseMo(text, KEYWORDS)).toEqual({ kind: "unknown" });
  });

  it("needs a configured keyword", () => {
    expect(parseMo("PAY 4821", [])).toEqual({ kind: "unknown" });
    expect(parseMo("BUY 4821", KEYWORDS)).toEqual({ kind: "unknown" });
    expect(parseMo("4821", KEYWORDS)).toEqual({ kind: "unknown" });
    expect(parseMo("XPAY 4821", KEYWORDS)).toEqual({ kind: "unknown" });
  });
});

describe("parseMo: service keywords", () => {
  it.each([
    "STOP",
    "stop",
    "Stop",
    " stop ",
    "STOP.",
    "Stop!",
    "S.T.O.P",
    "ARRÊT",
    "arrêt",
    "Arret",
    "arret",
    "STOPALL",
    "UNSUBSCRIBE",
    "cancel",
    "END",
    "quit",
  ])("reads %j as stop", (text) => {
    expect(parseMo(text, KEYWORDS)).toEqual({ kind: "stop" });
  });

  it("never reads STOP as a payment, even when a payment keyword could swallow it", () => {
    // Each of these keywords would turn "STOP" into keyword + reference if it were tried first.
    for (const keywords of [
      ["S"],
      ["ST"],
      ["S", "ST", "PAY"],
      ["STO"],
      ["A"],
      ["AR", "ARR"],
      ["C"],
      ["E"],
      ["Q"],
    ]) {
      for (const text of [
        "STOP",
        "stop",
        "Stop",
        "ARRÊT",
        "arret",
        "STOPALL",
        "CANCEL",
        "END",
        "QUIT",
      ]) {
        expect(parseMo(text, keywords), `${text} with ${keywords.join(",")}`).toEqual({
          kind: "stop",
        });
      }
    }
  });

  it.each(["HELP", "help", "Help?", "AIDE", "aide", "Aide !", "INFO"])(
    "reads %j as help",
    (text) => {
      expect(parseMo(text, ["H", "A", "PAY"])).toEqual({ kind: "help" });
    },
  );

  it.each(["CONTACT", "contact", "Contact."])("reads %j as contact", (text) => {
    expect(parseMo(text, ["CON", "PAY"])).toEqual({ kind: "contact" });
  });

  it.each(["START", "start", "Start", "UNSTOP", "resume"])("reads %j as start", (text) => {
    expect(parseMo(text, ["ST", "PAY"])).toEqual({ kind: "start" });
  });

  it.each(["YES", "yes", "Yes!", "Y", "y", "OUI", "oui", "Oui.", "SI", "sí"])(
    "reads %j as yes",
    (text) => {
      expect(parseMo(text, ["Y", "O", "PAY"])).toEqual({ kind: "yes" });
    },
  );
});

describe("parseMo: everything else", () => {
  it.each([
    "",
    "   ",
    "hello",
    "Thanks!",
    "4821",
    "???",
    "NO",
    "non",
    "STOP IT",
    "yes please",
    "😀",
  ])("reads %j as unknown", (text) => {
    expect(parseMo(text, KEYWORDS)).toEqual({ kind: "unknown" });
  });
});

describe("parseMo: full-width input", () => {
  it("folds full-width forms, so ＳＴＯＰ is a stop and ＰＡＹ　４８２１ a payment", () => {
    expect(parseMo("ＳＴＯＰ", ["PAY"])).toEqual({ kind: "stop" });
    expect(parseMo("ＰＡＹ　４８２１", ["PAY"])).toEqual({
      kind: "payment",
      keyword: "PAY",
      reference: "4821",
    });
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import en from "../../../shared/i18n/en.json" with { type: "json" };
import fr from "../../../shared/i18n/fr.json" with { type: "json" };
import { type MessageKey, resolveLocale, SUPPORTED_LOCALES, translate } from "./messages.ts";

const placeholders = (template: string): string[] =>
  [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "").sort();

describe("catalogs", () => {
  const enKeys = Object.keys(en);
  const frCatalog: Readonly<Record<string, string>> = fr;

  it("has every English key in French", () => {
    expect(enKeys.filter((key) => !Object.hasOwn(frCatalog, key))).toEqual([]);
  });

  it("has no French key unknown to English", () => {
    expect(Object.keys(frCatalog).filter((key) => !Object.hasOwn(en, key))).toEqual([]);
  });

  it("uses the same placeholders in French as in English", () => {
    for (const key of enKeys) {
      expect(placeholders(frCatalog[key] ?? ""), key).toEqual(placeholders(en[key as MessageKey]));
    }
  });

  it("has no empty message", () => {
    for (const text of [...Object.values(en), ...Object.values(frCatalog)])
      expect(text.trim()).not.toBe("");
  });

  it("supports English and French", () => {
    expect([...SUPPORTED_LOCALES].sort()).toEqual(["en", "fr"]);
  });
});

describe("resolveLocale", () => {
  it.each([
    ["fr", "fr"],
    ["fr-FR", "fr"],
    ["fr_CA", "fr"],
    ["FR-fr", "fr"],
    ["en", "en"],
    ["en-GB", "en"],
    ["de-DE", "en"],
    ["", "en"],
    [null, "en"],
    [undefined, "en"],
    ["__proto__", "en"],
    ["toString", "en"],
    ["french", "en"],
  ])("resolves %j to %s", (requested, expected) => {
    expect(resolveLocale(requested)).toBe(expected);
  });
});

describe("translate", () => {
  it("fills every parameter", () => {
    expect(
      translate("en", "sms.receipt", { merchant: "Shop X", amount: "€4.50", reference: "4821" }),
    ).toBe("Shop X: €4.50 paid, charged to your phone bill (ref 4821). Thank you!");
  });

  it("fills numeric parameters", () => {
    const text = translate("en", "sms.pin", {
      pin: "482910",
      amount: "€4.50",
      merchant: "Shop X",
      minutes: 5,
    });
    expect(text).toBe(
      "482910 is your code to pay €4.50 to Shop X on your phone bill. Valid 5 min. Never share it.",
    );
  });

  it("translates into French, including regional tags", () => {
    expect(translate("fr-FR", "sms.already_paid", { reference: "4821" })).toBe(
      "Le paiement 4821 est déjà réglé. Vous n'avez pas été débité une seconde fois.",
    );
    expect(translate("fr", "sms.stop")).toBe(fr["sms.stop"]);
  });

  it("falls back to English for unknown locales", () => {
    expect(translate("de-DE", "sms.expired", { reference: "4821" })).toBe(
      "Payment 4821 has expired and you have not been charged. Please start again from the shop.",
    );
    expect(translate("", "sms.stop")).toBe(en["sms.stop"]);
  });

  it("leaves a placeholder without a parameter as it is", () => {
    expect(translate("en", "sms.in_progress")).toBe(en["sms.in_progress"]);
    expect(translate("en", "sms.in_progress")).toContain("{reference}");
  });

  it("inserts parameters literally, without replacement patterns or recursion", () => {
    expect(translate("en", "sms.already_paid", { reference: "$& $1 $$" })).toBe(
      "Payment $& $1 $$ is already paid. You have not been charged again.",
    );
    expect(translate("en", "sms.already_paid", { reference: "{reference}" })).toBe(
      "Payment {reference} is already paid. You have not been charged again.",
    );
  });
});

describe("translate with an incomplete catalog", () => {
  afterEach(() => {
    vi.doUnmock("../../../shared/i18n/fr.json");
    vi.resetModules();
  });

  it("falls back to English for a key missing in the locale's catalog", async () => {
    vi.resetModules();
    vi.doMock("../../../shared/i18n/fr.json", () => ({
      default: { "sms.stop": "Arrêt confirmé." },
    }));
    const messages = await import("./messages.ts");
    expect(messages.translate("fr", "sms.stop")).toBe("Arrêt confirmé.");
    expect(messages.translate("fr", "sms.already_paid", { reference: "4821" })).toBe(
      "Payment 4821 is already paid. You have not been charged again.",
    );
  });
});

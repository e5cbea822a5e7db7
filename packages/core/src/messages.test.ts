import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import en from "../../../shared/i18n/en.json" with { type: "json" };
import fr from "../../../shared/i18n/fr.json" with { type: "json" };
import {
  checkoutLocale,
  isRightToLeft,
  type MessageKey,
  negotiateLocale,
  resolveLocale,
  SUPPORTED_LOCALES,
  translate,
} from "./messages.ts";

const placeholders = (template: string): string[] =>
  [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "").sort();

// Every catalog on disk, read as the PHP plugins read them (not through the imports above).
const I18N_DIR = new URL("../../../shared/i18n/", import.meta.url);
const catalogs = readdirSync(I18N_DIR)
  .filter((file) => file.endsWith(".json") && file !== "en.json")
  .map((file): [string, Record<string, string>] => [
    file.replace(/\.json$/, ""),
    JSON.parse(readFileSync(new URL(file, I18N_DIR), "utf8")),
  ]);

// The merchant's dashboard speaks English and French only: its keys are
// required in fr.json, optional elsewhere.
const DASHBOARD_LOCALES = new Set(["fr"]);

describe.each(catalogs)("the %s catalog", (locale, catalog) => {
  const enKeys = Object.keys(en).filter(
    (key) => DASHBOARD_LOCALES.has(locale) || !key.startsWith("dashboard."),
  );

  it("has every key of en.json", () => {
    expect(enKeys.filter((key) => !Object.hasOwn(catalog, key))).toEqual([]);
  });

  it("has no key unknown to English", () => {
    expect(Object.keys(catalog).filter((key) => !Object.hasOwn(en, key))).toEqual([]);
  });

  it("uses the same placeholders as English", () => {
    for (const key of enKeys) {
      expect(placeholders(catalog[key] ?? ""), key).toEqual(placeholders(en[key as MessageKey]));
    }
  });

  it("has no empty message", () => {
    for (const text of Object.values(catalog)) expect(text.trim()).not.toBe("");
  });
});

describe("catalogs", () => {
  it("has no empty English message", () => {
    for (const text of Object.values(en)) expect(text.trim()).not.toBe("");
  });

  it("supports every catalog on disk, French, Spanish, Portuguese and Arabic among them", () => {
    expect([...SUPPORTED_LOCALES].sort()).toEqual(
      ["en", ...catalogs.map(([locale]) => locale)].sort(),
    );
    expect(SUPPORTED_LOCALES).toEqual(expect.arrayContaining(["fr", "es", "pt", "ar"]));
  });

  it("knows Arabic is written right to left, and the others left to right", () => {
    expect(isRightToLeft("ar")).toBe(true);
    expect(isRightToLeft("ar-MA")).toBe(true);
    expect(["en", "fr", "es", "pt", "he-IL"].map(isRightToLeft)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("negotiateLocale", () => {
  it.each([
    ["pt-BR,pt;q=0.9,en;q=0.8", "pt"],
    ["de-DE,de;q=0.9,es;q=0.5,fr;q=0.7", "fr"],
    ["ar", "ar"],
    ["*", undefined],
    ["de, it;q=0.8", undefined],
    ["fr;q=0, en;q=0.1", "en"],
    ["es;q=0.5, pt;q=0.5", "es"],
    ["", undefined],
    [undefined, undefined],
  ])("picks from %j: %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});

describe("checkoutLocale", () => {
  it("prefers the customer's locale, then the shop's, then the browser's", () => {
    expect(checkoutLocale({ customer: "es-ES", merchant: "fr", acceptLanguage: "pt" })).toBe("es");
    expect(checkoutLocale({ customer: "de-DE", merchant: "fr-FR", acceptLanguage: "pt" })).toBe(
      "fr",
    );
    expect(checkoutLocale({ customer: null, merchant: null, acceptLanguage: "ar,en;q=0.5" })).toBe(
      "ar",
    );
    expect(checkoutLocale({ customer: null, merchant: "nl", acceptLanguage: "de" })).toBe("en");
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

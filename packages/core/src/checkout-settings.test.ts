import { describe, expect, it } from "vitest";
import { brandingSchema, contrastRatio } from "./checkout-settings.ts";

describe("contrastRatio", () => {
  it.each([
    ["#000000", "#ffffff", 21],
    ["#ffffff", "#ffffff", 1],
    ["#767676", "#ffffff", 4.54],
    ["#777777", "#ffffff", 4.48],
    ["#0000ff", "#ffffff", 8.59],
  ])("%s on %s is %d:1", (a, b, ratio) => {
    expect(contrastRatio(a, b)).toBeCloseTo(ratio, 2);
    expect(contrastRatio(b, a)).toBeCloseTo(ratio, 2);
  });
});

describe("brandingSchema", () => {
  it("accepts dark colours behind white text, https logos and BCP 47 locales", () => {
    expect(
      brandingSchema.parse({
        brandColor: "#1A3D2B",
        logoUrl: "https://cdn.example/logo.svg",
        defaultLocale: "fr-FR",
      }),
    ).toEqual({
      brandColor: "#1a3d2b",
      logoUrl: "https://cdn.example/logo.svg",
      defaultLocale: "fr-FR",
    });
    expect(brandingSchema.parse({ brandColor: null, logoUrl: null })).toEqual({
      brandColor: null,
      logoUrl: null,
    });
  });

  it.each([
    [{ brandColor: "#777777" }, "brandColor"],
    [{ brandColor: "#ffd700" }, "brandColor"],
    [{ brandColor: "blue" }, "brandColor"],
    [{ brandColor: "#12345" }, "brandColor"],
    [{ logoUrl: "http://cdn.example/logo.png" }, "logoUrl"],
    [{ logoUrl: "javascript:alert(1)" }, "logoUrl"],
    [{ defaultLocale: "french!" }, "defaultLocale"],
    [{ fontFamily: "Comic Sans" }, ""],
  ])("refuses %j", (body, field) => {
    const result = brandingSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join(".")).toBe(field);
  });
});

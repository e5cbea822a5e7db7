import { OneApiFake } from "@smspay/testkit";
import { describe, expect, it } from "vitest";
import {
  buildCarrierBilling,
  CarrierBillingSettingsError,
  parseCarrierBillingSettings,
} from "./billing-router-settings.ts";

const env = { ORANGE_SECRET: "orange-secret", SFR_PASSWORD: "sfr-password" };

const valid = {
  operators: [
    {
      name: "orange",
      type: "oneapi",
      baseUrl: "https://api.orange.example/oneapi/1",
      auth: {
        type: "oauth2",
        tokenUrl: "https://api.orange.example/oauth/token",
        clientId: "smspay",
        clientSecret: { env: "ORANGE_SECRET" },
      },
      purchaseCategoryCode: "Web",
    },
    {
      name: "sfr",
      type: "oneapi",
      baseUrl: "https://dcb.sfr.example",
      auth: { type: "basic", username: "smspay", password: { env: "SFR_PASSWORD" } },
    },
  ],
  routes: [
    { prefixes: ["+33 6 10"], operator: "orange" },
    { countries: ["FR"], operator: "sfr" },
  ],
};

const parse = (settings: unknown, environment: Record<string, string> = env) =>
  parseCarrierBillingSettings(JSON.stringify(settings), environment);

/** The message of the error `work` throws (fails when it throws nothing or something else). */
function problem(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(CarrierBillingSettingsError);
    return (error as Error).message;
  }
  throw new Error("expected CarrierBillingSettingsError");
}

describe("carrier billing settings", () => {
  it("reads operators with their secrets from the environment, and routes", () => {
    const settings = parse(valid);
    expect(settings.operators).toEqual([
      {
        name: "orange",
        type: "oneapi",
        baseUrl: "https://api.orange.example/oneapi/1",
        auth: {
          type: "oauth2",
          tokenUrl: "https://api.orange.example/oauth/token",
          clientId: "smspay",
          clientSecret: "orange-secret",
        },
        purchaseCategoryCode: "Web",
      },
      {
        name: "sfr",
        type: "oneapi",
        baseUrl: "https://dcb.sfr.example",
        auth: { type: "basic", username: "smspay", password: "sfr-password" },
      },
    ]);
    expect(settings.routes).toEqual([
      { prefixes: ["+33610"], operator: "orange" },
      { countries: ["FR"], operator: "sfr" },
    ]);
    const router = buildCarrierBilling(settings, { timeoutMs: 5_000 });
    expect(router.operatorFor("+33610000001")).toBe("orange");
    expect(router.operatorFor("+33612000001")).toBe("sfr");
  });

  it("refuses to start when a secret's variable is unset or empty (fail closed)", () => {
    const message = problem(() => parse(valid, { SFR_PASSWORD: "" }));
    expect(message).toContain(
      "operators.0.auth.clientSecret: environment variable ORANGE_SECRET is not set",
    );
    expect(message).toContain(
      "operators.1.auth.password: environment variable SFR_PASSWORD is not set",
    );
  });

  it("refuses secrets written in the settings themselves", () => {
    const inline = structuredClone(valid);
    (inline.operators[1] as { auth: { password: unknown } }).auth.password = "in-the-file";
    expect(problem(() => parse(inline))).toContain("operators.1.auth.password");
  });

  it("names routes to unknown operators, duplicate names and malformed routes", () => {
    const message = problem(() =>
      parse({
        operators: [valid.operators[1], valid.operators[1]],
        routes: [{ countries: ["FR"], operator: "bouygues" }],
      }),
    );
    expect(message).toContain('operators.1.name: "sfr" is taken');
    expect(message).toContain('routes.0.operator: no operator named "bouygues"');
    expect(
      problem(() => parse({ ...valid, routes: [{ prefixes: ["0610"], operator: "sfr" }] })),
    ).toContain("routes.0.prefixes.0");
    expect(
      problem(() => parse({ ...valid, routes: [{ countries: ["fr"], operator: "sfr" }] })),
    ).toContain("routes.0.countries.0");
    expect(problem(() => parse({ ...valid, extra: true }))).toContain("extra");
    expect(problem(() => parseCarrierBillingSettings("{", env))).toContain("not valid JSON");
  });

  it("builds OneAPI operators that really charge through the routed API", async () => {
    const fake = await OneApiFake.start({
      auth: { type: "basic", username: "smspay", password: "sfr-password" },
    });
    try {
      const router = buildCarrierBilling(
        parse({
          operators: [{ ...valid.operators[1], baseUrl: fake.baseUrl }],
          routes: [{ countries: ["FR"], operator: "sfr" }],
        }),
        { timeoutMs: 5_000 },
      );
      const outcome = await router.charge({
        clientCorrelator: "pay_settings",
        phone: "+33612345678",
        amount: 199,
        currency: "EUR",
        description: "Shop order",
      });
      expect(outcome).toEqual({
        status: "charged",
        chargeId: fake.transactions()[0]?.serverReferenceCode,
      });
    } finally {
      await fake.close();
    }
  });
});

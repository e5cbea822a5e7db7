import { describe, expect, it } from "vitest";
import { parseTransportSettings } from "./transport-settings.ts";

const kannel = {
  name: "kannel",
  type: "kannel",
  sendsmsUrl: "http://kannel.internal:13013/cgi-bin/sendsms",
  username: "smspay",
  password: { env: "KANNEL_PASSWORD" },
  secret: { env: "KANNEL_SECRET" },
};
const smpp = {
  name: "orange",
  type: "smpp",
  host: "smsc.example",
  systemId: "smspay",
  password: { env: "SMPP_PASSWORD" },
};
const env = {
  KANNEL_PASSWORD: "kannel-pw",
  KANNEL_SECRET: "0123456789abcdef0123",
  SMPP_PASSWORD: "s3cret",
};
const parse = (settings: unknown, environment: Record<string, string> = env) =>
  parseTransportSettings(JSON.stringify(settings), environment);

describe("transport settings", () => {
  it("reads transports, routes and the circuit breaker, secrets from the environment", () => {
    const settings = parse({
      transports: [kannel, smpp],
      routes: [{ senders: ["84500"], countries: ["FR"], via: ["orange", "kannel"] }],
      circuitBreaker: { failures: 3, openSeconds: 10 },
    });
    expect(settings.transports.map((t) => [t.name, t.type])).toEqual([
      ["kannel", "kannel"],
      ["orange", "smpp"],
    ]);
    expect(settings.routes).toEqual([
      { senders: ["84500"], countries: ["FR"], via: ["orange", "kannel"] },
    ]);
    expect(settings.circuitBreaker).toEqual({ failures: 3, openMs: 10_000 });
  });

  it("defaults: no routes, 5 failures open a circuit for 30 seconds", () => {
    const settings = parse({ transports: [smpp] });
    expect(settings.routes).toEqual([]);
    expect(settings.circuitBreaker).toEqual({ failures: 5, openMs: 30_000 });
  });

  it("refuses a secret whose environment variable is missing (no default secret)", () => {
    expect(() => parse({ transports: [kannel] }, { KANNEL_PASSWORD: "x" })).toThrow(
      /transports\.0\.secret: environment variable KANNEL_SECRET is not set/,
    );
  });

  it("names every problem: unknown type, unknown option, unknown route target, taken name", () => {
    let message = "";
    try {
      parse({
        transports: [
          { ...kannel, type: "carrier-pigeon" },
          { ...smpp, colour: "blue" },
          { ...smpp, name: "sandbox" },
        ],
        routes: [{ via: ["nowhere"] }],
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('transports.0.type: unknown "carrier-pigeon"');
    expect(message).toContain("transports.1.");
    expect(message).toContain('transports.2.name: "sandbox" is taken');
    expect(message).toContain('routes.0.via: no transport named "nowhere"');
  });

  it("refuses a short Kannel secret and an SMPP password longer than SMPP 3.4 allows", () => {
    expect(() => parse({ transports: [kannel] }, { ...env, KANNEL_SECRET: "short" })).toThrow(
      /secret/,
    );
    expect(() => parse({ transports: [smpp] }, { ...env, SMPP_PASSWORD: "toolongpw" })).toThrow(
      /at most 8/,
    );
  });

  it("refuses text that is not JSON", () => {
    expect(() => parseTransportSettings("{transports:", env)).toThrow(/not valid JSON/);
  });
});

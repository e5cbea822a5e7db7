// /webhooks/sms/:transport on a real smspay, with a Kannel transport
// configured (its get-url shape: the simplest provider to forge by hand).

import { randomBytes } from "node:crypto";
import { parseTransportSettings } from "@smspay/sms";
import { testDatabases } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSmspay, startSmspay } from "../test-support.ts";

// Responses are read loosely on purpose: the assertions pin their shapes.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Json = Record<string, any>;

describe.each(testDatabases())("SMS webhooks on $kind", (factory) => {
  let smspay: RunningSmspay;
  let apiKey: string;
  const secret = randomBytes(24).toString("base64url");

  beforeAll(async () => {
    const transports = parseTransportSettings(
      JSON.stringify({
        transports: [
          {
            name: "kannel",
            type: "kannel",
            sendsmsUrl: "http://127.0.0.1:9/cgi-bin/sendsms",
            username: "smspay",
            password: "unused",
            secret: { env: "KANNEL_SECRET" },
          },
        ],
      }),
      { KANNEL_SECRET: secret },
    );
    // No worker: the billed MTs stay queued; these tests look at the inbound side only.
    smspay = await startSmspay({
      db: (await factory.open()).db,
      config: { transports, worker: false },
    });
    ({ apiKey } = await smspay.merchant("Webhook Shop"));
  });
  afterAll(() => smspay.close());

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${smspay.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as Json;
  };
  const newPayment = () =>
    api("POST", "/v1/payments", {
      amount: 450,
      currency: "EUR",
      orderRef: `hook-${randomBytes(4).toString("hex")}`,
      returnUrl: "https://shop.example/thanks",
    });
  const hook = async (query: Record<string, string>, init: RequestInit = {}) => {
    const res = await fetch(
      `${smspay.baseUrl}/webhooks/sms/kannel?${new URLSearchParams(query)}`,
      init,
    );
    const text = await res.text();
    return { status: res.status, type: res.headers.get("content-type") ?? "", text };
  };

  it("hands an authentic MO to the payment, once however often it is delivered", async () => {
    const payment = await newPayment();
    const mo = {
      key: secret,
      id: `kannel-${randomBytes(6).toString("hex")}`,
      from: "+33612340901",
      to: payment.shortCode,
      text: payment.smsText,
    };
    const first = await hook(mo);
    expect(first).toMatchObject({ status: 200, text: "" });
    expect((await hook(mo)).status).toBe(200);
    expect((await api("GET", `/v1/payments/${payment.id}`)).status).toBe("processing");
    const events = (await api("GET", `/v1/payments/${payment.id}/events`)).data as Json[];
    expect(events.filter((e) => e.type === "processing")).toHaveLength(1);
  });

  it("refuses a forged request with 401 problem+json and changes nothing", async () => {
    const payment = await newPayment();
    const forged = await hook({
      key: "guessed",
      id: "forged-1",
      from: "+33612340902",
      to: payment.shortCode,
      text: payment.smsText,
    });
    expect(forged.status).toBe(401);
    expect(forged.type).toContain("application/problem+json");
    expect(JSON.parse(forged.text)).toMatchObject({ status: 401, code: "unauthorized" });
    const receipt = await hook({ type: "dlr", id: "mt_x", sig: "forged", status: "1" });
    expect(receipt.status).toBe(401);
    expect((await api("GET", `/v1/payments/${payment.id}`)).status).toBe("pending");
  });

  it("verifies before parsing: a POST whose body is broken JSON is judged on its signature", async () => {
    const res = await hook(
      { key: "guessed", id: "x", from: "+33612340903", to: "81450", text: "PAY 1" },
      { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" },
    );
    expect(res.status).toBe(401);
  });

  it("answers 400 invalid_request for an authentic but incomplete callback", async () => {
    const res = await hook({ key: secret, id: "incomplete-1", to: "81450", text: "PAY 1" });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ code: "invalid_request" });
  });

  it("answers 404 for a transport that is not configured", async () => {
    const res = await fetch(`${smspay.baseUrl}/webhooks/sms/nosuch?key=${secret}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as Json).code).toBe("not_found");
  });
});

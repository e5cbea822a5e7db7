// The OneAPI payment client against the strict fake operator, over real HTTP
// on loopback: what it sends, what each answer means, idempotency, retries
// and both ways of authenticating.

import { type AddressInfo, createServer } from "node:net";
import type { ChargeRequest } from "@smspay/core";
import { HangingServer, OneApiFake } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OneApiBilling } from "./oneapi-billing.ts";

const basicAuth = { type: "basic", username: "smspay", password: "s3cret-basic" } as const;
const client = { clientId: "smspay-client", clientSecret: "s3cret-oauth" };

let seq = 0;
const charge = (extra: Partial<ChargeRequest> = {}): ChargeRequest => {
  seq += 1;
  return {
    clientCorrelator: `pay_${seq}_${Math.random().toString(36).slice(2)}`,
    phone: "+33612345678",
    amount: 1234,
    currency: "EUR",
    description: "Boulangerie Paul order-1",
    ...extra,
  };
};

/** Resolves with the error `promise` rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<{ code: string; retryable: boolean }> {
  const outcome = await promise.then(
    (value) => ({ resolved: value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome))
    throw new Error(`expected a rejection, got ${JSON.stringify(outcome)}`);
  return outcome.error as { code: string; retryable: boolean };
}

describe("OneAPI billing with basic auth", () => {
  let fake: OneApiFake;
  let billing: OneApiBilling;

  beforeAll(async () => {
    fake = await OneApiFake.start({
      basePath: "/oneapi/1",
      auth: basicAuth,
      declines: {
        "+33611110000": "POL1000",
        "+33611110001": "POL0253",
        "+33611110002": "POL1001",
        "+33611110003": "POL0254",
        "+33611110004": "SVC0270",
        "+33611110005": "POL1002",
        "+33611110006": "POL9999",
      },
    });
    billing = new OneApiBilling({
      name: "orange",
      baseUrl: `${fake.baseUrl}/`,
      auth: basicAuth,
      purchaseCategoryCode: "Web",
      onBehalfOf: "smspay",
    });
  });
  afterAll(() => fake.close());

  it("charges the amount as a decimal with our id as clientCorrelator, and returns the operator's reference", async () => {
    const request = charge();
    const outcome = await billing.charge(request);
    const [transaction] = fake
      .transactions()
      .filter((t) => t.clientCorrelator === request.clientCorrelator);
    expect(transaction).toMatchObject({
      status: "Charged",
      endUserId: "tel:+33612345678",
      amount: 1234,
      currency: "EUR",
      description: "Boulangerie Paul order-1",
      referenceCode: request.clientCorrelator,
      channel: "SMS",
    });
    expect(outcome).toEqual({ status: "charged", chargeId: transaction?.serverReferenceCode });
  });

  it("answers a repeated clientCorrelator with the first charge instead of charging twice", async () => {
    const request = charge();
    const first = await billing.charge(request);
    const again = await billing.charge(request);
    expect(again).toEqual(first);
    expect(
      fake.transactions().filter((t) => t.clientCorrelator === request.clientCorrelator),
    ).toHaveLength(1);
  });

  it("maps the operator's policy and service exceptions to decline reasons", async () => {
    const reasons = await Promise.all(
      [
        "+33611110000",
        "+33611110001",
        "+33611110002",
        "+33611110003",
        "+33611110004",
        "+33611110006",
      ].map((phone) => billing.charge(charge({ phone }))),
    );
    expect(reasons).toEqual([
      { status: "declined", reason: "insufficient_funds" },
      { status: "declined", reason: "blocked" },
      { status: "declined", reason: "limit_exceeded" },
      { status: "declined", reason: "limit_exceeded" },
      { status: "declined", reason: "operator_error" },
      { status: "declined", reason: "operator_error" },
    ]);
  });

  it("retries later when the operator says the charge came too soon (POL1002)", async () => {
    const error = await rejection(billing.charge(charge({ phone: "+33611110005" })));
    expect(error).toMatchObject({ code: "transport_error", retryable: true });
  });

  it("makes a 503 a retryable transport error, and the retry charges once", async () => {
    const request = charge();
    fake.failNext(1, 503);
    expect(await rejection(billing.charge(request))).toMatchObject({
      code: "transport_error",
      retryable: true,
    });
    expect(await billing.charge(request)).toMatchObject({ status: "charged" });
    expect(
      fake.transactions().filter((t) => t.clientCorrelator === request.clientCorrelator),
    ).toHaveLength(1);
  });

  it("credits a charge back in parts, up to what was charged, naming the original charge", async () => {
    const request = charge({ amount: 500 });
    const charged = await billing.charge(request);
    if (charged.status !== "charged") throw new Error("not charged");
    const credit = (clientCorrelator: string, amount: number) =>
      billing.refund({
        clientCorrelator,
        chargeId: charged.chargeId,
        phone: request.phone,
        amount,
        currency: "EUR",
      });
    const first = await credit(`re_a_${seq}`, 300);
    expect(first).toMatchObject({ status: "refunded" });
    expect(await credit(`re_a_${seq}`, 300)).toEqual(first);
    expect(await credit(`re_b_${seq}`, 201)).toEqual({
      status: "declined",
      reason: "exceeds_charge",
    });
    expect(await credit(`re_c_${seq}`, 200)).toMatchObject({ status: "refunded" });
    const refunds = fake
      .transactions()
      .filter((t) => t.status === "Refunded" && t.originalServerReferenceCode === charged.chargeId);
    expect(refunds.map((t) => t.amount)).toEqual([300, 200]);
  });

  it("declines refunds of charges the operator does not know", async () => {
    const refund = { phone: "+33612345678", amount: 100, currency: "EUR" };
    const before = fake.paymentRequests;
    expect(await billing.refund({ ...refund, clientCorrelator: "re_none" })).toEqual({
      status: "declined",
      reason: "unknown_charge",
    });
    expect(fake.paymentRequests).toBe(before);
    expect(
      await billing.refund({ ...refund, clientCorrelator: "re_unknown", chargeId: "chg-nope" }),
    ).toEqual({ status: "declined", reason: "unknown_charge" });
  });

  it("refuses with a final error when the operator does not accept our credentials", async () => {
    const wrong = new OneApiBilling({
      name: "orange",
      baseUrl: fake.baseUrl,
      auth: { ...basicAuth, password: "wrong" },
    });
    expect(await rejection(wrong.charge(charge()))).toMatchObject({
      code: "transport_error",
      retryable: false,
    });
  });
});

describe("OneAPI billing with an OAuth 2.0 client-credentials token", () => {
  let fake: OneApiFake;
  let now = Date.now();

  beforeAll(async () => {
    fake = await OneApiFake.start({
      auth: { type: "oauth2", ...client, expiresInSeconds: 600 },
      now: () => now,
    });
  });
  afterAll(() => fake.close());

  const oauthBilling = (clientSecret = client.clientSecret) =>
    new OneApiBilling(
      {
        name: "sfr",
        baseUrl: fake.baseUrl,
        auth: { type: "oauth2", tokenUrl: fake.tokenUrl, clientId: client.clientId, clientSecret },
      },
      () => now,
    );

  it("asks for one token and reuses it until shortly before it expires", async () => {
    const billing = oauthBilling();
    const issued = fake.tokensIssued;
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => billing.charge(charge())));
    expect(outcomes.every((o) => o.status === "charged")).toBe(true);
    expect(fake.tokensIssued).toBe(issued + 1);
    now += 590_000;
    await billing.charge(charge());
    expect(fake.tokensIssued).toBe(issued + 2);
  });

  it("asks for a new token once when the operator stops accepting the cached one", async () => {
    const billing = oauthBilling();
    await billing.charge(charge());
    const issued = fake.tokensIssued;
    fake.revokeTokens();
    expect(await billing.charge(charge())).toMatchObject({ status: "charged" });
    expect(fake.tokensIssued).toBe(issued + 1);
  });

  it("refuses with a final error when the token endpoint rejects our client", async () => {
    const error = await rejection(oauthBilling("wrong").charge(charge()));
    expect(error).toMatchObject({ code: "transport_error", retryable: false });
  });

  it("retries when the token endpoint is down", async () => {
    fake.failNext(1, 503);
    const error = await rejection(oauthBilling().charge(charge()));
    expect(error).toMatchObject({ code: "transport_error", retryable: true });
  });
});

describe("OneAPI billing when the operator does not answer", () => {
  let silent: HangingServer;

  beforeAll(async () => {
    silent = await HangingServer.start("silent");
  });
  afterAll(() => silent.close());

  it("makes a timeout a retryable transport error", async () => {
    const billing = new OneApiBilling({
      name: "slow",
      baseUrl: silent.url,
      auth: basicAuth,
      timeoutMs: 200,
    });
    expect(await rejection(billing.charge(charge()))).toMatchObject({
      code: "transport_error",
      retryable: true,
    });
  });

  it("makes an unreachable operator a retryable transport error", async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const billing = new OneApiBilling({
      name: "down",
      baseUrl: `http://127.0.0.1:${closed}`,
      auth: basicAuth,
    });
    expect(await rejection(billing.charge(charge()))).toMatchObject({
      code: "transport_error",
      retryable: true,
    });
  });
});

import { describe, expect, it } from "vitest";
import type {
  CarrierBilling,
  ChargeOutcome,
  ChargeRequest,
  RefundOutcome,
  RefundRequest,
} from "./ports.ts";
import {
  assertSettleable,
  chargeThrough,
  mayMessage,
  maySettle,
  refundThrough,
  type TestModePolicy,
  transportChannel,
} from "./test-mode.ts";

const development: TestModePolicy = {
  production: false,
  sandbox: true,
  sandboxTransport: "sandbox",
};
const production: TestModePolicy = { ...development, production: true };
const live = { test: false };
const test = { test: true };

/** An operator that answers `outcome` and remembers whom it was asked to charge or credit. */
class Operator implements CarrierBilling {
  readonly calls: string[] = [];
  readonly #charge: ChargeOutcome;
  readonly #refund: RefundOutcome;

  constructor(charge: ChargeOutcome, refund: RefundOutcome) {
    this.#charge = charge;
    this.#refund = refund;
  }

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    this.calls.push(`charge ${request.clientCorrelator}`);
    return this.#charge;
  }

  async refund(request: RefundRequest): Promise<RefundOutcome> {
    this.calls.push(`refund ${request.clientCorrelator}`);
    return this.#refund;
  }
}

const routed = () =>
  new Operator(
    { status: "charged", chargeId: "op-1" },
    { status: "refunded", operatorRefundId: "op-r1" },
  );
const unrouted = () =>
  new Operator(
    { status: "declined", reason: "no_billing_route" },
    { status: "declined", reason: "no_billing_route" },
  );
const sandbox = () =>
  new Operator(
    { status: "charged", chargeId: "sbx-1" },
    { status: "refunded", operatorRefundId: "sbx-r1" },
  );

const charge: ChargeRequest = {
  clientCorrelator: "pay_1",
  phone: "+33612345678",
  amount: 1234,
  currency: "EUR",
  description: "Shop order-1",
};
const refund: RefundRequest = {
  clientCorrelator: "re_1",
  chargeId: "op-1",
  phone: "+33612345678",
  amount: 100,
  currency: "EUR",
};

describe("maySettle", () => {
  it("settles a test payment through the sandbox only, in development and in production", () => {
    for (const policy of [development, production]) {
      expect(maySettle(test, "sandbox", policy)).toBe(true);
      expect(maySettle(test, "live", policy)).toBe(false);
    }
  });

  it("keeps live payments off the sandbox in production, and lets it settle them in development", () => {
    expect(maySettle(live, "live", production)).toBe(true);
    expect(maySettle(live, "sandbox", production)).toBe(false);
    expect(maySettle(live, "live", development)).toBe(true);
    expect(maySettle(live, "sandbox", development)).toBe(true);
  });

  it("sends a test payment's SMS to virtual phones only", () => {
    expect(mayMessage(test, "sandbox", production)).toBe(true);
    expect(mayMessage(test, "twilio", development)).toBe(false);
    expect(mayMessage(live, "twilio", production)).toBe(true);
    expect(mayMessage(live, "sandbox", production)).toBe(true);
  });

  it("puts the sandbox transport's traffic on the sandbox channel, every other transport's on live", () => {
    expect(transportChannel("sandbox", production)).toBe("sandbox");
    expect(transportChannel("twilio", production)).toBe("live");
    expect(transportChannel("kannel", production)).toBe("live");
  });
});

describe("assertSettleable", () => {
  it("refuses a test payment on a server without the sandbox, and nothing else", () => {
    const off = { ...production, sandbox: false };
    expect(() => assertSettleable({ test: true }, off)).toThrow(
      expect.objectContaining({ code: "sandbox_disabled" }),
    );
    expect(() => assertSettleable({ test: false }, off)).not.toThrow();
    expect(() => assertSettleable({}, off)).not.toThrow();
    expect(() => assertSettleable({ test: true }, production)).not.toThrow();
  });
});

describe("chargeThrough and refundThrough", () => {
  it("charges and credits a test payment through the sandbox even when an operator routes the phone", async () => {
    const operator = routed();
    const virtual = sandbox();
    const channels = { live: operator, sandbox: virtual };
    expect(await chargeThrough(channels, test, production, charge)).toEqual({
      status: "charged",
      chargeId: "sbx-1",
    });
    expect(await refundThrough(channels, test, production, refund)).toEqual({
      status: "refunded",
      operatorRefundId: "sbx-r1",
    });
    expect(operator.calls).toEqual([]);
    expect(virtual.calls).toEqual(["charge pay_1", "refund re_1"]);
  });

  it("charges a live payment through the routing operator, never asking the sandbox", async () => {
    for (const policy of [development, production]) {
      const operator = routed();
      const virtual = sandbox();
      const channels = { live: operator, sandbox: virtual };
      expect(await chargeThrough(channels, live, policy, charge)).toMatchObject({
        chargeId: "op-1",
      });
      expect(await refundThrough(channels, live, policy, refund)).toMatchObject({
        operatorRefundId: "op-r1",
      });
      expect(operator.calls).toEqual(["charge pay_1", "refund re_1"]);
      expect(virtual.calls).toEqual([]);
    }
  });

  it("lets the sandbox take a live payment no operator routes in development, never in production", async () => {
    const virtual = sandbox();
    const channels = { live: unrouted(), sandbox: virtual };
    expect(await chargeThrough(channels, live, development, charge)).toMatchObject({
      chargeId: "sbx-1",
    });
    expect(virtual.calls).toEqual(["charge pay_1"]);

    const untouched = sandbox();
    const strict = { live: unrouted(), sandbox: untouched };
    expect(await chargeThrough(strict, live, production, charge)).toEqual({
      status: "declined",
      reason: "no_billing_route",
    });
    expect(await refundThrough(strict, live, production, refund)).toEqual({
      status: "declined",
      reason: "no_billing_route",
    });
    expect(untouched.calls).toEqual([]);
  });

  it("declines a test payment when the sandbox is not running, without asking the operators", async () => {
    const operator = routed();
    expect(await chargeThrough({ live: operator }, test, development, charge)).toEqual({
      status: "declined",
      reason: "no_billing_route",
    });
    expect(operator.calls).toEqual([]);
  });

  it("passes an operator's own decline through instead of trying the sandbox", async () => {
    const virtual = sandbox();
    const declining = new Operator(
      { status: "declined", reason: "insufficient_funds" },
      { status: "declined", reason: "unknown_charge" },
    );
    const channels = { live: declining, sandbox: virtual };
    expect(await chargeThrough(channels, live, development, charge)).toEqual({
      status: "declined",
      reason: "insufficient_funds",
    });
    expect(await refundThrough(channels, live, development, refund)).toEqual({
      status: "declined",
      reason: "unknown_charge",
    });
    expect(virtual.calls).toEqual([]);
  });
});

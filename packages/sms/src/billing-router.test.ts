import type {
  CarrierBilling,
  ChargeOutcome,
  ChargeRequest,
  RefundOutcome,
  RefundRequest,
} from "@smspay/core";
import { describe, expect, it } from "vitest";
import { CarrierBillingRouter } from "./billing-router.ts";

/** An operator that charges everything and remembers whose phone it was asked about. */
class Operator implements CarrierBilling {
  readonly phones: string[] = [];
  readonly #name: string;

  constructor(name: string) {
    this.#name = name;
  }

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    this.phones.push(request.phone);
    return { status: "charged", chargeId: `${this.#name}-${request.clientCorrelator}` };
  }

  async refund(request: RefundRequest): Promise<RefundOutcome> {
    this.phones.push(request.phone);
    return { status: "refunded", operatorRefundId: `${this.#name}-${request.clientCorrelator}` };
  }
}

const request = (phone: string): ChargeRequest => ({
  clientCorrelator: "pay_1",
  phone,
  amount: 250,
  currency: "EUR",
  description: "Shop order",
});

describe("CarrierBillingRouter", () => {
  const orange = new Operator("orange");
  const sfr = new Operator("sfr");
  const proximus = new Operator("proximus");
  const router = new CarrierBillingRouter({
    operators: new Map<string, CarrierBilling>([
      ["orange", orange],
      ["sfr", sfr],
      ["proximus", proximus],
    ]),
    routes: [
      { prefixes: ["+33610", "+33620"], operator: "orange" },
      { countries: ["FR"], operator: "sfr" },
      { countries: ["BE", "LU"], prefixes: ["+3247"], operator: "proximus" },
    ],
  });

  it("takes the first route whose countries and prefixes both match", () => {
    expect(router.operatorFor("+33610123456")).toBe("orange");
    expect(router.operatorFor("+33620123456")).toBe("orange");
    expect(router.operatorFor("+33612345678")).toBe("sfr");
    expect(router.operatorFor("+32470123456")).toBe("proximus");
    // Belgian, but not a prefix of that route: no operator.
    expect(router.operatorFor("+32490123456")).toBeUndefined();
    expect(router.operatorFor("+447911123456")).toBeUndefined();
  });

  it("charges and credits through the routed operator only", async () => {
    expect(await router.charge(request("+33610123456"))).toEqual({
      status: "charged",
      chargeId: "orange-pay_1",
    });
    expect(
      await router.refund({
        clientCorrelator: "re_1",
        chargeId: "sfr-pay_1",
        phone: "+33612345678",
        amount: 100,
        currency: "EUR",
      }),
    ).toEqual({ status: "refunded", operatorRefundId: "sfr-re_1" });
    expect(orange.phones).toEqual(["+33610123456"]);
    expect(sfr.phones).toEqual(["+33612345678"]);
    expect(proximus.phones).toEqual([]);
  });

  it("declines a phone no route covers, asking no operator", async () => {
    const before = [orange, sfr, proximus].map((o) => o.phones.length);
    expect(await router.charge(request("+447911123456"))).toEqual({
      status: "declined",
      reason: "no_billing_route",
    });
    expect(
      await router.refund({
        clientCorrelator: "re_2",
        chargeId: "x",
        phone: "+447911123456",
        amount: 100,
        currency: "EUR",
      }),
    ).toEqual({ status: "declined", reason: "no_billing_route" });
    expect([orange, sfr, proximus].map((o) => o.phones.length)).toEqual(before);
  });

  it("routes nothing without routes", async () => {
    const empty = new CarrierBillingRouter({ operators: new Map(), routes: [] });
    expect(await empty.charge(request("+33612345678"))).toEqual({
      status: "declined",
      reason: "no_billing_route",
    });
  });

  it("refuses a route to an operator it does not have", () => {
    expect(
      () =>
        new CarrierBillingRouter({
          operators: new Map(),
          routes: [{ countries: ["FR"], operator: "orange" }],
        }),
    ).toThrow(/unknown operator "orange"/);
  });
});

// Which operator's billing API charges which phone. A phone bill belongs to
// one operator, so unlike SMS routes there is no failover: the first route
// whose countries and number prefixes both match names the operator, and a
// phone no route covers is declined `no_billing_route` (the core then decides
// whether the sandbox may take it instead: test-mode.ts).

import {
  type CarrierBilling,
  type ChargeOutcome,
  type ChargeRequest,
  parsePhone,
  type RefundOutcome,
  type RefundRequest,
} from "@smspay/core";

export type BillingRoute = {
  /** ISO 3166 alpha-2 countries of the phone, e.g. FR. */
  readonly countries?: readonly string[] | undefined;
  /** E.164 prefixes, e.g. "+3361". */
  readonly prefixes?: readonly string[] | undefined;
  /** The operator (billing API) that charges these phones. */
  readonly operator: string;
};

export class CarrierBillingRouter implements CarrierBilling {
  readonly #operators: ReadonlyMap<string, CarrierBilling>;
  readonly #routes: readonly BillingRoute[];

  constructor(options: {
    operators: ReadonlyMap<string, CarrierBilling>;
    routes: readonly BillingRoute[];
  }) {
    for (const route of options.routes) {
      if (!options.operators.has(route.operator)) {
        throw new Error(`billing route names an unknown operator "${route.operator}"`);
      }
    }
    this.#operators = options.operators;
    this.#routes = options.routes;
  }

  /** The name of the operator that bills `phone` (E.164), if any. */
  operatorFor(phone: string): string | undefined {
    const country = countryOf(phone);
    return this.#routes.find(
      (route) =>
        (!route.countries || (country !== undefined && route.countries.includes(country))) &&
        (!route.prefixes || route.prefixes.some((prefix) => phone.startsWith(prefix))),
    )?.operator;
  }

  charge(request: ChargeRequest): Promise<ChargeOutcome> {
    const billing = this.#billingFor(request.phone);
    return billing ? billing.charge(request) : Promise.resolve(NO_ROUTE);
  }

  refund(request: RefundRequest): Promise<RefundOutcome> {
    const billing = this.#billingFor(request.phone);
    return billing ? billing.refund(request) : Promise.resolve(NO_ROUTE);
  }

  #billingFor(phone: string): CarrierBilling | undefined {
    const name = this.operatorFor(phone);
    return name === undefined ? undefined : this.#operators.get(name);
  }
}

const NO_ROUTE = { status: "declined", reason: "no_billing_route" } as const;

// A number the phone library does not know (a range newer than its metadata)
// can still be routed by prefix.
function countryOf(phone: string): string | undefined {
  try {
    return parsePhone(phone).country;
  } catch {
    return undefined;
  }
}

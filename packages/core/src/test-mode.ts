// Test payments and live payments never cross. A test payment (`test: true`
// at creation, e.g. a Shopify test order) is settled only through the sandbox
// operator: its MO through the sandbox transport, its charge and refunds
// through the sandbox's billing, its SMS to virtual phones only, so no real
// phone is ever billed (or texted) for it. A live payment is never settled
// through the sandbox in production; in development the sandbox may settle it
// (the quick start pays ordinary payments with virtual phones). `maySettle` is
// that rule, and every path that settles a payment asks it.

import { SmspayError } from "./errors.ts";
import type { Payment } from "./payment.ts";
import type {
  CarrierBilling,
  ChargeOutcome,
  ChargeRequest,
  RefundOutcome,
  RefundRequest,
} from "./ports.ts";

/** What settles a payment: the built-in sandbox operator, or real operators and transports. */
export type SettlementChannel = "sandbox" | "live";

export type TestModePolicy = {
  /** Production: the sandbox never settles a live payment. */
  readonly production: boolean;
  /** Whether this server runs the sandbox operator (test payments need it). */
  readonly sandbox: boolean;
  /** The sandbox operator's transport name: what comes through it is on the sandbox channel. */
  readonly sandboxTransport: string;
};

export const DEFAULT_TEST_MODE_POLICY: TestModePolicy = {
  production: false,
  sandbox: true,
  sandboxTransport: "sandbox",
};

/** The invariant: whether `payment` may be settled through `channel`. */
export function maySettle(
  payment: Pick<Payment, "test">,
  channel: SettlementChannel,
  policy: TestModePolicy,
): boolean {
  if (payment.test) return channel === "sandbox";
  return channel === "live" || !policy.production;
}

/** The channel of traffic through the transport named `transport`. */
export function transportChannel(transport: string, policy: TestModePolicy): SettlementChannel {
  return transport === policy.sandboxTransport ? "sandbox" : "live";
}

/** An SMS about `payment` through `transport`: a test payment's never reach a real phone. */
export function mayMessage(
  payment: Pick<Payment, "test">,
  transport: string,
  policy: TestModePolicy,
): boolean {
  return !payment.test || transportChannel(transport, policy) === "sandbox";
}

/** A test payment is only accepted by a server that can settle it. */
export function assertSettleable(
  input: { readonly test?: boolean | undefined },
  policy: TestModePolicy,
): void {
  if (input.test && !policy.sandbox) {
    throw new SmspayError(
      "sandbox_disabled",
      "test payments are paid in the sandbox, which is off on this server",
    );
  }
}

/** Carrier billing per channel: the real operators (a router), and the sandbox when it runs. */
export type CarrierBillingChannels = {
  readonly live: CarrierBilling;
  readonly sandbox?: CarrierBilling;
};

const NO_ROUTE = { status: "declined", reason: "no_billing_route" } as const;

/** Charges `payment` through the first channel it may be settled on that has a route for the phone. */
export function chargeThrough(
  channels: CarrierBillingChannels,
  payment: Pick<Payment, "test">,
  policy: TestModePolicy,
  request: ChargeRequest,
): Promise<ChargeOutcome> {
  return firstRouted<ChargeOutcome>(channels, payment, policy, NO_ROUTE, (billing) =>
    billing.charge(request),
  );
}

/** Credits a charge of `payment` back, choosing the channel as `chargeThrough` did. */
export function refundThrough(
  channels: CarrierBillingChannels,
  payment: Pick<Payment, "test">,
  policy: TestModePolicy,
  request: RefundRequest,
): Promise<RefundOutcome> {
  return firstRouted<RefundOutcome>(channels, payment, policy, NO_ROUTE, (billing) =>
    billing.refund(request),
  );
}

// Real operators first: in development a live payment goes to the sandbox only
// when no operator route covers its phone (no route configured at all, on a
// fresh clone).
async function firstRouted<T extends ChargeOutcome | RefundOutcome>(
  channels: CarrierBillingChannels,
  payment: Pick<Payment, "test">,
  policy: TestModePolicy,
  noRoute: T,
  call: (billing: CarrierBilling) => Promise<T>,
): Promise<T> {
  for (const channel of ["live", "sandbox"] as const) {
    const billing = channels[channel];
    if (!billing || !maySettle(payment, channel, policy)) continue;
    const outcome = await call(billing);
    if (outcome.status !== "declined" || outcome.reason !== "no_billing_route") return outcome;
  }
  return noRoute;
}

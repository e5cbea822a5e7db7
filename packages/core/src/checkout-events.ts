// The checkout funnel for the merchant's dashboard: the first time each step
// happened for a payment (page viewed, flow chosen, SMS link tapped, PIN sent,
// PIN verified, paid, abandoned). Only ids, a step and a time: no personal data.

import type { Payment } from "./payment.ts";
import type { PaymentStatus } from "./payment-states.ts";
import type { Clock, Repositories, Store } from "./ports.ts";

export const CHECKOUT_EVENT_TYPES = [
  "page_viewed",
  "flow_chosen",
  "sms_link_tapped",
  "pin_sent",
  "pin_verified",
  "paid",
  "abandoned",
] as const;

export type CheckoutEventType = (typeof CHECKOUT_EVENT_TYPES)[number];

/** How many payments reached each step. */
export type CheckoutFunnelCounts = Readonly<Record<CheckoutEventType, number>>;

export interface CheckoutEventRepository {
  /** Records the step unless the payment already reached it; false when it had. */
  record(event: {
    paymentId: string;
    merchantId: string;
    type: CheckoutEventType;
    at: Date;
  }): Promise<boolean>;
  /** The steps a payment reached, in the order they happened. */
  types(paymentId: string): Promise<CheckoutEventType[]>;
  /** Payments of the merchant per step reached within [from, to). */
  funnel(input: { merchantId: string; from: Date; to: Date }): Promise<CheckoutFunnelCounts>;
}

export function isCheckoutEventType(value: string): value is CheckoutEventType {
  return (CHECKOUT_EVENT_TYPES as readonly string[]).includes(value);
}

// Steps that show the customer tried to pay: a payment that expires after one
// of them was dropped along the way, not abandoned untouched.
const CUSTOMER_ACTIONS: ReadonlySet<CheckoutEventType> = new Set([
  "flow_chosen",
  "sms_link_tapped",
  "pin_sent",
  "pin_verified",
]);

/**
 * The funnel step a status change stands for, recorded in the transaction of
 * the change: any first move to processing means the customer chose a way to
 * pay (an SMS typed by hand or sent from the QR code included).
 */
export async function recordStatusStep(
  tx: Repositories,
  payment: Pick<Payment, "id" | "merchantId">,
  to: PaymentStatus,
  at: Date,
): Promise<void> {
  const event = { paymentId: payment.id, merchantId: payment.merchantId, at };
  switch (to) {
    case "processing":
      await tx.checkoutEvents.record({ ...event, type: "flow_chosen" });
      return;
    case "succeeded":
      await tx.checkoutEvents.record({ ...event, type: "paid" });
      return;
    case "canceled":
      await tx.checkoutEvents.record({ ...event, type: "abandoned" });
      return;
    case "expired": {
      const reached = await tx.checkoutEvents.types(payment.id);
      if (!reached.some((type) => CUSTOMER_ACTIONS.has(type)))
        await tx.checkoutEvents.record({ ...event, type: "abandoned" });
      return;
    }
    default:
      return;
  }
}

/** Steps the checkout page reports (views, taps, PIN steps). */
export class CheckoutFunnel {
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(deps: { store: Store; clock: Clock }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
  }

  async record(
    payment: Pick<Payment, "id" | "merchantId">,
    ...types: CheckoutEventType[]
  ): Promise<void> {
    const at = this.#clock.now();
    for (const type of types) {
      await this.#store.checkoutEvents.record({
        paymentId: payment.id,
        merchantId: payment.merchantId,
        type,
        at,
      });
    }
  }

  funnel(input: { merchantId: string; from: Date; to: Date }): Promise<CheckoutFunnelCounts> {
    return this.#store.checkoutEvents.funnel(input);
  }
}

// Trying a failed payment again from the checkout ("Try again"): a new
// payment for the same order with the same parameters, created through the
// merchant's own rules (limits, tariffs). Its idempotency key derives from the
// failed payment, so a double click, or two tabs, make one new payment.

import { SmspayError } from "./errors.ts";
import type { Payment } from "./payment.ts";
import type { CreatePaymentInput } from "./payment-input.ts";

export type RetryRequest = { readonly body: CreatePaymentInput; readonly idempotencyKey: string };

export function retryRequestFor(payment: Payment): RetryRequest {
  if (payment.status !== "failed") {
    throw new SmspayError(
      "invalid_state",
      `only a failed payment can be tried again; this one is ${payment.status}`,
    );
  }
  const customer = {
    ...(payment.customerEmail ? { email: payment.customerEmail } : {}),
    ...(payment.customerLocale ? { locale: payment.customerLocale } : {}),
  };
  return {
    idempotencyKey: `retry:${payment.id}`,
    body: {
      amount: payment.amount,
      currency: payment.currency,
      orderRef: payment.orderRef,
      returnUrl: payment.returnUrl,
      ...(payment.cancelUrl ? { cancelUrl: payment.cancelUrl } : {}),
      ...(payment.description ? { description: payment.description } : {}),
      ...(Object.keys(customer).length > 0 ? { customer } : {}),
      ...(payment.metadata ? { metadata: { ...payment.metadata } } : {}),
    },
  };
}

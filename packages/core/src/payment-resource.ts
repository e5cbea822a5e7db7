// The payment as the merchant API shows it, and as webhooks carry it
// (shared/webhooks.md: data.payment is exactly this). This shape is the public
// contract plugins rely on: add fields, never rename or drop one.

import type { Payment, PaymentEvent } from "./payment.ts";
import { smsTextFor } from "./payment-service.ts";

export function checkoutUrl(publicUrl: string, paymentId: string): string {
  return `${publicUrl}/pay/${paymentId}`;
}

/**
 * `publicUrl` is the base of `checkoutUrl`. Given "", the checkout URL is
 * root-relative: webhook events store that form (core does not know where
 * smspay is published) and the sender prefixes it (`withPublicUrl`).
 */
export function paymentResource(payment: Payment, publicUrl: string) {
  return {
    id: payment.id,
    status: payment.status,
    amount: payment.amount,
    currency: payment.currency,
    orderRef: payment.orderRef,
    description: payment.description,
    flow: payment.flow,
    checkoutUrl: checkoutUrl(publicUrl, payment.id),
    returnUrl: payment.returnUrl,
    cancelUrl: payment.cancelUrl,
    ...(payment.flow === "shortcode"
      ? {
          shortCode: payment.shortCode,
          keyword: payment.keyword,
          reference: payment.reference,
          smsText: smsTextFor(payment),
        }
      : {}),
    customer: {
      email: payment.customerEmail,
      locale: payment.customerLocale,
      // Only the last digits: the merchant recognises the customer, nobody learns the number.
      phoneLast4: payment.phoneLast4,
    },
    metadata: payment.metadata ?? {},
    refundedAmount: payment.refundedAmount,
    failureCode: payment.failureCode,
    test: payment.test,
    expiresAt: payment.expiresAt.toISOString(),
    createdAt: payment.createdAt.toISOString(),
    updatedAt: payment.updatedAt.toISOString(),
    succeededAt: payment.succeededAt?.toISOString() ?? null,
  };
}

export type PaymentResource = ReturnType<typeof paymentResource>;

/** A resource built with a root-relative checkout URL, made absolute. */
export function withPublicUrl(resource: PaymentResource, publicUrl: string): PaymentResource {
  return { ...resource, checkoutUrl: `${publicUrl}${resource.checkoutUrl}` };
}

export function eventResource(event: PaymentEvent) {
  return { type: event.type, at: event.at.toISOString(), data: event.data };
}

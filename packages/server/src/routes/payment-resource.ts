// The payment as the merchant API shows it. This shape is the public
// contract plugins rely on: add fields, never rename or drop one.

import { type Payment, type PaymentEvent, smsTextFor } from "@smspay/core";

export function checkoutUrl(publicUrl: string, paymentId: string): string {
  return `${publicUrl}/pay/${paymentId}`;
}

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

export function eventResource(event: PaymentEvent) {
  return { type: event.type, at: event.at.toISOString(), data: event.data };
}

// The payment as the core sees it: plain data, no ORM types.

import type { Limits } from "./limits.ts";
import type { PaymentStatus } from "./payment-states.ts";

export type PaymentFlow = "shortcode" | "otp" | "express";

export type Payment = {
  readonly id: string;
  readonly merchantId: string;
  readonly status: PaymentStatus;
  readonly flow: PaymentFlow;
  readonly amount: number;
  readonly currency: string;
  readonly orderRef: string;
  readonly description: string | null;
  readonly returnUrl: string;
  readonly cancelUrl: string | null;
  readonly customerEmail: string | null;
  readonly customerLocale: string | null;
  /** HMAC of the customer's E.164 number, once known. */
  readonly phoneHash: string | null;
  /** AES-GCM ciphertext of the E.164 number (see PhoneVault). */
  readonly phoneCipher: string | null;
  readonly phoneLast4: string | null;
  readonly metadata: Readonly<Record<string, string>> | null;
  readonly shortCode: string | null;
  readonly keyword: string | null;
  readonly reference: string | null;
  readonly test: boolean;
  readonly idempotencyKey: string | null;
  readonly requestHash: string | null;
  readonly refundedAmount: number;
  readonly failureCode: string | null;
  readonly expiresAt: Date;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly succeededAt: Date | null;
};

export type PaymentEvent = {
  readonly type: string;
  readonly at: Date;
  readonly data: Readonly<Record<string, unknown>>;
};

export type Merchant = {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
  readonly limits: Limits;
  /** Whether amounts without a matching short-code tariff may go through carrier billing. */
  readonly carrierBilling: boolean;
  readonly createdAt: Date;
};

export type InboundKind = "mo" | "dlr";

export type OutboundPurpose =
  | "billed_confirmation"
  | "pin"
  | "receipt"
  | "service_reply"
  | "express_request"
  | "notification";

export type OutboundStatus = "queued" | "sent" | "delivered" | "failed";

export type OutboundMessage = {
  readonly id: string;
  readonly merchantId: string | null;
  readonly paymentId: string | null;
  readonly purpose: OutboundPurpose;
  readonly transport: string;
  /** The short code or sender id the MT leaves from. */
  readonly sender: string;
  readonly toHash: string;
  readonly toCipher: string;
  readonly text: string;
  /** Set on a premium (billed) MT: what the operator charges the customer for it. */
  readonly billedAmount: number | null;
  readonly currency: string | null;
  readonly status: OutboundStatus;
  readonly providerMessageId: string | null;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
};

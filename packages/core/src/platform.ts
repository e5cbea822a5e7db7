// The platform adapter port: how smspay tells a shop platform (Shopify,
// WooCommerce, Magento) what happened to an order's payment, and reads the
// order back for reconciliation. Every adapter runs the platform-adapter
// contract suite in @smspay/testkit against a strict fake of its platform.
//
// Calls are retried by the outbox, so each must be idempotent: telling a
// platform twice that an order is paid leaves it paid once (one invoice, one
// status change, one note). Errors: throw SmspayError("platform_error", …,
// { retryable }) — retryable for network failures, 5xx and 429; not for 4xx
// answers that will not change.

export type PlatformName = "shopify" | "woocommerce" | "magento";

/** An order's state as the platform shows it, in our words. */
export type PlatformOrderState =
  | "awaiting_payment"
  | "paid"
  | "failed"
  | "cancelled"
  | "refunded"
  | "partially_refunded"
  | "not_found";

/** What an adapter needs to know about the payment (no ORM types, no phone numbers). */
export type PlatformPayment = {
  readonly id: string;
  /** The platform's order id (WooCommerce order id, Magento order entity id, Shopify payment session id). */
  readonly orderRef: string;
  readonly amount: number;
  readonly currency: string;
  readonly reference: string | null;
  readonly failureCode: string | null;
  readonly test: boolean;
};

export type PlatformRefund = {
  readonly id: string;
  readonly amount: number;
  readonly currency: string;
  readonly reason: string | null;
};

export interface PlatformAdapter {
  readonly platform: PlatformName;
  /** The payment succeeded: mark the order paid (with our payment id as transaction id). */
  notifyPaid(input: { payment: PlatformPayment }): Promise<void>;
  /** The payment failed, expired or was canceled: the order must not ship. */
  notifyFailed(input: {
    payment: PlatformPayment;
    reason: "failed" | "expired" | "canceled";
  }): Promise<void>;
  /**
   * A refund that originated in smspay: record it on the order without asking
   * the platform to refund through the gateway again (no refund loop).
   */
  notifyRefunded(input: { payment: PlatformPayment; refund: PlatformRefund }): Promise<void>;
  orderState(input: { orderRef: string }): Promise<PlatformOrderState>;
}

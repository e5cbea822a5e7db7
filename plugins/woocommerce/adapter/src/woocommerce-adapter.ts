// The WooCommerce side of the platform adapter port: tells a shop what
// happened to an order's payment through the REST API. The outbox retries
// every call, so each reads the order first and only writes what is missing:
// one set_paid, one refund per smspay refund, one note per event.

import {
  type PlatformAdapter,
  type PlatformOrderState,
  type PlatformPayment,
  type PlatformRefund,
  parseDecimalAmount,
  SmspayError,
  toDecimalString,
} from "@smspay/core";
import { type WooClientOptions, WooCommerceClient, type WooOrder } from "./woocommerce-client.ts";
import { parseWooCommerceConfig } from "./woocommerce-config.ts";

/** The PHP plugin's gateway id and the order meta where it keeps our payment id. */
export const WOO_GATEWAY_ID = "smspay";
export const WOO_PAYMENT_META = "_smspay_payment_id";
/** Refund meta naming the smspay refund a WooCommerce refund records (both sides write it). */
export const WOO_REFUND_META = "smspay_refund_id";

// WooCommerce's statuses once money was received (payment_complete moves an
// order to processing, or completed when nothing ships).
const PAID_STATUSES = new Set(["processing", "completed", "refunded"]);
const AWAITING_STATUSES = new Set(["pending", "on-hold", "checkout-draft"]);

export function createWooCommerceAdapter(
  config: unknown,
  options: WooClientOptions = {},
): PlatformAdapter {
  return new WooCommerceAdapter(new WooCommerceClient(parseWooCommerceConfig(config), options));
}

export class WooCommerceAdapter implements PlatformAdapter {
  readonly platform = "woocommerce";
  readonly #client: WooCommerceClient;

  constructor(client: WooCommerceClient) {
    this.#client = client;
  }

  async notifyPaid({ payment }: { payment: PlatformPayment }): Promise<void> {
    const order = await this.#order(payment.orderRef);
    assertSameAmount(order, payment);
    if (isPaid(order)) {
      if (order.transaction_id !== payment.id) {
        await this.#noteOnce(
          order,
          `smspay ${payment.id} paid`,
          `SMS payment ${payment.id} succeeded, but the order was already paid (transaction ${order.transaction_id || "unknown"}): refund the customer one of the two payments.`,
        );
        return;
      }
    } else {
      await this.#client.updateOrder(payment.orderRef, {
        set_paid: true,
        transaction_id: payment.id,
      });
    }
    await this.#noteOnce(
      order,
      `smspay ${payment.id} paid`,
      `Paid by SMS: ${formatAmount(payment)}${payment.test ? " (test mode)" : ""}.`,
    );
  }

  async notifyFailed({
    payment,
    reason,
  }: {
    payment: PlatformPayment;
    reason: "failed" | "expired" | "canceled";
  }): Promise<void> {
    const order = await this.#order(payment.orderRef);
    // A late failure never unpays an order, and an order the customer since
    // paid another way (or with a newer SMS payment) is not ours to stop.
    if (isPaid(order) || !isOurs(order, payment)) return;
    if (AWAITING_STATUSES.has(order.status)) {
      await this.#client.updateOrder(payment.orderRef, {
        status: reason === "failed" ? "failed" : "cancelled",
      });
    }
    const why = payment.failureCode ? ` (${payment.failureCode})` : "";
    await this.#noteOnce(order, `smspay ${payment.id} ${reason}`, `SMS payment ${reason}${why}.`);
  }

  async notifyRefunded({
    payment,
    refund,
  }: {
    payment: PlatformPayment;
    refund: PlatformRefund;
  }): Promise<void> {
    const order = await this.#order(payment.orderRef);
    const refunds = await this.#client.listRefunds(payment.orderRef);
    // The PHP plugin tags refunds made from the WooCommerce admin with the same
    // meta, so a refund started there is not recorded a second time.
    if (
      refunds.some((r) =>
        r.meta_data.some((m) => m.key === WOO_REFUND_META && m.value === refund.id),
      )
    )
      return;
    const left = orderTotal(order, payment.currency) - refundedSoFar(order, payment.currency);
    if (refund.currency !== order.currency || refund.amount > left) {
      throw new SmspayError(
        "platform_error",
        `refund ${refund.id} (${formatAmount(refund)}) does not fit order ${order.id} (${toDecimalString({ amount: left, currency: payment.currency })} ${order.currency} left to refund)`,
      );
    }
    await this.#client.createRefund(payment.orderRef, {
      amount: toDecimalString(refund),
      reason: refund.reason ?? "Refunded through smspay",
      // The money already went back through smspay: asking WooCommerce to call
      // the gateway again would refund the customer twice.
      api_refund: false,
      meta_data: [{ key: WOO_REFUND_META, value: refund.id }],
    });
  }

  async orderState({ orderRef }: { orderRef: string }): Promise<PlatformOrderState> {
    if (!isOrderId(orderRef)) return "not_found";
    const order = await this.#client.getOrder(orderRef);
    if (!order) return "not_found";
    if (order.status === "refunded") return "refunded";
    if (order.status === "failed") return "failed";
    if (order.status === "cancelled") return "cancelled";
    if (isPaid(order)) return order.refunds.length > 0 ? "partially_refunded" : "paid";
    return "awaiting_payment";
  }

  async #order(orderRef: string): Promise<WooOrder> {
    const order = isOrderId(orderRef) ? await this.#client.getOrder(orderRef) : undefined;
    if (!order) {
      throw new SmspayError("platform_error", `WooCommerce has no order ${orderRef}`);
    }
    return order;
  }

  /** Adds a note unless one carrying `marker` is already there (retries add nothing). */
  async #noteOnce(order: WooOrder, marker: string, text: string): Promise<void> {
    const orderId = String(order.id);
    const notes = await this.#client.listNotes(orderId);
    if (notes.some((n) => n.note.includes(`[${marker}]`))) return;
    await this.#client.addNote(orderId, `${text} [${marker}]`);
  }
}

function isOrderId(orderRef: string): boolean {
  return /^[1-9]\d{0,18}$/.test(orderRef);
}

function isPaid(order: WooOrder): boolean {
  return order.date_paid !== null || PAID_STATUSES.has(order.status);
}

function isOurs(order: WooOrder, payment: PlatformPayment): boolean {
  if (order.payment_method !== WOO_GATEWAY_ID) return false;
  const recorded = order.meta_data.find((m) => m.key === WOO_PAYMENT_META)?.value;
  return recorded === undefined || recorded === payment.id;
}

function orderTotal(order: WooOrder, currency: string): number {
  const total = parseDecimalAmount(order.total, currency);
  if (total === undefined) {
    throw new SmspayError(
      "platform_error",
      `order ${order.id} has an unreadable total "${order.total}"`,
    );
  }
  return total;
}

/** WooCommerce lists refunds on the order as negative totals ("-1.50"). */
function refundedSoFar(order: WooOrder, currency: string): number {
  return order.refunds.reduce(
    (sum, r) => sum + (parseDecimalAmount(r.total.replace(/^-/, ""), currency) ?? 0),
    0,
  );
}

/** The order must ask for exactly what the customer paid (it may have been edited since). */
function assertSameAmount(order: WooOrder, payment: PlatformPayment): void {
  if (
    order.currency !== payment.currency ||
    orderTotal(order, payment.currency) !== payment.amount
  ) {
    throw new SmspayError(
      "platform_error",
      `order ${order.id} asks for ${order.total} ${order.currency}, the SMS payment ${payment.id} was ${formatAmount(payment)}`,
    );
  }
}

function formatAmount(money: { amount: number; currency: string }): string {
  return `${toDecimalString(money)} ${money.currency}`;
}

// The PlatformAdapter for Magento 2 / Adobe Commerce. An order's reference
// (`orderRef`) is its entity id (`entity_id`, what Magento's REST paths take),
// as the Smspay_SmsPayment module sends it; the customer-facing increment id
// ("000000123") travels in the payment's description and metadata.
//
// Every call reads the order first and acts only when it still has to, so the
// outbox can repeat any of them: one invoice, one cancellation, one credit
// memo per smspay refund (found again by the refund id in its comment), one
// comment per event (found again by the line it starts with).

import {
  type PlatformAdapter,
  type PlatformOrderState,
  type PlatformPayment,
  type PlatformRefund,
  parseDecimalAmount,
  SmspayError,
  toDecimalString,
} from "@smspay/core";
import {
  type MagentoClientOptions,
  type MagentoOrder,
  MagentoRestClient,
} from "./magento-client.ts";
import { magentoConfigSchema } from "./magento-config.ts";

/** How the module's refund command starts the reason of the refunds it asks for. */
export const MAGENTO_CREDIT_MEMO_REASON = "Magento credit memo";

/** Orders Magento still expects a payment for. */
const AWAITING_STATES = new Set(["new", "pending_payment", "payment_review", "holded"]);

export class MagentoAdapter implements PlatformAdapter {
  readonly platform = "magento";
  readonly #client: MagentoRestClient;

  constructor(client: MagentoRestClient) {
    this.#client = client;
  }

  async notifyPaid({ payment }: { payment: PlatformPayment }): Promise<void> {
    const orderId = orderIdOf(payment.orderRef);
    let order = await this.#requireOrder(orderId);
    if (!isInvoiced(order)) {
      if (order.state === "canceled" || order.state === "closed") {
        throw new SmspayError(
          "platform_error",
          `Magento order ${order.increment_id} is ${order.state}: it cannot take payment ${payment.id}`,
        );
      }
      assertSameAmount(order, payment);
      // capture: true runs the module's capture command, which records our
      // payment id as the transaction; notify: true emails the invoice.
      await this.#client.invoice(orderId, {
        capture: true,
        notify: true,
        arguments: { extension_attributes: { smspay_payment_id: payment.id } },
      });
      order = await this.#requireOrder(orderId);
    }
    await this.#commentOnce(order, `smspay: paid by SMS (payment ${payment.id})`, {
      detail: payment.reference ? `Reference ${payment.reference}.` : "",
      customer: true,
    });
  }

  async notifyFailed(input: {
    payment: PlatformPayment;
    reason: "failed" | "expired" | "canceled";
  }): Promise<void> {
    const { payment, reason } = input;
    const orderId = orderIdOf(payment.orderRef);
    let order = await this.#requireOrder(orderId);
    // A late failure never unpays an order (the customer may have paid with a retry).
    if (isInvoiced(order)) return;
    if (order.state !== "canceled") {
      await this.#client.cancel(orderId);
      order = await this.#requireOrder(orderId);
    }
    await this.#commentOnce(order, `smspay: payment ${payment.id} ${reason}`, {
      detail: payment.failureCode ? `Reason: ${payment.failureCode}.` : "",
      customer: false,
    });
  }

  async notifyRefunded(input: { payment: PlatformPayment; refund: PlatformRefund }): Promise<void> {
    const { payment, refund } = input;
    // Asked by the module from a Magento credit memo, which Magento is saving
    // itself (perhaps still, as we speak): a second one would refund twice on paper.
    if (refund.reason?.startsWith(MAGENTO_CREDIT_MEMO_REASON)) return;
    const orderId = orderIdOf(payment.orderRef);
    const order = await this.#requireOrder(orderId);
    const memos = await this.#client.creditMemos(orderId);
    const recorded = memos.some(
      (memo) =>
        memo.transaction_id === refund.id ||
        (memo.comments ?? []).some((c) => c.comment?.includes(refund.id)),
    );
    if (recorded) return;
    if (refund.currency !== order.order_currency_code) {
      throw new SmspayError(
        "platform_error",
        `refund ${refund.id} is in ${refund.currency}, Magento order ${order.increment_id} in ${order.order_currency_code}`,
      );
    }
    // The REST refund endpoint is the offline one (no refund loop through the
    // module's refund command). Items at quantity 0 plus an adjustment refund
    // exactly the amount smspay refunded, whatever the order's lines were.
    await this.#client.refundOffline(orderId, {
      items: order.items.map((item) => ({ order_item_id: item.item_id, qty: 0 })),
      notify: true,
      appendComment: true,
      comment: {
        comment: `smspay refund ${refund.id}${refund.reason ? `: ${refund.reason}` : ""}`,
        is_visible_on_front: 0,
      },
      arguments: {
        shipping_amount: 0,
        adjustment_positive: Number(toDecimalString(refund)),
        adjustment_negative: 0,
      },
    });
  }

  async orderState({ orderRef }: { orderRef: string }): Promise<PlatformOrderState> {
    const orderId = parseOrderId(orderRef);
    const order = orderId === undefined ? undefined : await this.#client.getOrder(orderId);
    if (!order) return "not_found";
    if (order.state === "canceled") return "cancelled";
    const currency = order.order_currency_code;
    const paid = minorUnits(order.total_paid ?? 0, currency);
    const refunded = minorUnits(order.total_refunded ?? 0, currency);
    if (paid > 0 || isInvoiced(order)) {
      if (refunded === 0) return "paid";
      return refunded >= paid ? "refunded" : "partially_refunded";
    }
    return AWAITING_STATES.has(order.state) ? "awaiting_payment" : "cancelled";
  }

  async #requireOrder(orderId: number): Promise<MagentoOrder> {
    const order = await this.#client.getOrder(orderId);
    if (!order) throw new SmspayError("platform_error", `Magento has no order ${orderId}`);
    return order;
  }

  /** Adds the comment unless one starting with `headline` is already on the order. */
  async #commentOnce(
    order: MagentoOrder,
    headline: string,
    options: { detail: string; customer: boolean },
  ): Promise<void> {
    const seen = (order.status_histories ?? []).some((h) => h.comment?.startsWith(headline));
    if (seen) return;
    await this.#client.addComment(order.entity_id, {
      comment: options.detail ? `${headline}. ${options.detail}` : `${headline}.`,
      is_customer_notified: 0,
      is_visible_on_front: options.customer ? 1 : 0,
      status: order.status,
    });
  }
}

/** Builds the adapter from a merchant's stored connection config (validated here). */
export function createMagentoAdapter(
  config: unknown,
  options: MagentoClientOptions = {},
): MagentoAdapter {
  const parsed = magentoConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw new SmspayError("invalid_request", "invalid Magento connection", {
      fields: parsed.error.issues.map((issue) => ({
        path: ["config", ...issue.path.map(String)].join("."),
        message: issue.message,
      })),
    });
  }
  return new MagentoAdapter(new MagentoRestClient(parsed.data, options));
}

function isInvoiced(order: MagentoOrder): boolean {
  return (order.total_invoiced ?? 0) > 0;
}

function parseOrderId(orderRef: string): number | undefined {
  if (!/^[1-9]\d{0,9}$/.test(orderRef)) return undefined;
  return Number(orderRef);
}

function orderIdOf(orderRef: string): number {
  const orderId = parseOrderId(orderRef);
  if (orderId === undefined) {
    throw new SmspayError(
      "platform_error",
      `"${orderRef}" is not a Magento order entity id (the module sends the entity id as orderRef)`,
    );
  }
  return orderId;
}

/** Magento's JSON totals are decimal numbers ("4.5"); never round a customer's price. */
function minorUnits(total: number, currency: string): number {
  const amount = parseDecimalAmount(String(total), currency);
  if (amount === undefined) {
    throw new SmspayError("platform_error", `Magento total ${total} ${currency} is not exact`);
  }
  return amount;
}

function assertSameAmount(order: MagentoOrder, payment: PlatformPayment): void {
  const currency = order.order_currency_code;
  if (currency !== payment.currency || minorUnits(order.grand_total, currency) !== payment.amount) {
    throw new SmspayError(
      "platform_error",
      `payment ${payment.id} is ${toDecimalString(payment)} ${payment.currency}, Magento order ${order.increment_id} is ${order.grand_total} ${currency}`,
    );
  }
}

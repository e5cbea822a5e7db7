// The built-in fake operator and its virtual phones: the default transport in
// embedded mode, and the "fake provider registered like a real one" that tests
// and demos run against. It bills premium MTs, charges phone bills for
// carrier billing, and sends delivery receipts back like an SMS+ operator.

import {
  type CarrierBilling,
  type ChargeOutcome,
  type ChargeRequest,
  type DeliveryReceipt,
  type DeliveryStatusQuery,
  type InboundSms,
  newId,
  type OutgoingSms,
  type PhoneVault,
  parsePhone,
  type QueriedDelivery,
  type RefundOutcome,
  type RefundRequest,
  SmspayError,
  type SmsTransport,
} from "@smspay/core";
import { behaviourOf, type SandboxBehaviour } from "./magic-numbers.ts";
import type { SandboxLedger } from "./sandbox-ledger.ts";
import { SANDBOX_TRANSPORT } from "./sandbox-tariffs.ts";

export type PhoneMessage = {
  readonly direction: "mo" | "mt";
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly at: Date;
  readonly billedAmount?: number;
  readonly currency?: string;
};

export type SandboxOptions = {
  readonly ledger: SandboxLedger;
  readonly vault: PhoneVault;
  readonly clock: { now(): Date };
  /** Where the operator's traffic goes: smspay's inbound pipeline. */
  readonly deliver: (event: InboundSms | DeliveryReceipt) => Promise<unknown>;
  /** Reports a receipt that could not be delivered (the operator would retry; we log). */
  readonly onDeliveryError: (error: unknown) => void;
};

// Provider ids the sandbox hands out, and reads back when asked about them.
const MESSAGE_ID_PREFIX = "sbx-";
const CHARGE_ID_PREFIX = "sbx-charge-";

export class SandboxOperator implements SmsTransport, CarrierBilling, DeliveryStatusQuery {
  readonly name = SANDBOX_TRANSPORT;
  readonly #options: SandboxOptions;

  constructor(options: SandboxOptions) {
    this.#options = options;
  }

  /**
   * A virtual phone sends an SMS to a short code. Giving the same `messageId`
   * again simulates the operator delivering the same MO twice.
   */
  async receiveMo(input: {
    from: string;
    to: string;
    text: string;
    messageId?: string;
  }): Promise<{ messageId: string }> {
    const from = parsePhone(input.from).e164;
    const messageId = input.messageId ?? newId("sbx");
    const { vault, clock, ledger } = this.#options;
    const at = clock.now();
    await ledger.append({
      id: messageId,
      phoneHash: vault.hash(from),
      phoneCipher: vault.seal(from),
      shortCode: input.to,
      direction: "mo",
      text: input.text,
      billedAmount: null,
      currency: null,
      at,
    });
    await this.#options.deliver({
      type: "mo_received",
      transport: SANDBOX_TRANSPORT,
      providerMessageId: messageId,
      from,
      to: input.to,
      text: input.text,
      receivedAt: at,
    });
    return { messageId };
  }

  async send(message: OutgoingSms): Promise<{ providerMessageId: string }> {
    const behaviour = behaviourOf(message.to);
    if (behaviour === "operator_error") {
      throw new SmspayError(
        "transport_error",
        "sandbox operator rejected the message (magic number)",
      );
    }
    const { vault, ledger, clock } = this.#options;
    // A billed MT to a phone without credit is not charged: the operator fails its receipt.
    const charged =
      message.billed && behaviour !== "insufficient_credit" ? message.billed : undefined;
    // Keyed by our MT id: a re-sent MT (a worker retry after a crash) is recorded and billed once.
    await ledger.append({
      id: message.id,
      phoneHash: vault.hash(message.to),
      phoneCipher: vault.seal(message.to),
      shortCode: message.from,
      direction: "mt",
      text: message.text,
      billedAmount: charged?.amount ?? null,
      currency: charged?.currency ?? null,
      at: clock.now(),
    });
    const providerMessageId = `${MESSAGE_ID_PREFIX}${message.id}`;
    if (behaviour !== "no_receipt") {
      // Like a real operator, the receipt arrives on its own, after the submit answer.
      setImmediate(() => {
        this.#options
          .deliver(this.#receipt(message, providerMessageId, behaviour))
          .catch(this.#options.onDeliveryError);
      });
    }
    return { providerMessageId };
  }

  /**
   * Credits a charge back (OneAPI Refunded). Like an operator it refuses a
   * refund of an unknown charge or of more than the charge left, and answers
   * a repeated clientCorrelator with the first outcome.
   */
  async refund(request: RefundRequest): Promise<RefundOutcome> {
    if (behaviourOf(request.phone) === "operator_error") {
      throw new SmspayError("transport_error", "sandbox refund API failed (magic number)", {
        retryable: true,
      });
    }
    const chargeCorrelator = request.chargeId?.startsWith(CHARGE_ID_PREFIX)
      ? request.chargeId.slice(CHARGE_ID_PREFIX.length)
      : undefined;
    if (!chargeCorrelator) return { status: "declined", reason: "unknown_charge" };
    const record = await this.#options.ledger.refund({
      clientCorrelator: request.clientCorrelator,
      chargeCorrelator,
      amount: request.amount,
      currency: request.currency,
      status: "refunded",
      at: this.#options.clock.now(),
    });
    return typeof record === "string"
      ? { status: "declined", reason: record }
      : { status: "refunded", operatorRefundId: `sbx-refund-${record.clientCorrelator}` };
  }

  /**
   * What became of an MT, from the operator's records (DeliveryStatusQuery).
   * The sandbox answers what its receipt said, or would have said for a phone
   * whose receipts never come; smspay only asks about billed MTs.
   */
  async queryStatus(input: { providerMessageId: string }): Promise<QueriedDelivery> {
    const id = input.providerMessageId.startsWith(MESSAGE_ID_PREFIX)
      ? input.providerMessageId.slice(MESSAGE_ID_PREFIX.length)
      : undefined;
    const record = id === undefined ? undefined : await this.#options.ledger.message(id);
    if (record?.direction !== "mt") return { outcome: "unknown" };
    return deliveryOf(behaviourOf(this.#options.vault.open(record.phoneCipher)), true);
  }

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    const behaviour = behaviourOf(request.phone);
    if (behaviour === "operator_error") {
      throw new SmspayError("transport_error", "sandbox charging API failed (magic number)");
    }
    const record = await this.#options.ledger.charge({
      clientCorrelator: request.clientCorrelator,
      phoneHash: this.#options.vault.hash(request.phone),
      amount: request.amount,
      currency: request.currency,
      status: behaviour === "insufficient_credit" ? "declined" : "charged",
      at: this.#options.clock.now(),
    });
    return record.status === "charged"
      ? { status: "charged", chargeId: `${CHARGE_ID_PREFIX}${record.clientCorrelator}` }
      : { status: "declined", reason: "insufficient_funds" };
  }

  /** What a virtual phone sent and received, oldest first. */
  async messages(phoneInput: string): Promise<PhoneMessage[]> {
    const phone = parsePhone(phoneInput).e164;
    const records = await this.#options.ledger.forPhone({
      phoneHash: this.#options.vault.hash(phone),
      limit: 200,
    });
    return records.map((r) => ({
      direction: r.direction,
      from: r.direction === "mo" ? phone : r.shortCode,
      to: r.direction === "mo" ? r.shortCode : phone,
      text: r.text,
      at: r.at,
      ...(r.billedAmount !== null && r.currency !== null
        ? { billedAmount: r.billedAmount, currency: r.currency }
        : {}),
    }));
  }

  #receipt(
    message: OutgoingSms,
    providerMessageId: string,
    behaviour: SandboxBehaviour,
  ): DeliveryReceipt {
    return {
      type: "dlr_received",
      transport: SANDBOX_TRANSPORT,
      providerMessageId,
      messageId: message.id,
      receivedAt: this.#options.clock.now(),
      ...deliveryOf(behaviour, message.billed !== undefined),
    };
  }
}

/** What the operator's network did with an MT to a phone behaving so. */
function deliveryOf(
  behaviour: SandboxBehaviour,
  billed: boolean,
): Exclude<QueriedDelivery, { outcome: "pending" | "unknown" }> {
  if (behaviour === "insufficient_credit" && billed) {
    return {
      outcome: "failed",
      failure: "insufficient_funds",
      providerError: "insufficient credit",
    };
  }
  if (behaviour === "receipt_failed") {
    return { outcome: "failed", failure: "undeliverable", providerError: "undeliverable" };
  }
  return { outcome: "delivered" };
}

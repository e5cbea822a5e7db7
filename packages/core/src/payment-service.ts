// Creating, reading and cancelling payments for a merchant.

import type { ExpressConsent } from "./consent.ts";
import type { CoreDeps } from "./core-deps.ts";
import { SmspayError } from "./errors.ts";
import { expressConsentFor, requestExpressReply } from "./express-flow.ts";
import { newId } from "./ids.ts";
import { assertWithinTransactionLimit } from "./limits.ts";
import type { Merchant, Payment, PaymentEvent } from "./payment.ts";
import {
  type CreatePaymentInput,
  createPaymentSchema,
  parseOrThrow,
  requestFingerprint,
} from "./payment-input.ts";
import { transition } from "./payment-lifecycle.ts";
import type { PaymentStatus } from "./payment-states.ts";
import { lastDigits, parsePhone } from "./phone.ts";
import type { InsertPaymentResult } from "./ports.ts";
import { newReference } from "./reference-code.ts";
import { findTariff, type Tariff } from "./tariffs.ts";
import { assertSettleable } from "./test-mode.ts";

// Collisions widen the reference every second try (see newReference), so ten
// tries reach five extra characters: exhaustion means something is wrong.
const MAX_REFERENCE_TRIES = 10;

export type CreatedPayment = { readonly payment: Payment; readonly replayed: boolean };

export class PaymentService {
  readonly #deps: CoreDeps;

  constructor(deps: CoreDeps) {
    this.#deps = deps;
  }

  /**
   * Creates a payment, or returns the one already created with the same
   * idempotency key and body (also when the two requests race).
   */
  async create(
    merchant: Merchant,
    body: unknown,
    idempotencyKey?: string,
  ): Promise<CreatedPayment> {
    const input = parseOrThrow(createPaymentSchema, body, "payment");
    const requestHash = requestFingerprint(input);
    // New requests are the common case: insert first, and look for an earlier
    // request only when the key turns out taken, or when this one is refused
    // (limits may have changed since the original went through).
    let tariff: Tariff | undefined;
    let phone: string | undefined;
    let consent: ExpressConsent | undefined;
    try {
      assertSettleable(input, this.#deps.settings.testMode);
      assertWithinTransactionLimit(merchant.limits, input);
      tariff = findTariff(await this.#deps.store.shortCodes.listForMerchant(merchant.id), input);
      if (!tariff && !merchant.carrierBilling) {
        throw new SmspayError(
          "amount_not_payable",
          `no short code carries ${input.amount} ${input.currency} and carrier billing is off`,
        );
      }
      phone = input.customer?.phone ? parsePhoneField(input.customer.phone) : undefined;
      consent = await expressConsentFor(this.#deps.store, this.#deps, {
        merchant,
        phone,
        express: input.express === true,
      });
    } catch (error) {
      const earlier =
        idempotencyKey === undefined
          ? undefined
          : await this.#replay(merchant.id, idempotencyKey, requestHash);
      if (earlier) return { payment: earlier, replayed: true };
      throw error;
    }
    for (let attempt = 0; attempt < MAX_REFERENCE_TRIES; attempt++) {
      // An express payment is charged to the phone bill: no short code.
      const drafted = this.#newPayment(
        merchant,
        input,
        consent ? undefined : tariff,
        phone,
        attempt,
        { idempotencyKey, requestHash },
      );
      const payment: Payment = consent ? { ...drafted, flow: "express" } : drafted;
      const result =
        consent && phone
          ? await this.#insertExpress(payment, merchant, phone)
          : await this.#deps.store.payments.insert(payment);
      if (result === "inserted") return { payment, replayed: false };
      if (result === "idempotency_key_taken" && idempotencyKey !== undefined) {
        const winner = await this.#replay(merchant.id, idempotencyKey, requestHash);
        if (winner) return { payment: winner, replayed: true };
      }
    }
    throw new SmspayError("reference_space_exhausted", "could not allocate a payment reference", {
      retryable: true,
    });
  }

  async get(merchantId: string, id: string): Promise<Payment> {
    const payment = await this.#deps.store.payments.get({ merchantId, id });
    if (!payment) throw new SmspayError("not_found", `no payment ${id}`);
    return payment;
  }

  async list(query: {
    merchantId: string;
    status?: PaymentStatus;
    limit: number;
    after?: { createdAt: Date; id: string };
  }): Promise<Payment[]> {
    return this.#deps.store.payments.list(query);
  }

  async events(merchantId: string, id: string): Promise<PaymentEvent[]> {
    await this.get(merchantId, id);
    return this.#deps.store.payments.events(id);
  }

  /** Cancels a pending payment (the shop or the customer gave up). */
  async cancel(merchantId: string, id: string, by: "merchant" | "customer"): Promise<Payment> {
    return this.#deps.store.transaction(async (tx) => {
      const payment = await tx.payments.lock(id);
      if (!payment || payment.merchantId !== merchantId)
        throw new SmspayError("not_found", `no payment ${id}`);
      if (payment.status !== "pending") {
        throw new SmspayError(
          "invalid_state",
          `only a pending payment can be canceled; this one is ${payment.status}`,
        );
      }
      const at = this.#deps.clock.now();
      await transition(tx, payment, "canceled", { at, data: { by } });
      return { ...payment, status: "canceled", updatedAt: at };
    });
  }

  /** Moves pending payments past their time to `expired`; returns how many. */
  async expireDue(limit = 500): Promise<number> {
    const now = this.#deps.clock.now();
    const ids = await this.#deps.store.payments.expiredPending({ now, limit });
    let expired = 0;
    for (const id of ids) {
      expired += await this.#deps.store.transaction(async (tx) => {
        const payment = await tx.payments.lock(id);
        if (payment?.status !== "pending" || payment.expiresAt > now) return 0;
        await transition(tx, payment, "expired", { at: now });
        return 1;
      });
    }
    return expired;
  }

  /** An express payment and its "reply YES" MT commit together. */
  async #insertExpress(
    payment: Payment,
    merchant: Merchant,
    phone: string,
  ): Promise<InsertPaymentResult> {
    const result = await this.#deps.store.transaction(async (tx) => {
      const inserted = await tx.payments.insert(payment);
      if (inserted === "inserted")
        await requestExpressReply(tx, this.#deps, payment, merchant, phone);
      return inserted;
    });
    if (result === "inserted") this.#deps.effectsQueued?.();
    return result;
  }

  async #replay(
    merchantId: string,
    key: string,
    requestHash: string,
  ): Promise<Payment | undefined> {
    const earlier = await this.#deps.store.payments.findByIdempotencyKey({ merchantId, key });
    if (earlier && earlier.requestHash !== requestHash) {
      throw new SmspayError(
        "idempotency_conflict",
        "this Idempotency-Key was already used with a different request body",
      );
    }
    return earlier;
  }

  #newPayment(
    merchant: Merchant,
    input: CreatePaymentInput,
    tariff: Tariff | undefined,
    phone: string | undefined,
    attempt: number,
    idempotency: { idempotencyKey: string | undefined; requestHash: string },
  ): Payment {
    const now = this.#deps.clock.now();
    const { vault, settings } = this.#deps;
    return {
      id: newId("pay"),
      merchantId: merchant.id,
      status: "pending",
      flow: tariff ? "shortcode" : "otp",
      amount: input.amount,
      currency: input.currency,
      orderRef: input.orderRef,
      description: input.description ?? null,
      returnUrl: input.returnUrl,
      cancelUrl: input.cancelUrl ?? null,
      customerEmail: input.customer?.email ?? null,
      customerLocale: input.customer?.locale ?? null,
      phoneHash: phone ? vault.hash(phone) : null,
      phoneCipher: phone ? vault.seal(phone) : null,
      phoneLast4: phone ? lastDigits(phone) : null,
      metadata: input.metadata ?? null,
      shortCode: tariff?.shortCode ?? null,
      keyword: tariff?.keyword ?? null,
      reference: tariff ? newReference(settings.reference, attempt) : null,
      test: input.test === true,
      idempotencyKey: idempotency.idempotencyKey ?? null,
      requestHash: idempotency.requestHash,
      refundedAmount: 0,
      failureCode: null,
      expiresAt: new Date(now.getTime() + settings.paymentTtlMs),
      createdAt: now,
      updatedAt: now,
      succeededAt: null,
    };
  }
}

function parsePhoneField(input: string): string {
  try {
    return parsePhone(input).e164;
  } catch (error) {
    if (error instanceof SmspayError) {
      throw new SmspayError(
        "invalid_request",
        "invalid payment: customer.phone is not a valid mobile number",
        {
          fields: [
            { path: "customer.phone", message: "must be a mobile number in international format" },
          ],
        },
      );
    }
    throw error;
  }
}

/** The exact SMS a customer sends to pay by short code: "PAY 4821". */
export function smsTextFor(payment: Pick<Payment, "keyword" | "reference">): string | null {
  return payment.keyword && payment.reference ? `${payment.keyword} ${payment.reference}` : null;
}

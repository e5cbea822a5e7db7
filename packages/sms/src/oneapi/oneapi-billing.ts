// Direct carrier billing through an operator's GSMA OneAPI Payment API:
// `POST {base}/payment/{endUserId}/transactions/amount` with an
// `amountTransaction` whose transactionOperationStatus is "Charged" (charge
// the phone bill or prepaid credit) or "Refunded" (credit a charge back).
// Our ids travel as the clientCorrelator, which the operator de-duplicates
// on: a worker that retries a charge after a crash gets the first
// transaction back instead of charging twice.

import {
  type CarrierBilling,
  type ChargeOutcome,
  type ChargeRequest,
  type RefundOutcome,
  type RefundRequest,
  toDecimalString,
} from "@smspay/core";
import { callProvider } from "../provider-http.ts";
import {
  type OneApiAuthSettings,
  type OneApiCredentials,
  oneApiCredentials,
} from "./oneapi-auth.ts";
import { chargeOutcome, refundOutcome } from "./oneapi-results.ts";

export type OneApiBillingSettings = {
  /** The operator, as routes and logs name it. */
  readonly name: string;
  /** Everything before `/payment/...`, e.g. https://api.operator.example/oneapi/1. */
  readonly baseUrl: string;
  readonly auth: OneApiAuthSettings;
  /** chargingMetaData.purchaseCategoryCode, when the operator assigned one. */
  readonly purchaseCategoryCode?: string | undefined;
  /** chargingMetaData.onBehalfOf: the merchant of record some operators require. */
  readonly onBehalfOf?: string | undefined;
  readonly timeoutMs?: number;
};

export class OneApiBilling implements CarrierBilling {
  readonly name: string;
  readonly #settings: OneApiBillingSettings;
  readonly #credentials: OneApiCredentials;

  constructor(settings: OneApiBillingSettings, now: () => number = Date.now) {
    this.name = settings.name;
    this.#settings = { ...settings, baseUrl: settings.baseUrl.replace(/\/+$/, "") };
    this.#credentials = oneApiCredentials(settings.name, settings.auth, now);
  }

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    const response = await this.#post(request.phone, {
      ...this.#transaction(request.phone, request, request.description),
      referenceCode: request.clientCorrelator,
      clientCorrelator: request.clientCorrelator,
      transactionOperationStatus: "Charged",
    });
    return chargeOutcome(this.name, response);
  }

  async refund(request: RefundRequest): Promise<RefundOutcome> {
    // OneAPI refunds name the charge they credit (POL1005 without it): nothing to ask.
    if (!request.chargeId) return { status: "declined", reason: "unknown_charge" };
    const response = await this.#post(request.phone, {
      ...this.#transaction(request.phone, request, `Refund ${request.chargeId}`.slice(0, 60)),
      referenceCode: request.clientCorrelator,
      clientCorrelator: request.clientCorrelator,
      originalServerReferenceCode: request.chargeId,
      transactionOperationStatus: "Refunded",
    });
    return refundOutcome(this.name, response);
  }

  #transaction(
    phone: string,
    money: { readonly amount: number; readonly currency: string },
    description: string,
  ) {
    const { purchaseCategoryCode, onBehalfOf } = this.#settings;
    return {
      endUserId: endUserId(phone),
      paymentAmount: {
        chargingInformation: {
          amount: toDecimalString(money),
          currency: money.currency,
          description,
        },
        chargingMetaData: {
          ...(onBehalfOf ? { onBehalfOf } : {}),
          ...(purchaseCategoryCode ? { purchaseCategoryCode } : {}),
          // The customer confirmed with a PIN sent by SMS (or a YES reply).
          channel: "SMS",
        },
      },
    };
  }

  /** POSTs the transaction; a bearer token the server no longer accepts is renewed once. */
  async #post(phone: string, transaction: object): Promise<Response> {
    const url = `${this.#settings.baseUrl}/payment/${encodeURIComponent(endUserId(phone))}/transactions/amount`;
    const body = JSON.stringify({ amountTransaction: transaction });
    const send = async () =>
      callProvider(this.name, url, {
        method: "POST",
        headers: {
          authorization: await this.#credentials.authorization(),
          "content-type": "application/json",
          accept: "application/json",
        },
        body,
        ...(this.#settings.timeoutMs ? { timeoutMs: this.#settings.timeoutMs } : {}),
      });
    const response = await send();
    if (response.status !== 401 || this.#settings.auth.type !== "oauth2") return response;
    await response.arrayBuffer();
    this.#credentials.invalidate();
    return send();
  }
}

/** OneAPI's endUserId: the MSISDN as a tel URI in international format. */
function endUserId(e164: string): string {
  return `tel:${e164}`;
}

// Payments Apps API versions, and what changes between them for smspay.
// Every call about a payment session uses the version Shopify sent with the
// session (Shopify-Api-Version), so an app upgrade never changes the contract
// of sessions already under way.

/** Stable versions still supported by Shopify (each lives about twelve months). */
export const API_VERSIONS = ["2025-10", "2026-01", "2026-04", "2026-07", "2026-10"] as const;

export type ApiVersion = (typeof API_VERSIONS)[number];

export const LATEST_API_VERSION: ApiVersion = "2026-10";

export function isSupportedApiVersion(version: string): version is ApiVersion {
  return (API_VERSIONS as readonly string[]).includes(version);
}

/** Rejection reasons of every version (PaymentSessionStateRejectedReason). */
const BASE_REJECTION_CODES = [
  "PROCESSING_ERROR",
  "RISKY",
  "AUTHENTICATION_FAILED",
  "CONFIRMATION_REJECTED",
  "CARD_DECLINED",
  "EXPIRED_CARD",
  "INCORRECT_ADDRESS",
  "INCORRECT_CVC",
  "INCORRECT_NUMBER",
  "INCORRECT_PIN",
  "INCORRECT_ZIP",
  "INVALID_CVC",
  "INVALID_EXPIRY_DATE",
  "INVALID_NUMBER",
] as const;

/** Added in 2026-04 (changelog "New rejection reason codes in Payments Apps API"). */
const DETAILED_REJECTION_CODES = [
  "AMOUNT_TOO_LARGE",
  "AMOUNT_TOO_SMALL",
  "AUTHENTICATION_REQUIRED",
  "CALL_ISSUER",
  "CANCELLED_PAYMENT",
  "CARD_TESTING",
  "DO_NOT_HONOR",
  "FRAUD_SUSPECTED",
  "HIGH_RISK_FRAUD_SUSPECTED",
  "INSTRUMENT_DECLINED",
  "INSUFFICIENT_FUNDS",
  "INVALID_AMOUNT",
  "INVALID_CURRENCY",
  "INVALID_PAYMENT_METHOD",
  "INVALID_PURCHASE_TYPE",
  "INVALID_REQUEST",
  "MERCHANT_ACCOUNT_ERROR",
  "MERCHANT_RULE",
  "PAYMENT_METHOD_UNSUPPORTED",
  "PICK_UP_CARD",
  "RETRY_DECLINED",
  "TRANSACTION_LIMIT_EXCEEDED",
] as const;

export type RejectionCode =
  | (typeof BASE_REJECTION_CODES)[number]
  | (typeof DETAILED_REJECTION_CODES)[number];

function hasDetailedCodes(version: ApiVersion): boolean {
  return version >= "2026-04";
}

/** The rejection reasons `version` accepts. */
export function rejectionCodes(version: ApiVersion): readonly RejectionCode[] {
  return hasDetailedCodes(version)
    ? [...BASE_REJECTION_CODES, ...DETAILED_REJECTION_CODES]
    : BASE_REJECTION_CODES;
}

/**
 * Why Shopify should show a payment as rejected, from the payment's failure
 * code: the most precise reason the session's API version knows.
 */
export function rejectionCodeFor(failureCode: string | null, version: ApiVersion): RejectionCode {
  const detailed = hasDetailedCodes(version);
  switch (failureCode) {
    case "insufficient_funds":
      return detailed ? "INSUFFICIENT_FUNDS" : "PROCESSING_ERROR";
    case "limit_exceeded":
      return detailed ? "AMOUNT_TOO_LARGE" : "RISKY";
    case "blocked":
      return detailed ? "FRAUD_SUSPECTED" : "RISKY";
    // A pending session whose payment expired or was canceled must still end.
    case "expired":
    case "canceled":
      return detailed ? "CANCELLED_PAYMENT" : "PROCESSING_ERROR";
    default:
      return "PROCESSING_ERROR";
  }
}

/** Shopify's own words for the reject, for the merchant (never shown to the buyer). */
export function merchantMessageFor(failureCode: string | null): string {
  switch (failureCode) {
    case "insufficient_funds":
      return "The customer's phone credit or bill limit did not cover the amount.";
    case "limit_exceeded":
      return "The amount is above the phone's carrier-billing limit.";
    case "blocked":
      return "The operator blocked premium payments on this phone.";
    default:
      return `The SMS payment failed${failureCode ? ` (${failureCode})` : ""}.`;
  }
}

// Vonage SMS API delivery receipts in our words: `status` (delivered,
// expired, failed, rejected are final; accepted, buffered and unknown are
// not) and the DLR `err-code` (developer.vonage.com, "Delivery receipts").

import type { DeliveryFailure } from "@smspay/core";
import type { ReceiptOutcome } from "../provider-http.ts";

const ERROR_CODES: Readonly<Record<string, DeliveryFailure>> = {
  "2": "undeliverable", // absent subscriber, temporary
  "3": "undeliverable", // absent subscriber, permanent
  "4": "rejected", // call barred by user
  "5": "undeliverable", // portability error
  "6": "rejected", // anti-spam rejection
  "7": "undeliverable", // handset busy
  "8": "undeliverable", // network error
  "9": "undeliverable", // illegal number
  "10": "rejected", // illegal message
  "11": "undeliverable", // unroutable
  "12": "undeliverable", // destination unreachable
  "13": "rejected", // subscriber age restriction
  "14": "rejected", // number blocked by carrier
  "15": "insufficient_funds", // prepaid insufficient funds
};

export function vonageReceipt(
  status: string,
  errorCode: string | undefined,
): ReceiptOutcome | undefined {
  switch (status) {
    case "delivered":
      return { outcome: "delivered" };
    case "expired":
      return { outcome: "failed", failure: "expired" };
    case "rejected":
      return { outcome: "failed", failure: (errorCode && ERROR_CODES[errorCode]) || "rejected" };
    case "failed":
      return { outcome: "failed", failure: (errorCode && ERROR_CODES[errorCode]) || "unknown" };
    default:
      return undefined;
  }
}

// Twilio message statuses (status callbacks' MessageStatus) and error codes,
// in our words. Only final statuses make a receipt: queued, sending, sent,
// accepted, scheduled and the like are steps on the way.
// https://www.twilio.com/docs/messaging/api/message-resource#message-status-values

import type { DeliveryFailure } from "@smspay/core";
import type { ReceiptOutcome } from "../provider-http.ts";

const FAILED_STATUSES = new Set(["undelivered", "failed", "canceled"]);

// https://www.twilio.com/docs/api/errors (300xx: message delivery)
const FAILURES: Readonly<Record<string, DeliveryFailure>> = {
  "30003": "undeliverable", // unreachable destination handset
  "30005": "undeliverable", // unknown destination handset
  "30006": "undeliverable", // landline or unreachable carrier
  "30004": "rejected", // message blocked
  "30007": "rejected", // message filtered (carrier violation)
  "30010": "rejected", // price exceeds the max price
  "21610": "rejected", // the recipient replied STOP to this sender
  "30001": "expired", // queue overflow: the message waited too long
};

/** The receipt a status callback makes, or undefined for a status that is not final. */
export function twilioReceipt(
  status: string,
  errorCode: string | undefined,
): ReceiptOutcome | undefined {
  if (status === "delivered" || status === "read") return { outcome: "delivered" };
  if (!FAILED_STATUSES.has(status)) return undefined;
  return { outcome: "failed", failure: (errorCode && FAILURES[errorCode]) || "unknown" };
}

// Bird Channels API message statuses (docs.bird.com, "Message status and
// interactions") in our words. accepted, scheduled, processing and sent are
// steps on the way; delivered, delivery_failed, sending_failed and skipped
// are final.

import type { DeliveryFailure } from "@smspay/core";
import type { ReceiptOutcome } from "../provider-http.ts";

const FAILURES: Readonly<Record<string, DeliveryFailure>> = {
  // Sent to the operator, which reported it undelivered (negative DLR).
  delivery_failed: "undeliverable",
  // Never left Bird: refused by the platform or the route.
  sending_failed: "rejected",
  // Not sent on purpose (opted-out receiver, compliance rule).
  skipped: "rejected",
};

/** The receipt an outbound status event makes, or undefined for a status that is not final. */
export function birdReceipt(status: string): ReceiptOutcome | undefined {
  if (status === "delivered") return { outcome: "delivered" };
  const failure = FAILURES[status];
  return failure ? { outcome: "failed", failure } : undefined;
}

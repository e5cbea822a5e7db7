// Infobip message statuses in our words. Statuses come in groups (1 PENDING,
// 2 UNDELIVERABLE, 3 DELIVERED, 4 EXPIRED, 5 REJECTED), and a group name can
// mislead: DELIVERED_TO_OPERATOR (group DELIVERED, id 2) only reached the
// operator and another report follows; DELIVERED_TO_HANDSET (id 5) is final.
// https://www.infobip.com/docs/essentials/api-essentials/response-status-and-error-codes

import type { DeliveryFailure } from "@smspay/core";
import type { ReceiptOutcome } from "../provider-http.ts";

export type InfobipStatus = {
  readonly groupId: number;
  readonly groupName: string;
  readonly id: number;
  readonly name: string;
};

const FAILED_GROUPS: Readonly<Record<string, DeliveryFailure>> = {
  UNDELIVERABLE: "undeliverable",
  EXPIRED: "expired",
  REJECTED: "rejected",
};

/** The receipt a delivery report makes, or undefined for a status that is not final. */
export function infobipReceipt(status: InfobipStatus): ReceiptOutcome | undefined {
  if (status.groupName === "DELIVERED") {
    return status.name === "DELIVERED_TO_HANDSET" ? { outcome: "delivered" } : undefined;
  }
  const failure = FAILED_GROUPS[status.groupName];
  return failure ? { outcome: "failed", failure } : undefined;
}

// Inbound traffic as a closed union. Transports only classify what reaches
// them (after verifying it is authentic); the payment service decides what it
// means.

export type DeliveryOutcome = "delivered" | "failed";

/** Why a billed MT was not delivered, when the operator says. */
export type DeliveryFailure =
  | "insufficient_funds"
  | "undeliverable"
  | "rejected"
  | "expired"
  | "unknown";

export type InboundSms = {
  readonly type: "mo_received";
  readonly transport: string;
  readonly providerMessageId: string;
  /** E.164 sender (or the operator's alias for it). */
  readonly from: string;
  /** The short code it was sent to. */
  readonly to: string;
  readonly text: string;
  readonly receivedAt: Date;
};

export type DeliveryReceipt = {
  readonly type: "dlr_received";
  readonly transport: string;
  /** The provider's id of the MT this receipt is about. */
  readonly providerMessageId: string;
  /** Our id of the MT, when the transport echoes it back. */
  readonly messageId?: string;
  readonly outcome: DeliveryOutcome;
  readonly failure?: DeliveryFailure;
  /** The provider's own error code, kept for the timeline. */
  readonly providerError?: string;
  readonly receivedAt: Date;
};

export type InboundEvent = InboundSms | DeliveryReceipt;

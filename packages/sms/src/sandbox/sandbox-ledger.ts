// The sandbox operator's records, kept in the database like a real operator's
// logs (they must survive a restart). Phone numbers arrive hashed and sealed.

export type SandboxRecord = {
  /** For an MT, smspay's message id: a second send of the same MT is the same record. */
  readonly id: string;
  readonly phoneHash: string;
  readonly phoneCipher: string;
  readonly shortCode: string;
  readonly direction: "mo" | "mt";
  readonly text: string;
  readonly billedAmount: number | null;
  readonly currency: string | null;
  readonly at: Date;
};

export type SandboxChargeRecord = {
  readonly clientCorrelator: string;
  readonly phoneHash: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: "charged" | "declined";
  readonly at: Date;
};

/** A credit back to a phone, against an earlier charge (named by its clientCorrelator). */
export type SandboxRefundRecord = {
  readonly clientCorrelator: string;
  readonly chargeCorrelator: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: "refunded";
  readonly at: Date;
};

export interface SandboxLedger {
  /** Appends unless a record with this id exists; returns whether it was new. */
  append(record: SandboxRecord): Promise<boolean>;
  /** Messages to and from a phone, oldest first. */
  forPhone(input: { phoneHash: string; limit: number }): Promise<SandboxRecord[]>;
  /** Records a charge once per clientCorrelator; returns the record that stands. */
  charge(record: SandboxChargeRecord): Promise<SandboxChargeRecord>;
  /**
   * Records a refund once per clientCorrelator (asking again returns the record
   * that stands), like an operator: only against a charge that went through, and
   * never more in all than it charged. Atomic against concurrent refunds.
   */
  refund(
    record: SandboxRefundRecord,
  ): Promise<SandboxRefundRecord | "unknown_charge" | "exceeds_charge">;
  /** One of the operator's message records, by id (smspay's MT id for an MT). */
  message(id: string): Promise<SandboxRecord | undefined>;
}

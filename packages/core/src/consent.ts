// Consent to express payments (DOMAIN.md 1.3): a returning customer who opted
// in at one merchant pays its next orders with a single "YES" reply. Consent
// is explicit (a box the customer ticks, never pre-ticked), per merchant and
// phone, recorded with what the customer was shown, when and where, and
// revocable at any time by replying STOP or through a link. The phone is kept
// as its HMAC (lookups) and sealed ciphertext, never in clear.

export type ConsentChannel = "checkout_page";

export type ConsentRevocation = "sms_stop" | "link";

export type ExpressConsent = {
  /** Random and unguessable: the revocation link carries it. */
  readonly id: string;
  readonly merchantId: string;
  readonly phoneHash: string;
  readonly phoneCipher: string;
  readonly channel: ConsentChannel;
  /** The exact sentence the customer agreed to, in the language shown. */
  readonly textShown: string;
  readonly locale: string;
  readonly grantedAt: Date;
  readonly revokedAt: Date | null;
  readonly revokedVia: ConsentRevocation | null;
};

export type NewExpressConsent = Omit<ExpressConsent, "revokedAt" | "revokedVia">;

export interface ExpressConsentRepository {
  /** Records the consent unless one is live for (merchant, phone); returns the live one. */
  grant(consent: NewExpressConsent): Promise<ExpressConsent>;
  findLive(input: { merchantId: string; phoneHash: string }): Promise<ExpressConsent | undefined>;
  get(id: string): Promise<ExpressConsent | undefined>;
  /** Revokes one live consent; false when it was not live. */
  revoke(input: { id: string; at: Date; via: ConsentRevocation }): Promise<boolean>;
  /** Revokes every live consent of the phone, at every merchant; returns how many. */
  revokeAllForPhone(input: {
    phoneHash: string;
    at: Date;
    via: ConsentRevocation;
  }): Promise<number>;
  /**
   * The phone's most recent pending express payment whose time is not up:
   * the one a "YES" from that phone answers.
   */
  pendingPaymentFor(input: { phoneHash: string; now: Date }): Promise<string | undefined>;
}

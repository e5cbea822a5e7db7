// Ports: what the core needs from the outside world. Implementations live in
// @smspay/db (storage) and @smspay/sms (transports); each runs the contract
// suite in @smspay/testkit. Methods take one input object and return plain data.

import type {
  DashboardSessionRepository,
  LoginThrottleRepository,
  MerchantUserRepository,
} from "./accounts.ts";
import type { SsoTokenRepository } from "./accounts-sso.ts";
import type { AttentionRepository } from "./attention.ts";
import type { CheckoutEventRepository } from "./checkout-events.ts";
import type { CheckoutSettingsRepository } from "./checkout-settings.ts";
import type { ExpressConsentRepository } from "./consent.ts";
import type { DashboardQueryRepository } from "./dashboard-queries.ts";
import type { DisputeRepository } from "./dispute-model.ts";
import type { Effect, EffectRecord, EffectStatus, NewEffect } from "./effects.ts";
import type { FeeRuleRepository } from "./fees.ts";
import type { DeliveryFailure, DeliveryReceipt, InboundEvent } from "./inbound.ts";
import type { PublisherRepository } from "./keywords.ts";
import type { Money } from "./money.ts";
import type { NotificationRepository } from "./notification.ts";
import type { OptOutRepository } from "./opt-outs.ts";
import type { OtpChallenge } from "./otp.ts";
import type { OtpCountriesRepository, OtpSendRepository } from "./otp-guard.ts";
import type {
  InboundKind,
  Merchant,
  OutboundMessage,
  OutboundStatus,
  Payment,
  PaymentEvent,
} from "./payment.ts";
import type { PaymentStatus } from "./payment-states.ts";
import type { PlatformName } from "./platform.ts";
import type { ReconcileRepository } from "./reconciler.ts";
import type { RefundRepository } from "./refund-model.ts";
import type { SettlementRepository } from "./settlement-model.ts";
import type { Tariff } from "./tariffs.ts";
import type { WebhookEndpoint, WebhookEvent, WebhookEventType } from "./webhook-events.ts";

export type NewMerchant = Omit<Merchant, "createdAt">;

export interface MerchantRepository {
  create(merchant: NewMerchant): Promise<Merchant>;
  get(id: string): Promise<Merchant | undefined>;
  list(): Promise<Merchant[]>;
}

export type ApiKeyRecord = {
  readonly id: string;
  readonly merchantId: string;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
};

export interface ApiKeyRepository {
  create(key: {
    id: string;
    merchantId: string;
    name: string;
    prefix: string;
    hash: string;
  }): Promise<void>;
  /** The unrevoked key with this hash, if any. */
  findActiveByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  touch(input: { id: string; at: Date }): Promise<void>;
  /** Revokes a merchant's key; false when the merchant has no such unrevoked key. */
  revoke(input: { id: string; merchantId: string; at: Date }): Promise<boolean>;
  /** A merchant's keys, newest first (hashes never leave storage). */
  listForMerchant(merchantId: string): Promise<ApiKeyRecord[]>;
}

export interface ShortCodeRepository {
  /** Tariffs a merchant may use: its own and the shared ones. */
  listForMerchant(merchantId: string): Promise<Tariff[]>;
  /** Payment keywords configured on a short code (for MO parsing). */
  keywordsFor(shortCode: string): Promise<string[]>;
  upsert(tariff: Tariff & { id: string; merchantId: string | null }): Promise<void>;
}

export type InsertPaymentResult = "inserted" | "idempotency_key_taken" | "reference_taken";

export type PaymentListQuery = {
  readonly merchantId: string;
  readonly status?: PaymentStatus;
  readonly limit: number;
  /** Continue after this payment (newest first). */
  readonly after?: { readonly createdAt: Date; readonly id: string };
};

export type PaymentChanges = Partial<
  Pick<
    Payment,
    "phoneHash" | "phoneCipher" | "phoneLast4" | "failureCode" | "succeededAt" | "refundedAmount"
  >
>;

export interface PaymentRepository {
  /**
   * Inserts the payment with the first event of its timeline (`created`, data
   * {amount, currency, flow}) in one atomic statement, unless the idempotency
   * key or the live reference is taken (never throws for those; then nothing is written).
   */
  insert(payment: Payment): Promise<InsertPaymentResult>;
  get(input: { merchantId: string; id: string }): Promise<Payment | undefined>;
  /** Any merchant's payment (checkout page, inbound traffic). */
  getById(id: string): Promise<Payment | undefined>;
  findByIdempotencyKey(input: { merchantId: string; key: string }): Promise<Payment | undefined>;
  /** Reads and row-locks the payment until the transaction ends. */
  lock(id: string): Promise<Payment | undefined>;
  /** The most recent payment with this reference on this short code, live ones first; row-locked. */
  lockByReference(input: { shortCode: string; reference: string }): Promise<Payment | undefined>;
  list(query: PaymentListQuery): Promise<Payment[]>;
  /**
   * Moves `id` from `from` to `to` (compare-and-set: returns false when the
   * stored status is no longer `from`) and applies `changes`.
   */
  setStatus(input: {
    id: string;
    from: PaymentStatus;
    to: PaymentStatus;
    changes?: PaymentChanges;
    at: Date;
  }): Promise<boolean>;
  update(input: { id: string; changes: PaymentChanges; at: Date }): Promise<void>;
  appendEvent(input: {
    paymentId: string;
    type: string;
    data: Record<string, unknown>;
    at: Date;
  }): Promise<void>;
  events(paymentId: string): Promise<PaymentEvent[]>;
  /** Pending payments whose time is up, oldest first. */
  expiredPending(input: { now: Date; limit: number }): Promise<string[]>;
}

export interface InboundMessageRepository {
  /** Records an inbound message once; false when (transport, providerMessageId) was seen before. */
  record(message: {
    id: string;
    transport: string;
    providerMessageId: string;
    kind: InboundKind;
    fromHash: string | null;
    to: string | null;
    text: string | null;
    paymentId: string | null;
    at: Date;
  }): Promise<boolean>;
  attachPayment(input: { id: string; paymentId: string }): Promise<void>;
}

/**
 * Delivery receipts that arrived before the MT they name was marked sent (a
 * fast SMSC answers the receipt before our submit answer is recorded): kept
 * until the send records that provider id, then applied.
 */
export interface ParkedReceiptRepository {
  /**
   * Holds a transaction-scoped lock on (transport, provider id): the receipt
   * path and the send path both take it before looking, so one of the two
   * always sees what the other wrote.
   */
  lockProviderId(input: { transport: string; providerMessageId: string }): Promise<void>;
  /** Keeps a receipt (once per outcome); receipts parked for over a day are dropped. */
  park(input: { receipt: DeliveryReceipt; at: Date }): Promise<void>;
  /** Removes and returns the receipts parked for this provider id, oldest first. */
  take(input: { transport: string; providerMessageId: string }): Promise<DeliveryReceipt[]>;
}

export interface OutboundMessageRepository {
  create(message: OutboundMessage): Promise<void>;
  get(id: string): Promise<OutboundMessage | undefined>;
  findByProviderId(input: {
    transport: string;
    providerMessageId: string;
  }): Promise<OutboundMessage | undefined>;
  /** `transport`: the one that carried it, when a router chose another than the MT was queued for. */
  markSent(input: {
    id: string;
    providerMessageId: string;
    transport?: string;
    at: Date;
  }): Promise<void>;
  setStatus(input: { id: string; status: OutboundStatus }): Promise<void>;
  listForPayment(paymentId: string): Promise<OutboundMessage[]>;
}

export interface EffectRepository {
  enqueue(effect: NewEffect): Promise<void>;
  /**
   * Claims up to `limit` due effects for `leaseMs` (FOR UPDATE SKIP LOCKED, so
   * concurrent workers never claim the same one); a claimed effect whose worker
   * dies becomes due again when the lease ends. Increments `attempts`.
   */
  claim(input: { now: Date; limit: number; leaseMs: number }): Promise<Effect[]>;
  complete(input: { id: string; at: Date }): Promise<void>;
  /** `complete` for many effects in one statement. */
  completeMany(items: readonly { id: string; at: Date }[]): Promise<void>;
  /** Schedules the next try of a pending effect (a finished one stays finished). */
  retryLater(input: { id: string; runAt: Date; error: string }): Promise<void>;
  /** Dead letter: no more automatic tries (a completed effect stays completed). */
  bury(input: { id: string; error: string; at: Date }): Promise<void>;
  /** An effect, when it exists and (given `merchantId`) concerns that merchant's payments. */
  get(input: { id: string; merchantId?: string }): Promise<EffectRecord | undefined>;
  /** Effects in `status`, newest first; given `merchantId`, only those of its payments. */
  list(input: {
    status: EffectStatus;
    merchantId?: string;
    limit: number;
  }): Promise<EffectRecord[]>;
  /** A dead effect back to pending, attempts reset, due at `at`; false when it is not dead. */
  replay(input: { id: string; at: Date }): Promise<boolean>;
}

export interface WebhookEndpointRepository {
  create(endpoint: WebhookEndpoint): Promise<void>;
  /** An active endpoint of the merchant's. */
  get(input: { merchantId: string; id: string }): Promise<WebhookEndpoint | undefined>;
  /** The merchant's active endpoints, oldest first. */
  listForMerchant(merchantId: string): Promise<WebhookEndpoint[]>;
  /** Ids of the merchant's active endpoints subscribed to `type`. */
  subscribedTo(input: { merchantId: string; type: WebhookEventType }): Promise<string[]>;
  /** Deletes (deactivates) the merchant's endpoint; false when it has no such active one. */
  deactivate(input: { merchantId: string; id: string; at: Date }): Promise<boolean>;
}

export interface WebhookEventRepository {
  create(event: WebhookEvent): Promise<void>;
  get(id: string): Promise<WebhookEvent | undefined>;
  /** One delivery's event and endpoint (deleted or not) in a single read: the hot path of the worker. */
  delivery(input: {
    eventId: string;
    endpointId: string;
  }): Promise<{ event: WebhookEvent; endpoint: WebhookEndpoint | undefined } | undefined>;
}

/** A merchant's shop platform; `configCipher` is its sealed config (API credentials). */
export type PlatformConnection = {
  readonly merchantId: string;
  readonly platform: PlatformName;
  readonly configCipher: string;
  readonly active: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
};

export interface PlatformConnectionRepository {
  /** Connects the merchant (one platform per merchant), replacing an earlier connection. */
  put(input: {
    merchantId: string;
    platform: PlatformName;
    configCipher: string;
    at: Date;
  }): Promise<PlatformConnection>;
  get(merchantId: string): Promise<PlatformConnection | undefined>;
  /** Forgets the connection and its credentials; false when there was none. */
  remove(merchantId: string): Promise<boolean>;
}

export interface MonthlySpendRepository {
  /**
   * Adds `amount` to the phone's spend for the period unless that would pass
   * `cap`; one atomic statement, so concurrent payments cannot overshoot.
   */
  reserve(input: {
    merchantId: string;
    phoneHash: string;
    period: string;
    currency: string;
    amount: number;
    cap: number;
  }): Promise<boolean>;
  release(input: {
    merchantId: string;
    phoneHash: string;
    period: string;
    currency: string;
    amount: number;
  }): Promise<void>;
  spent(input: {
    merchantId: string;
    phoneHash: string;
    period: string;
    currency: string;
  }): Promise<number>;
}

export interface OtpRepository {
  get(paymentId: string): Promise<OtpChallenge | undefined>;
  save(challenge: OtpChallenge): Promise<void>;
}

export type Repositories = {
  readonly merchants: MerchantRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly shortCodes: ShortCodeRepository;
  readonly payments: PaymentRepository;
  readonly inbound: InboundMessageRepository;
  readonly parkedReceipts: ParkedReceiptRepository;
  readonly outbound: OutboundMessageRepository;
  readonly effects: EffectRepository;
  readonly spend: MonthlySpendRepository;
  readonly otp: OtpRepository;
  readonly optOuts: OptOutRepository;
  readonly publishers: PublisherRepository;
  readonly notifications: NotificationRepository;
  readonly otpSends: OtpSendRepository;
  readonly otpCountries: OtpCountriesRepository;
  readonly webhookEndpoints: WebhookEndpointRepository;
  readonly webhookEvents: WebhookEventRepository;
  readonly platformConnections: PlatformConnectionRepository;
  readonly refunds: RefundRepository;
  readonly disputes: DisputeRepository;
  readonly settlements: SettlementRepository;
  readonly feeRules: FeeRuleRepository;
  readonly attention: AttentionRepository;
  readonly reconcile: ReconcileRepository;
  readonly checkoutSettings: CheckoutSettingsRepository;
  readonly checkoutEvents: CheckoutEventRepository;
  readonly expressConsents: ExpressConsentRepository;
  readonly users: MerchantUserRepository;
  readonly dashboardSessions: DashboardSessionRepository;
  readonly loginThrottle: LoginThrottleRepository;
  readonly ssoTokens: SsoTokenRepository;
  readonly dashboard: DashboardQueryRepository;
};

/** Storage: repositories outside a transaction, and a way to run work atomically. */
export interface Store extends Repositories {
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
}

export type OutgoingSms = {
  /** Our message id: transports pass it on where the provider de-duplicates. */
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  /** Present on a billed (premium) MT: the tariff the operator charges. */
  readonly billed?: Money;
};

/** What a provider answered when it accepted an MT. */
export type SentSms = {
  /**
   * The provider's id for the MT: the one its delivery receipts will name
   * (for a message split into parts, the first part's).
   */
  readonly providerMessageId: string;
  /** The transport that carried it, when a router handed it to another one than asked for. */
  readonly transport?: string;
};

/**
 * Sends MTs. Failures throw SmspayError("transport_error", ..., { retryable }):
 * retryable when trying again (later, or on another route) can help (provider
 * down or unreachable, throttled, timed out); not when the provider refused
 * this message (bad number, bad credentials, content rejected).
 * Transports that receive traffic either push it to the core themselves (a
 * callback given at construction: SMPP, sandbox) or classify HTTP requests
 * (InboundWebhookTransport).
 */
export interface SmsTransport {
  readonly name: string;
  send(message: OutgoingSms): Promise<SentSms>;
}

/** A provider's HTTP request to smspay, exactly as it arrived (nothing parsed yet). */
export type InboundHttpRequest = {
  readonly method: string;
  /** The full URL the provider called (scheme, host, path, query): signatures cover it. */
  readonly url: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: Uint8Array;
  readonly remoteAddress: string;
};

/**
 * The inbound side of a transport whose provider calls smspay's webhook
 * (`/webhooks/sms/<name>`). `classify` first checks the request is authentic
 * over the raw bytes (signature, shared secret, allow-list: whatever the
 * provider offers) and answers "unauthenticated" when it is not, or when a
 * secret it needs is not configured (fail closed). Then it classifies: MOs
 * and final delivery receipts become events; authentic traffic the core has
 * no use for (intermediate statuses, unknown callbacks) is []. An authentic
 * but malformed request throws SmspayError("invalid_request").
 */
export interface InboundWebhookTransport {
  readonly name: string;
  classify(request: InboundHttpRequest): Promise<InboundEvent[] | "unauthenticated">;
  /** The body the provider expects in a 2xx answer (default: empty text). */
  readonly acknowledgement?: { readonly contentType: string; readonly body: string };
}

export type ChargeRequest = {
  /** Idempotency key at the operator (GSMA OneAPI clientCorrelator): our payment id. */
  readonly clientCorrelator: string;
  readonly phone: string;
  readonly amount: number;
  readonly currency: string;
  /** Shown on the customer's bill. */
  readonly description: string;
};

export type DeclineReason =
  | "insufficient_funds"
  | "operator_error"
  | "blocked"
  | "limit_exceeded"
  /** No operator smspay bills through serves this phone (billing routes, test mode). */
  | "no_billing_route";

export type ChargeOutcome =
  | { readonly status: "charged"; readonly chargeId: string }
  | { readonly status: "declined"; readonly reason: DeclineReason };

/** An operator's direct carrier billing API (GSMA OneAPI payment, CAMARA Carrier Billing). */
export interface CarrierBilling {
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  /**
   * Credits (part of) a charge back to the phone (OneAPI `transactionOperationStatus:
   * Refunded`). Idempotent per clientCorrelator: asking again answers the first outcome.
   */
  refund(request: RefundRequest): Promise<RefundOutcome>;
}

export type RefundRequest = {
  /** Idempotency key at the operator: our refund id. */
  readonly clientCorrelator: string;
  /** The operator's id of the charge to credit back (OneAPI originalServerReferenceCode). */
  readonly chargeId?: string;
  /** The charged phone (OneAPI endUserId). */
  readonly phone: string;
  readonly amount: number;
  readonly currency: string;
};

export type RefundDeclineReason =
  | "unknown_charge"
  | "exceeds_charge"
  | "operator_error"
  | "no_billing_route";

export type RefundOutcome =
  | { readonly status: "refunded"; readonly operatorRefundId: string }
  | { readonly status: "declined"; readonly reason: RefundDeclineReason };

/**
 * An optional transport capability, apart from SmsTransport so transports
 * without it carry no stub: asks the provider what became of an MT whose
 * delivery receipt never came (the reconciler's last resort before a person).
 */
export interface DeliveryStatusQuery {
  readonly name: string;
  queryStatus(input: { providerMessageId: string }): Promise<QueriedDelivery>;
}

export type QueriedDelivery =
  | { readonly outcome: "delivered" }
  | {
      readonly outcome: "failed";
      readonly failure: DeliveryFailure;
      readonly providerError?: string;
    }
  /** Still in flight at the provider, or the provider does not know the message. */
  | { readonly outcome: "pending" | "unknown" };

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

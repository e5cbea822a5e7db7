// Builders for the rows and values the contract suites and storage tests
// make again and again: fresh ids, a suite's timeline, merchants, payments,
// outbound messages. Every value is a complete, valid row; a test overrides
// only the fields its assertion is about.

import { randomBytes } from "node:crypto";
import {
  DEFAULT_LIMITS,
  type OutboundMessage,
  type Payment,
  type PaymentFlow,
  type PlatformPayment,
  type Repositories,
  type Store,
} from "@smspay/core";
import { afterAll, beforeAll, expect } from "vitest";
import type { ContractStore, ContractStoreFactory } from "./repository-contract.ts";

// Opening a database may run initdb and every migration: far slower than a test.
export const HOOK_TIMEOUT_MS = 60_000;
export const MINUTE = 60_000;

/** A fresh id, `pay_3f9a…`: tests sharing one store keep apart through these. */
export const uid = (prefix: string): string => `${prefix}_${randomBytes(8).toString("hex")}`;

/** `n` random decimal digits, e.g. a short code or a payment reference. */
export const digits = (n: number): string =>
  String(randomBytes(4).readUInt32BE() % 10 ** n).padStart(n, "0");

export type Fixtures = {
  /** The instant `offsetMs` after the suite's `t0`. */
  at(offsetMs: number): Date;
  /**
   * A pending payment made at `t0`, valid 15 minutes. A short-code payment
   * carries a random short code and reference (keyword PAY); a PIN or express
   * payment carries none, as the core creates them.
   */
  payment(merchantId: string, overrides?: Partial<Payment>): Payment;
  /** A queued service reply made at `t0`, on a transport of its own. */
  outbound(overrides?: Partial<OutboundMessage>): OutboundMessage;
};

/** The builders of one suite, whose rows are dated from `t0`. */
export function fixturesAt(t0: Date): Fixtures {
  const at = (offsetMs: number): Date => new Date(t0.getTime() + offsetMs);
  return {
    at,
    payment(merchantId, overrides = {}) {
      const flow: PaymentFlow = overrides.flow ?? "shortcode";
      return {
        id: uid("pay"),
        merchantId,
        status: "pending",
        flow,
        amount: 450,
        currency: "EUR",
        orderRef: uid("order"),
        description: null,
        returnUrl: "https://shop.example/return",
        cancelUrl: null,
        customerEmail: null,
        customerLocale: null,
        phoneHash: null,
        phoneCipher: null,
        phoneLast4: null,
        metadata: null,
        ...(flow === "shortcode"
          ? { shortCode: digits(5), keyword: "PAY", reference: digits(6) }
          : { shortCode: null, keyword: null, reference: null }),
        test: false,
        idempotencyKey: null,
        requestHash: null,
        refundedAmount: 0,
        failureCode: null,
        expiresAt: at(15 * MINUTE),
        createdAt: t0,
        updatedAt: t0,
        succeededAt: null,
        ...overrides,
      };
    },
    outbound(overrides = {}) {
      return {
        id: uid("mt"),
        merchantId: null,
        paymentId: null,
        purpose: "service_reply",
        transport: uid("transport"),
        sender: "84500",
        toHash: "to-hash",
        toCipher: "to-cipher",
        text: "Thanks!",
        billedAmount: null,
        currency: null,
        status: "queued",
        providerMessageId: null,
        createdAt: t0,
        sentAt: null,
        ...overrides,
      };
    },
  };
}

/** Creates an active merchant with the default limits; resolves with its id. */
export async function newMerchant(
  repos: Pick<Repositories, "merchants">,
  name = "Test shop",
): Promise<string> {
  const id = uid("mer");
  await repos.merchants.create({
    id,
    name,
    active: true,
    limits: DEFAULT_LIMITS,
    carrierBilling: true,
  });
  return id;
}

/** Stores `payment`, which must be new; resolves with it. */
export async function insertPayment(
  repos: Pick<Repositories, "payments">,
  payment: Payment,
): Promise<Payment> {
  expect(await repos.payments.insert(payment)).toBe("inserted");
  return payment;
}

/** A test payment as smspay hands it to a shop platform's adapter. */
export function platformPayment(overrides: Partial<PlatformPayment> = {}): PlatformPayment {
  return {
    id: uid("pay"),
    orderRef: "42",
    amount: 450,
    currency: "EUR",
    reference: "123456",
    failureCode: null,
    test: true,
    ...overrides,
  };
}

/**
 * Opens one store for the enclosing suite (its tests keep apart through fresh
 * ids) and closes it after; `onOpen` receives it, and may add what every
 * test of the suite shares.
 */
export function openStoreForSuite(
  factory: ContractStoreFactory,
  onOpen: (store: Store) => void | Promise<void>,
): void {
  let opened: ContractStore | undefined;
  beforeAll(async () => {
    opened = await factory();
    await onOpen(opened.store);
  }, HOOK_TIMEOUT_MS);
  afterAll(() => opened?.close(), HOOK_TIMEOUT_MS);
}

// Carrier billing (DOMAIN.md 1.2): a 6-digit PIN sent by MT proves the customer
// holds the phone before its bill is charged. Short expiry, few attempts and a
// resend cooldown keep guessing and SMS pumping expensive for an attacker.

import { randomInt, timingSafeEqual } from "node:crypto";
import { SmspayError } from "./errors.ts";

export type OtpPolicy = {
  readonly pinLength: number;
  readonly ttlSeconds: number;
  readonly maxAttempts: number;
  readonly resendCooldownSeconds: number;
  readonly maxSends: number;
};

export const DEFAULT_OTP_POLICY: OtpPolicy = {
  pinLength: 6,
  ttlSeconds: 300,
  maxAttempts: 5,
  resendCooldownSeconds: 30,
  maxSends: 3,
};

export type OtpChallenge = {
  readonly paymentId: string;
  readonly phoneHash: string;
  readonly phoneCipher: string;
  readonly pinHash: string;
  readonly attempts: number;
  readonly sends: number;
  readonly lastSentAt: Date;
  readonly expiresAt: Date;
  readonly verifiedAt: Date | null;
};

export function newPin(policy: OtpPolicy, random: (max: number) => number = randomInt): string {
  let pin = "";
  for (let i = 0; i < policy.pinLength; i++) pin += String(random(10));
  return pin;
}

/** A keyed hash (HMAC with a server secret, e.g. `PhoneVault.hash`). */
export type Hasher = (text: string) => string;

/**
 * PINs are stored as a keyed hash bound to their payment: without the server's
 * key a leaked table cannot be brute-forced (a million PINs is no search space).
 */
export function hashPin(hasher: Hasher, paymentId: string, pin: string): string {
  return hasher(`pin\0${paymentId}\0${pin}`);
}

/** Seconds the customer must still wait before another PIN may be sent (0: now). */
export function resendWait(challenge: OtpChallenge, policy: OtpPolicy, now: Date): number {
  const elapsed = (now.getTime() - challenge.lastSentAt.getTime()) / 1000;
  return Math.max(0, Math.ceil(policy.resendCooldownSeconds - elapsed));
}

/** Throws the reason a resend is refused, if it is. */
export function assertCanResend(challenge: OtpChallenge, policy: OtpPolicy, now: Date): void {
  if (challenge.sends >= policy.maxSends) {
    throw new SmspayError("pin_attempts_exceeded", "no more PINs can be sent for this payment");
  }
  const wait = resendWait(challenge, policy, now);
  if (wait > 0) {
    throw new SmspayError("pin_resend_too_soon", `a new PIN can be sent in ${wait} s`, {
      retryable: true,
    });
  }
}

export type PinCheck =
  | { readonly outcome: "verified" }
  | { readonly outcome: "wrong"; readonly attemptsLeft: number }
  | { readonly outcome: "expired" }
  | { readonly outcome: "locked" };

/** Judges a submitted PIN. A wrong PIN costs an attempt; storage records it. */
export function checkPin(
  challenge: OtpChallenge,
  pin: string,
  policy: OtpPolicy,
  now: Date,
  hasher: Hasher,
): PinCheck {
  if (challenge.attempts >= policy.maxAttempts) return { outcome: "locked" };
  if (now >= challenge.expiresAt) return { outcome: "expired" };
  const expected = Buffer.from(challenge.pinHash);
  const given = Buffer.from(hashPin(hasher, challenge.paymentId, pin.replace(/\D/g, "")));
  if (expected.length === given.length && timingSafeEqual(expected, given))
    return { outcome: "verified" };
  return {
    outcome: "wrong",
    attemptsLeft: Math.max(0, policy.maxAttempts - challenge.attempts - 1),
  };
}

// The carrier-billing (OTP) flow for amounts no short code carries
// (DOMAIN.md 1.2): the customer gives a phone number, receives a PIN by MT,
// types it back, and smspay asks the operator to charge the phone bill.

import type { CoreDeps } from "./core-deps.ts";
import { SmspayError } from "./errors.ts";
import { newId } from "./ids.ts";
import { limitsFor, spendPeriod } from "./limits.ts";
import { translate } from "./messages.ts";
import { formatMoney } from "./money.ts";
import {
  assertCanResend,
  checkPin,
  hashPin,
  newPin,
  type OtpChallenge,
  resendWait,
} from "./otp.ts";
import type { Payment } from "./payment.ts";
import { queueMt, transition } from "./payment-lifecycle.ts";
import { lastDigits, maskPhone, parsePhone } from "./phone.ts";
import type { Repositories } from "./ports.ts";

export type PinSent = {
  readonly expiresAt: Date;
  readonly resendInSeconds: number;
  readonly phone: string;
};
export type PinVerified = { readonly payment: Payment };

export class CarrierBillingFlow {
  readonly #deps: CoreDeps;

  constructor(deps: CoreDeps) {
    this.#deps = deps;
  }

  /** Sends (or re-sends) a PIN for a pending carrier-billing payment to `phoneInput`. */
  async requestPin(
    paymentId: string,
    phoneInput: string,
    defaultCountry?: string,
  ): Promise<PinSent> {
    const phone = parsePhone(phoneInput, defaultCountry).e164;
    const { vault, clock, settings } = this.#deps;
    const sent = await this.#deps.store.transaction(async (tx) => {
      const now = clock.now();
      const payment = await this.#lockPayable(tx, paymentId, now);
      const phoneHash = vault.hash(phone);
      const earlier = await tx.otp.get(paymentId);
      // Cooldown and send cap count per payment, whatever number is typed: switching
      // numbers must not let a bot pump PIN messages (SMS pumping).
      if (earlier) assertCanResend(earlier, settings.otp, now);
      const pin = newPin(settings.otp);
      const challenge: OtpChallenge = {
        paymentId,
        phoneHash,
        phoneCipher: vault.seal(phone),
        pinHash: hashPin(vault.hash.bind(vault), paymentId, pin),
        attempts: 0,
        sends: (earlier?.sends ?? 0) + 1,
        lastSentAt: now,
        expiresAt: new Date(now.getTime() + settings.otp.ttlSeconds * 1000),
        verifiedAt: null,
      };
      await tx.otp.save(challenge);
      const merchant = await tx.merchants.get(payment.merchantId);
      const locale = payment.customerLocale ?? settings.defaultLocale;
      await queueMt(
        tx,
        this.#deps,
        {
          merchantId: payment.merchantId,
          paymentId,
          purpose: "pin",
          transport: settings.pinRoute.transport,
          sender: settings.pinRoute.sender,
          to: phone,
          text: translate(locale, "sms.pin", {
            pin,
            amount: formatMoney(payment, locale),
            merchant: merchant?.name ?? "",
            minutes: Math.round(settings.otp.ttlSeconds / 60),
          }),
        },
        now,
      );
      await tx.payments.appendEvent({
        paymentId,
        type: "pin_sent",
        data: { phone: maskPhone(phone), send: challenge.sends },
        at: now,
      });
      return {
        expiresAt: challenge.expiresAt,
        resendInSeconds: resendWait(challenge, settings.otp, now),
        phone: maskPhone(phone),
      };
    });
    this.#deps.effectsQueued?.();
    return sent;
  }

  /** Checks the PIN; when right, reserves the monthly cap and queues the charge. */
  async verifyPin(paymentId: string, pin: string): Promise<PinVerified> {
    const { clock, settings } = this.#deps;
    const result = await this.#deps.store.transaction(async (tx) => {
      const now = clock.now();
      const payment = await this.#lockPayable(tx, paymentId, now);
      const challenge = await tx.otp.get(paymentId);
      if (!challenge)
        throw new SmspayError("invalid_state", "no PIN was sent for this payment yet");
      const check = checkPin(
        challenge,
        pin,
        settings.otp,
        now,
        this.#deps.vault.hash.bind(this.#deps.vault),
      );
      switch (check.outcome) {
        case "locked":
          return {
            error: new SmspayError(
              "pin_attempts_exceeded",
              "too many wrong PINs; ask for a new one",
            ),
          };
        case "expired":
          return {
            error: new SmspayError("pin_expired", "this PIN has expired; ask for a new one"),
          };
        case "wrong":
          // The attempt is recorded even though the request fails: committed, then thrown below.
          await tx.otp.save({ ...challenge, attempts: challenge.attempts + 1 });
          await tx.payments.appendEvent({
            paymentId,
            type: "pin_rejected",
            data: { attemptsLeft: check.attemptsLeft },
            at: now,
          });
          return {
            error: new SmspayError(
              "pin_invalid",
              `wrong PIN; ${check.attemptsLeft} attempt(s) left`,
              {
                fields: [{ path: "pin", message: `${check.attemptsLeft} attempt(s) left` }],
              },
            ),
          };
        case "verified":
          break;
      }
      const merchant = await tx.merchants.get(payment.merchantId);
      const cap = merchant ? limitsFor(merchant.limits, payment.currency) : undefined;
      const reserved =
        cap !== undefined &&
        (await tx.spend.reserve({
          merchantId: payment.merchantId,
          phoneHash: challenge.phoneHash,
          period: spendPeriod(now),
          currency: payment.currency,
          amount: payment.amount,
          cap: cap.monthly,
        }));
      if (!reserved) {
        return {
          error: new SmspayError(
            "limit_exceeded",
            "this payment would pass the phone's monthly limit",
          ),
        };
      }
      await tx.otp.save({ ...challenge, verifiedAt: now });
      const phone = this.#deps.vault.open(challenge.phoneCipher);
      await transition(tx, payment, "processing", {
        at: now,
        changes: {
          phoneHash: challenge.phoneHash,
          phoneCipher: challenge.phoneCipher,
          phoneLast4: lastDigits(phone),
        },
        data: { via: "pin" },
      });
      await tx.effects.enqueue({
        id: newId("eff"),
        kind: "charge",
        payload: { paymentId },
        paymentId,
        runAt: now,
      });
      return { payment: { ...payment, status: "processing" as const, updatedAt: now } };
    });
    if ("error" in result) throw result.error;
    this.#deps.effectsQueued?.();
    return result;
  }

  async #lockPayable(tx: Repositories, paymentId: string, now: Date): Promise<Payment> {
    const payment = await tx.payments.lock(paymentId);
    if (!payment) throw new SmspayError("not_found", `no payment ${paymentId}`);
    if (payment.flow !== "otp")
      throw new SmspayError("invalid_state", "this payment is paid by short code, not by PIN");
    if (payment.status !== "pending")
      throw new SmspayError("invalid_state", `this payment is ${payment.status}`);
    if (payment.expiresAt <= now)
      throw new SmspayError("invalid_state", "this payment has expired");
    return payment;
  }
}

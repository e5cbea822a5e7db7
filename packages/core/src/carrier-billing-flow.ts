// The carrier-billing (OTP) flow for amounts no short code carries
// (DOMAIN.md 1.2): the customer gives a phone number, receives a PIN by MT,
// types it back, and smspay asks the operator to charge the phone bill.

import { startCarrierCharge } from "./carrier-charge.ts";
import type { CoreDeps } from "./core-deps.ts";
import { SmspayError } from "./errors.ts";
import { translate } from "./messages.ts";
import { formatMoney } from "./money.ts";
import { assertNotOptedOut } from "./opt-outs.ts";
import {
  assertCanResend,
  checkPin,
  hashPin,
  newPin,
  type OtpChallenge,
  resendWait,
} from "./otp.ts";
import { guardPinSend } from "./otp-guard.ts";
import type { Payment } from "./payment.ts";
import { queueMt } from "./payment-lifecycle.ts";
import { maskPhone, parsePhone } from "./phone.ts";
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

  /**
   * Sends (or re-sends) a PIN for a pending carrier-billing payment to
   * `phoneInput`; `client.ip` (the checkout's visitor) feeds the abuse guard.
   */
  async requestPin(
    paymentId: string,
    phoneInput: string,
    defaultCountry?: string,
    client: { ip?: string | undefined } = {},
  ): Promise<PinSent> {
    const parsed = parsePhone(phoneInput, defaultCountry);
    const phone = parsed.e164;
    const { vault, clock, settings } = this.#deps;
    const sent = await this.#deps.store.transaction(async (tx) => {
      const now = clock.now();
      const payment = await this.#lockPayable(tx, paymentId, now);
      const phoneHash = vault.hash(phone);
      const earlier = await tx.otp.get(paymentId);
      // Cooldown and send cap count per payment, whatever number is typed: switching
      // numbers must not let a bot pump PIN messages (SMS pumping).
      if (earlier) assertCanResend(earlier, settings.otp, now);
      await assertNotOptedOut(tx, { phoneHash, sender: settings.pinRoute.sender, paymentId });
      await guardPinSend(tx, this.#deps, {
        merchantId: payment.merchantId,
        phone: parsed,
        ip: client.ip,
      });
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
      const started = await startCarrierCharge(tx, this.#deps, {
        payment,
        phoneHash: challenge.phoneHash,
        phoneCipher: challenge.phoneCipher,
        via: "pin",
        at: now,
      });
      if (!started) {
        return {
          error: new SmspayError(
            "limit_exceeded",
            "this payment would pass the phone's monthly limit",
          ),
        };
      }
      await tx.otp.save({ ...challenge, verifiedAt: now });
      return { payment: { ...payment, status: "processing" as const, updatedAt: now } };
    });
    if ("error" in result) throw result.error;
    this.#deps.effectsQueued?.();
    return result;
  }

  async #lockPayable(tx: Repositories, paymentId: string, now: Date): Promise<Payment> {
    const payment = await tx.payments.lock(paymentId);
    if (!payment) throw new SmspayError("not_found", `no payment ${paymentId}`);
    // An express payment falls back to a PIN when its YES request never arrives.
    if (payment.flow === "shortcode")
      throw new SmspayError("invalid_state", "this payment is paid by short code, not by PIN");
    if (payment.status !== "pending")
      throw new SmspayError("invalid_state", `this payment is ${payment.status}`);
    if (payment.expiresAt <= now)
      throw new SmspayError("invalid_state", "this payment has expired");
    return payment;
  }
}

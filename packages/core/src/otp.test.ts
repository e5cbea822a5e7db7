import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SmspayError } from "./errors.ts";
import {
  assertCanResend,
  checkPin,
  DEFAULT_OTP_POLICY,
  hashPin,
  newPin,
  type OtpChallenge,
  type OtpPolicy,
  resendWait,
} from "./otp.ts";

const hasher = (text: string): string =>
  createHmac("sha256", "test-key").update(text).digest("base64url");
const otherKey = (text: string): string =>
  createHmac("sha256", "other-key").update(text).digest("base64url");

const POLICY: OtpPolicy = {
  pinLength: 6,
  ttlSeconds: 300,
  maxAttempts: 5,
  resendCooldownSeconds: 30,
  maxSends: 3,
};
const SENT_AT = new Date("2026-03-10T09:00:00.000Z");
const EXPIRES_AT = new Date("2026-03-10T09:05:00.000Z");
const at = (iso: string): Date => new Date(iso);

function challenge(overrides: Partial<OtpChallenge> = {}): OtpChallenge {
  return {
    paymentId: "pay_test1",
    phoneHash: "hash",
    phoneCipher: "cipher",
    pinHash: hashPin(hasher, "pay_test1", "482910"),
    attempts: 0,
    sends: 1,
    lastSentAt: SENT_AT,
    expiresAt: EXPIRES_AT,
    verifiedAt: null,
    ...overrides,
  };
}

function errorOf(run: () => void): SmspayError {
  try {
    run();
  } catch (error) {
    if (error instanceof SmspayError) return error;
    throw error;
  }
  throw new Error("expected an SmspayError, nothing was thrown");
}

describe("DEFAULT_OTP_POLICY", () => {
  it("sends 6-digit PINs", () => {
    expect(DEFAULT_OTP_POLICY.pinLength).toBe(6);
  });
});

describe("newPin", () => {
  it("has the policy's length and only digits", () => {
    for (let i = 0; i < 200; i++) expect(newPin(POLICY)).toMatch(/^\d{6}$/);
    expect(newPin({ ...POLICY, pinLength: 4 })).toMatch(/^\d{4}$/);
    expect(newPin({ ...POLICY, pinLength: 8 })).toMatch(/^\d{8}$/);
  });

  it("keeps leading zeros and draws each digit from 0-9", () => {
    const bounds: number[] = [];
    const digits = [0, 0, 7, 9, 1, 0];
    let next = 0;
    const pin = newPin(POLICY, (max) => {
      bounds.push(max);
      return digits[next++] ?? 0;
    });
    expect(pin).toBe("007910");
    expect(bounds).toEqual([10, 10, 10, 10, 10, 10]);
  });
});

describe("hashPin", () => {
  it("is deterministic and never the PIN itself", () => {
    expect(hashPin(hasher, "pay_a", "123456")).toBe(hashPin(hasher, "pay_a", "123456"));
    expect(hashPin(hasher, "pay_a", "123456")).not.toContain("123456");
  });

  it("binds the PIN to its payment", () => {
    expect(hashPin(hasher, "pay_a", "123456")).not.toBe(hashPin(hasher, "pay_b", "123456"));
    expect(hashPin(hasher, "pay_a", "123456")).not.toBe(hashPin(hasher, "pay_a", "123457"));
  });
});

describe("checkPin", () => {
  it("needs the server's key: the same PIN hashed under another key does not verify", () => {
    const during = at("2026-03-10T09:01:00.000Z");
    expect(
      checkPin(
        challenge({ pinHash: hashPin(otherKey, "pay_test1", "482910") }),
        "482910",
        POLICY,
        during,
        hasher,
      ),
    ).toMatchObject({
      outcome: "wrong",
    });
  });

  const during = at("2026-03-10T09:01:00.000Z");

  it("verifies the right PIN", () => {
    expect(checkPin(challenge(), "482910", POLICY, during, hasher)).toEqual({
      outcome: "verified",
    });
  });

  it.each(["482 910", " 482910 ", "48-29-10", "482.910", "4 8 2 9 1 0"])(
    "ignores spaces and separators in %j",
    (typed) => {
      expect(checkPin(challenge(), typed, POLICY, during, hasher)).toEqual({ outcome: "verified" });
    },
  );

  it("refuses a PIN made for another payment", () => {
    const otherPayment = challenge({ pinHash: hashPin(hasher, "pay_other", "482910") });
    expect(checkPin(otherPayment, "482910", POLICY, during, hasher)).toEqual({
      outcome: "wrong",
      attemptsLeft: 4,
    });
  });

  it.each(["482911", "000000", "", "48291", "4829100", "abcdef"])(
    "refuses the wrong PIN %j",
    (typed) => {
      expect(checkPin(challenge(), typed, POLICY, during, hasher).outcome).toBe("wrong");
    },
  );

  it("counts the attempts left down to zero", () => {
    const left = [0, 1, 2, 3, 4].map((attempts) =>
      checkPin(challenge({ attempts }), "111111", POLICY, during, hasher),
    );
    expect(left).toEqual([
      { outcome: "wrong", attemptsLeft: 4 },
      { outcome: "wrong", attemptsLeft: 3 },
      { outcome: "wrong", attemptsLeft: 2 },
      { outcome: "wrong", attemptsLeft: 1 },
      { outcome: "wrong", attemptsLeft: 0 },
    ]);
  });

  it("locks after maxAttempts, even for the right PIN", () => {
    expect(checkPin(challenge({ attempts: 5 }), "482910", POLICY, during, hasher)).toEqual({
      outcome: "locked",
    });
    expect(checkPin(challenge({ attempts: 6 }), "482910", POLICY, during, hasher)).toEqual({
      outcome: "locked",
    });
    expect(
      checkPin(challenge({ attempts: 2 }), "482910", { ...POLICY, maxAttempts: 2 }, during, hasher),
    ).toEqual({
      outcome: "locked",
    });
  });

  it("still accepts the right PIN on the last attempt", () => {
    expect(checkPin(challenge({ attempts: 4 }), "482910", POLICY, during, hasher)).toEqual({
      outcome: "verified",
    });
  });

  it("expires at exactly expiresAt, not a millisecond before", () => {
    expect(checkPin(challenge(), "482910", POLICY, at("2026-03-10T09:04:59.999Z"), hasher)).toEqual(
      {
        outcome: "verified",
      },
    );
    expect(checkPin(challenge(), "482910", POLICY, at("2026-03-10T09:05:00.000Z"), hasher)).toEqual(
      {
        outcome: "expired",
      },
    );
    expect(checkPin(challenge(), "482910", POLICY, at("2026-03-10T10:00:00.000Z"), hasher)).toEqual(
      {
        outcome: "expired",
      },
    );
  });

  it("reports an expired PIN as expired, not as wrong", () => {
    expect(checkPin(challenge(), "111111", POLICY, EXPIRES_AT, hasher)).toEqual({
      outcome: "expired",
    });
  });
});

describe("resendWait", () => {
  it.each([
    ["2026-03-10T09:00:00.000Z", 30],
    ["2026-03-10T09:00:00.001Z", 30],
    ["2026-03-10T09:00:10.000Z", 20],
    ["2026-03-10T09:00:29.001Z", 1],
    ["2026-03-10T09:00:30.000Z", 0],
    ["2026-03-10T09:10:00.000Z", 0],
  ])("at %s waits %i s", (now, wait) => {
    expect(resendWait(challenge(), POLICY, at(now))).toBe(wait);
  });
});

describe("assertCanResend", () => {
  it("allows a resend once the cooldown is over", () => {
    expect(() =>
      assertCanResend(challenge({ sends: 1 }), POLICY, at("2026-03-10T09:00:30.000Z")),
    ).not.toThrow();
    expect(() =>
      assertCanResend(challenge({ sends: 2 }), POLICY, at("2026-03-10T09:03:00.000Z")),
    ).not.toThrow();
  });

  it("refuses during the cooldown with pin_resend_too_soon, retryable", () => {
    const error = errorOf(() =>
      assertCanResend(challenge(), POLICY, at("2026-03-10T09:00:10.000Z")),
    );
    expect(error.code).toBe("pin_resend_too_soon");
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("20");
  });

  it("refuses after maxSends with pin_attempts_exceeded, even after the cooldown", () => {
    const error = errorOf(() =>
      assertCanResend(challenge({ sends: 3 }), POLICY, at("2026-03-10T09:10:00.000Z")),
    );
    expect(error.code).toBe("pin_attempts_exceeded");
    expect(error.retryable).toBe(false);
  });

  it("reports the send cap before the cooldown", () => {
    expect(errorOf(() => assertCanResend(challenge({ sends: 3 }), POLICY, SENT_AT)).code).toBe(
      "pin_attempts_exceeded",
    );
  });
});

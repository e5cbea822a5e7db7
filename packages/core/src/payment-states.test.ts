import { describe, expect, it } from "vitest";
import {
  assertTransition,
  canTransition,
  InvalidTransitionError,
  isPaymentStatus,
  isTerminal,
  LIVE_STATUSES,
  PAYMENT_STATUSES,
  type PaymentStatus,
  TRANSITIONS,
  validateTransitionTable,
} from "./payment-states.ts";

// The expected life cycle, written out independently of the module's table.
const ALLOWED: ReadonlyArray<readonly [PaymentStatus, PaymentStatus]> = [
  ["pending", "processing"],
  ["pending", "expired"],
  ["pending", "canceled"],
  ["pending", "failed"],
  ["processing", "succeeded"],
  ["processing", "failed"],
  ["succeeded", "partially_refunded"],
  ["succeeded", "refunded"],
  ["partially_refunded", "partially_refunded"],
  ["partially_refunded", "refunded"],
];

const FORBIDDEN: ReadonlyArray<readonly [PaymentStatus, PaymentStatus]> = [
  ["pending", "succeeded"], // never paid without the customer acting and the operator charging
  ["pending", "refunded"],
  ["pending", "pending"],
  ["processing", "pending"],
  ["processing", "expired"], // the customer acted: a charge in flight does not expire
  ["processing", "canceled"],
  ["processing", "refunded"],
  ["succeeded", "failed"],
  ["succeeded", "pending"],
  ["succeeded", "succeeded"],
  ["refunded", "succeeded"],
  ["refunded", "partially_refunded"],
  ["partially_refunded", "succeeded"],
  ["failed", "pending"],
  ["failed", "processing"],
  ["expired", "processing"],
  ["expired", "pending"],
  ["canceled", "processing"],
];

describe("transition table", () => {
  it.each(ALLOWED)("allows %s -> %s", (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each(FORBIDDEN)("forbids %s -> %s", (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition(from, to)).toThrow(InvalidTransitionError);
  });

  it("allows exactly the listed transitions and nothing else", () => {
    const allowed = new Set(ALLOWED.map(([from, to]) => `${from}->${to}`));
    for (const from of PAYMENT_STATUSES) {
      for (const to of PAYMENT_STATUSES) {
        expect(canTransition(from, to), `${from} -> ${to}`).toBe(allowed.has(`${from}->${to}`));
      }
    }
  });

  it("has a row for every status and no other", () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...PAYMENT_STATUSES].sort());
  });

  it("names both ends in the error", () => {
    let caught: unknown;
    try {
      assertTransition("succeeded", "pending");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidTransitionError);
    const error = caught as InvalidTransitionError;
    expect(error.from).toBe("succeeded");
    expect(error.to).toBe("pending");
    expect(error.name).toBe("InvalidTransitionError");
    expect(error.message).toContain("succeeded");
    expect(error.message).toContain("pending");
  });
});

describe("terminal and live statuses", () => {
  it.each(["failed", "expired", "canceled", "refunded"] as const)("%s is terminal", (status) => {
    expect(isTerminal(status)).toBe(true);
  });

  it.each(["pending", "processing", "succeeded", "partially_refunded"] as const)(
    "%s is not terminal",
    (status) => {
      expect(isTerminal(status)).toBe(false);
    },
  );

  it("only pending and processing hold a reference", () => {
    expect([...LIVE_STATUSES].sort()).toEqual(["pending", "processing"]);
  });

  it("recognises status strings", () => {
    for (const status of PAYMENT_STATUSES) expect(isPaymentStatus(status)).toBe(true);
    expect(isPaymentStatus("paid")).toBe(false);
    expect(isPaymentStatus("PENDING")).toBe(false);
    expect(isPaymentStatus("")).toBe(false);
  });
});

describe("validateTransitionTable", () => {
  it("finds no problem in the real table", () => {
    expect(validateTransitionTable()).toEqual([]);
    expect(validateTransitionTable(TRANSITIONS)).toEqual([]);
  });

  it("finds a target that is not a status", () => {
    const problems = validateTransitionTable({
      pending: ["processing", "paid"],
      processing: ["succeeded"],
      succeeded: [],
    });
    expect(problems).toEqual(["pending -> paid: unknown status"]);
  });

  it("finds statuses unreachable from pending", () => {
    const problems = validateTransitionTable({
      pending: ["succeeded"],
      succeeded: [],
      orphan: ["succeeded"],
    });
    expect(problems).toEqual(["orphan: unreachable from pending"]);
  });

  it("finds statuses that cannot reach a terminal status", () => {
    const problems = validateTransitionTable({
      pending: ["processing", "failed"],
      processing: ["retrying"],
      retrying: ["processing"],
      failed: [],
    });
    expect(problems).toEqual([
      "processing: cannot reach a terminal status",
      "retrying: cannot reach a terminal status",
    ]);
  });

  it("treats a self-loop with no way out as a dead end", () => {
    const problems = validateTransitionTable({
      pending: ["stuck", "failed"],
      stuck: ["stuck"],
      failed: [],
    });
    expect(problems).toEqual(["stuck: cannot reach a terminal status"]);
  });

  it("accepts a self-loop that has a way out (like partially_refunded)", () => {
    expect(
      validateTransitionTable({
        pending: ["partial"],
        partial: ["partial", "done"],
        done: [],
      }),
    ).toEqual([]);
  });

  it("reports every problem of a badly broken table", () => {
    const problems = validateTransitionTable({
      pending: ["loop", "ghost"],
      loop: ["loop"],
      island: [],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "pending -> ghost: unknown status",
        "island: unreachable from pending",
        "loop: cannot reach a terminal status",
      ]),
    );
    expect(problems).toHaveLength(3);
  });
});

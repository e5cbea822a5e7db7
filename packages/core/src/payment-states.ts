// The payment life cycle as one table of data. Every status change in smspay
// goes through `assertTransition` (and, in storage, writes a timeline event in
// the same transaction), so this table is the whole truth about what can follow
// what. `validateTransitionTable` runs at start-up.

export const PAYMENT_STATUSES = [
  "pending",
  "processing",
  "succeeded",
  "failed",
  "expired",
  "canceled",
  "partially_refunded",
  "refunded",
] as const;

export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  // Waiting for the customer's SMS or PIN.
  pending: ["processing", "expired", "canceled", "failed"],
  // The customer acted; the operator is charging (billed MT sent, or charge API called).
  processing: ["succeeded", "failed"],
  succeeded: ["partially_refunded", "refunded"],
  partially_refunded: ["partially_refunded", "refunded"],
  failed: [],
  expired: [],
  canceled: [],
  refunded: [],
};

/** Statuses in which a payment still holds its reference code on its short code. */
export const LIVE_STATUSES: readonly PaymentStatus[] = ["pending", "processing"];

export function isPaymentStatus(value: string): value is PaymentStatus {
  return (PAYMENT_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTerminal(status: PaymentStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

export class InvalidTransitionError extends Error {
  readonly from: PaymentStatus;
  readonly to: PaymentStatus;

  constructor(from: PaymentStatus, to: PaymentStatus) {
    super(`a payment cannot go from ${from} to ${to}`);
    this.name = "InvalidTransitionError";
    this.from = from;
    this.to = to;
  }
}

export function assertTransition(from: PaymentStatus, to: PaymentStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}

/**
 * Checks the table's shape: every target is a known status, every status is
 * reachable from `pending`, and every non-terminal status can reach a terminal one.
 * Returns the problems found (empty when the table is sound).
 */
export function validateTransitionTable(
  table: Readonly<Record<string, readonly string[]>> = TRANSITIONS,
): string[] {
  const problems: string[] = [];
  const statuses = Object.keys(table);
  for (const [from, targets] of Object.entries(table)) {
    for (const to of targets) {
      if (!statuses.includes(to)) problems.push(`${from} -> ${to}: unknown status`);
    }
  }
  const reachable = new Set<string>(["pending"]);
  const queue = ["pending"];
  while (queue.length > 0) {
    const next = queue.shift() as string;
    for (const to of table[next] ?? []) {
      if (!reachable.has(to)) {
        reachable.add(to);
        queue.push(to);
      }
    }
  }
  for (const status of statuses) {
    if (!reachable.has(status)) problems.push(`${status}: unreachable from pending`);
  }
  const canEnd = (start: string): boolean => {
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length > 0) {
      const status = stack.pop() as string;
      if ((table[status] ?? []).length === 0) return true;
      if (seen.has(status)) continue;
      seen.add(status);
      stack.push(...(table[status] ?? []));
    }
    return false;
  };
  for (const status of statuses) {
    if (!canEnd(status)) problems.push(`${status}: cannot reach a terminal status`);
  }
  return problems;
}

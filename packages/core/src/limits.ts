// Spending limits for payments charged to a phone bill. PSD2 Art. 3(l) exempts
// them up to EUR 50 per transaction and EUR 300 per month per subscriber;
// merchants and operators often cap lower. The per-transaction check happens
// when a payment is created; the monthly cap is reserved atomically in storage
// when the customer acts (see MonthlySpendRepository.reserve).

import { z } from "zod";
import { SmspayError } from "./errors.ts";
import type { Money } from "./money.ts";

export type CurrencyLimits = { readonly perTransaction: number; readonly monthly: number };

/** Limits per ISO 4217 currency; a currency without limits cannot be charged. */
export type Limits = Readonly<Record<string, CurrencyLimits>>;

export const DEFAULT_LIMITS: Limits = {
  EUR: { perTransaction: 50_00, monthly: 300_00 },
};

export const limitsSchema = z.record(
  z.string().regex(/^[A-Z]{3}$/),
  z
    .object({
      perTransaction: z.number().int().positive(),
      monthly: z.number().int().positive(),
    })
    .refine((l) => l.perTransaction <= l.monthly, "perTransaction must not exceed monthly"),
);

export function limitsFor(limits: Limits, currency: string): CurrencyLimits | undefined {
  return Object.hasOwn(limits, currency) ? limits[currency] : undefined;
}

export function assertWithinTransactionLimit(limits: Limits, price: Money): void {
  const currencyLimits = limitsFor(limits, price.currency);
  if (!currencyLimits) {
    throw new SmspayError("amount_not_payable", `payments in ${price.currency} are not enabled`);
  }
  if (price.amount > currencyLimits.perTransaction) {
    throw new SmspayError(
      "limit_exceeded",
      `amount ${price.amount} exceeds the per-transaction limit of ${currencyLimits.perTransaction} ${price.currency}`,
    );
  }
}

/** The calendar month (UTC) a charge counts against: "2026-11". */
export function spendPeriod(at: Date): string {
  return at.toISOString().slice(0, 7);
}

// A premium short code carries exactly one price (DOMAIN.md 1.1): an amount is
// payable by short code only where a configured code carries exactly that
// price. We never round a customer's price to the nearest tier.

import { SERVICE_WORDS } from "./mo-parser.ts";
import type { Money } from "./money.ts";

export type Tariff = {
  readonly shortCode: string;
  readonly keyword: string;
  readonly amount: number;
  readonly currency: string;
  /** ISO 3166-1 alpha-2 country whose operators serve the short code. */
  readonly country: string;
  /** Name of the SMS transport that carries this short code's traffic. */
  readonly transport: string;
};

/** The tariff whose price is exactly the payment's amount, if any. */
export function findTariff(tariffs: readonly Tariff[], price: Money): Tariff | undefined {
  return tariffs.find((t) => t.amount === price.amount && t.currency === price.currency);
}

/**
 * Problems in a tariff table: one (short code, keyword) pair may carry only one
 * price, and keywords must be plain letters so MO parsing can find them.
 */
export function validateTariffs(tariffs: readonly Tariff[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, Tariff>();
  for (const tariff of tariffs) {
    if (SERVICE_WORDS.has(tariff.keyword)) {
      problems.push(
        `${tariff.shortCode}: ${tariff.keyword} is a service keyword (STOP, HELP, ...), not a payment keyword`,
      );
    }
    if (!/^[A-Z]{2,12}$/.test(tariff.keyword)) {
      problems.push(`${tariff.shortCode}: keyword ${tariff.keyword} must be 2-12 capital letters`);
    }
    if (!/^\d{3,8}$/.test(tariff.shortCode)) {
      problems.push(`${tariff.shortCode}: a short code is 3 to 8 digits`);
    }
    const key = `${tariff.shortCode}/${tariff.keyword}`;
    const other = seen.get(key);
    if (other && (other.amount !== tariff.amount || other.currency !== tariff.currency)) {
      problems.push(`${key}: carries two prices`);
    }
    seen.set(key, tariff);
  }
  return problems;
}

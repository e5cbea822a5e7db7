// Money is an integer amount of a currency's minor units plus its ISO 4217
// code. Never a float: SMS price points are exact (EUR 0.99 is 99, not 0.99).

const MINOR_UNIT_DIGITS: Readonly<Record<string, number>> = {
  EUR: 2,
  GBP: 2,
  USD: 2,
  CHF: 2,
  PLN: 2,
  CZK: 2,
  RON: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  HUF: 2,
  BGN: 2,
  TRY: 2,
  MAD: 2,
  XOF: 0,
  XAF: 0,
  ZAR: 2,
  KES: 2,
  NGN: 2,
  GHS: 2,
  EGP: 2,
  INR: 2,
  IDR: 2,
  PHP: 2,
  BRL: 2,
  MXN: 2,
  CAD: 2,
  AUD: 2,
  JPY: 0,
  KRW: 0,
  CLP: 0,
  VND: 0,
  TND: 3,
  KWD: 3,
  BHD: 3,
  JOD: 3,
  OMR: 3,
};

export type Money = { readonly amount: number; readonly currency: string };

export function isSupportedCurrency(code: string): boolean {
  return Object.hasOwn(MINOR_UNIT_DIGITS, code);
}

export function minorUnitDigits(currency: string): number {
  const digits = MINOR_UNIT_DIGITS[currency];
  if (digits === undefined) throw new RangeError(`unsupported currency ${currency}`);
  return digits;
}

/** A safe, positive whole number of minor units. */
export function isValidAmount(amount: number): boolean {
  return Number.isSafeInteger(amount) && amount > 0;
}

/**
 * Parses a decimal string such as Shopify's "123.00" into minor units without
 * going through floating point. Returns undefined when the string has more
 * decimals than the currency allows or is not a plain decimal.
 */
export function parseDecimalAmount(text: string, currency: string): number | undefined {
  const digits = minorUnitDigits(currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  if (fraction.replace(/0+$/, "").length > digits) return undefined;
  const amount = Number(whole + fraction.padEnd(digits, "0").slice(0, digits));
  return Number.isSafeInteger(amount) ? amount : undefined;
}

/** Minor units back to a plain decimal string ("1.50"), as platforms expect. */
export function toDecimalString(money: Money): string {
  const digits = minorUnitDigits(money.currency);
  if (digits === 0) return String(money.amount);
  const text = String(Math.abs(money.amount)).padStart(digits + 1, "0");
  const sign = money.amount < 0 ? "-" : "";
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Human display in a locale ("4,50 €", "€4.50"). */
export function formatMoney(money: Money, locale: string): string {
  const digits = minorUnitDigits(money.currency);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: money.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(money.amount / 10 ** digits);
}

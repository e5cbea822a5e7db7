// What the merchant's dashboard reads: payments searched and filtered (keyset
// pages, newest first), and the overview of a period: money, statuses, the
// checkout funnel, by day, by short code and by route (transport and country).
// Storage answers with sums; the fees are priced here with the same rules as a
// single payment's (fees.ts), so the overview and the payment page agree.

import { z } from "zod";
import type { CheckoutFunnelCounts } from "./checkout-events.ts";
import { SmspayError } from "./errors.ts";
import { feesFor, pickFeeRule } from "./fees.ts";
import type { Payment, PaymentFlow } from "./payment.ts";
import { PAYMENT_STATUSES, type PaymentStatus } from "./payment-states.ts";
import type { Store } from "./ports.ts";
import { PAID_STATUSES } from "./refund-service.ts";

export const PAYMENT_FLOWS: readonly PaymentFlow[] = ["shortcode", "otp", "express"];
export const PAYMENT_MODES = ["live", "test"] as const;
export type PaymentMode = (typeof PAYMENT_MODES)[number];

const DAY_MS = 86_400_000;
/** The longest period one overview covers (a year and a day of leap). */
export const MAX_OVERVIEW_DAYS = 366;

const day = z.iso.date().transform((value) => new Date(`${value}T00:00:00.000Z`));
// An HTML form sends an empty field for "any": treat it as absent.
const blank = (value: unknown) => (value === "" ? undefined : value);

/** The payment filters, as query parameters (the dashboard's form, the CSV export). */
export const paymentFilterSchema = z.object({
  q: z.preprocess(blank, z.string().trim().min(1).max(128).optional()),
  status: z.preprocess(blank, z.enum(PAYMENT_STATUSES).optional()),
  flow: z.preprocess(blank, z.enum(PAYMENT_FLOWS as [PaymentFlow, ...PaymentFlow[]]).optional()),
  shortCode: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{3,8}$/, "digits only")
      .optional(),
  ),
  from: z.preprocess(blank, day.optional()),
  /** Inclusive: the whole day. */
  to: z.preprocess(blank, day.optional()),
  mode: z.preprocess(blank, z.enum(PAYMENT_MODES).optional()),
});

export type PaymentFilter = z.output<typeof paymentFilterSchema>;

export type PaymentSearch = {
  readonly merchantId: string;
  /** Order reference (prefix), payment id, reference code, or the phone's last digits. */
  readonly text?: string;
  readonly status?: PaymentStatus;
  readonly flow?: PaymentFlow;
  readonly shortCode?: string;
  /** Created at or after. */
  readonly from?: Date;
  /** Created before. */
  readonly before?: Date;
  readonly test?: boolean;
  readonly limit: number;
  /** Continue after this payment (newest first). */
  readonly after?: { readonly createdAt: Date; readonly id: string };
};

export function toSearch(
  merchantId: string,
  filter: PaymentFilter,
  page: { limit: number; after?: { createdAt: Date; id: string } },
): PaymentSearch {
  return {
    merchantId,
    limit: page.limit,
    ...(page.after ? { after: page.after } : {}),
    ...(filter.q ? { text: filter.q } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.flow ? { flow: filter.flow } : {}),
    ...(filter.shortCode ? { shortCode: filter.shortCode } : {}),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { before: new Date(filter.to.getTime() + DAY_MS) } : {}),
    ...(filter.mode ? { test: filter.mode === "test" } : {}),
  };
}

export type OverviewQuery = {
  readonly merchantId: string;
  readonly from: Date;
  readonly before: Date;
  readonly test: boolean;
};

export type StatusCount = {
  readonly status: PaymentStatus;
  readonly payments: number;
  readonly amount: number;
};
export type DayCount = {
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  readonly created: number;
  readonly paid: number;
  /** Paid amount in the main currency. */
  readonly gross: number;
};
export type Breakdown = {
  /** The short code ("" for carrier billing), or "transport country". */
  readonly key: string;
  readonly payments: number;
  readonly paid: number;
  readonly gross: number;
};
/** Paid payments that price alike: same flow, code, currency and gross after credits. */
export type MoneyGroup = {
  readonly flow: PaymentFlow;
  readonly shortCode: string | null;
  readonly currency: string;
  readonly payments: number;
  /** Sum of amounts paid. */
  readonly amount: number;
  /** Per payment: amount less phone credits and operator voids. */
  readonly gross: number;
  readonly refunded: number;
  /** Sums of the settlement lines, for settled payments. */
  readonly settled: {
    readonly operatorFee: number;
    readonly aggregatorFee: number;
    readonly net: number;
  } | null;
};
export type FunnelDay = {
  readonly day: string;
  readonly viewed: number;
  readonly tapped: number;
  readonly paid: number;
};

export interface DashboardQueryRepository {
  searchPayments(search: PaymentSearch): Promise<Payment[]>;
  statusCounts(query: OverviewQuery): Promise<StatusCount[]>;
  /** The main currency is the one most paid in over the period. */
  days(query: OverviewQuery & { currency: string }): Promise<DayCount[]>;
  byShortCode(query: OverviewQuery & { currency: string }): Promise<Breakdown[]>;
  /** By the transport of the payment's first MT and the country of its code or phone. */
  byRoute(query: OverviewQuery & { currency: string }): Promise<Breakdown[]>;
  moneyGroups(query: OverviewQuery): Promise<MoneyGroup[]>;
  funnelDays(query: Omit<OverviewQuery, "test">): Promise<FunnelDay[]>;
}

export type CurrencyTotals = {
  readonly currency: string;
  readonly payments: number;
  readonly gross: number;
  readonly refunded: number;
  readonly fees: number;
  readonly net: number;
  /** Some fees are the fee rule's estimate (no settlement report yet). */
  readonly estimated: boolean;
  /** Paid payments no fee rule prices: their fees and net are unknown. */
  readonly unpriced: number;
};

export type Overview = {
  readonly from: Date;
  readonly before: Date;
  readonly currency: string;
  readonly totals: readonly CurrencyTotals[];
  readonly statuses: readonly StatusCount[];
  /** Paid among the payments that ended (null when none ended). */
  readonly successRate: number | null;
  readonly funnel: CheckoutFunnelCounts;
  readonly funnelDays: readonly FunnelDay[];
  readonly days: readonly DayCount[];
  readonly byShortCode: readonly Breakdown[];
  readonly byRoute: readonly Breakdown[];
};

const LIVE: readonly PaymentStatus[] = ["pending", "processing"];

export const overviewQuerySchema = z
  .object({
    from: z.preprocess(blank, day.optional()),
    to: z.preprocess(blank, day.optional()),
    mode: z.preprocess(blank, z.enum(PAYMENT_MODES).default("live")),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "before from" });

export class DashboardQueries {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  searchPayments(search: PaymentSearch): Promise<Payment[]> {
    return this.#store.dashboard.searchPayments(search);
  }

  /** The period `[from, to]` (whole UTC days; default: the 30 days to `today`). */
  period(input: { from?: Date | undefined; to?: Date | undefined; today: Date }) {
    const today = new Date(Math.floor(input.today.getTime() / DAY_MS) * DAY_MS);
    const last = input.to ?? today;
    const from = input.from ?? new Date(last.getTime() - 29 * DAY_MS);
    const before = new Date(last.getTime() + DAY_MS);
    if ((before.getTime() - from.getTime()) / DAY_MS > MAX_OVERVIEW_DAYS) {
      throw new SmspayError("invalid_request", `at most ${MAX_OVERVIEW_DAYS} days at once`, {
        fields: [{ path: "from", message: `at most ${MAX_OVERVIEW_DAYS} days before to` }],
      });
    }
    return { from, before };
  }

  async overview(query: OverviewQuery): Promise<Overview> {
    const repo = this.#store.dashboard;
    const [statuses, groups, funnel, funnelDays] = await Promise.all([
      repo.statusCounts(query),
      repo.moneyGroups(query),
      this.#store.checkoutEvents.funnel({
        merchantId: query.merchantId,
        from: query.from,
        to: query.before,
      }),
      repo.funnelDays(query),
    ]);
    const totals = await this.#price(query.merchantId, groups);
    const currency = totals[0]?.currency ?? "EUR";
    const [days, byShortCode, byRoute] = await Promise.all([
      repo.days({ ...query, currency }),
      repo.byShortCode({ ...query, currency }),
      repo.byRoute({ ...query, currency }),
    ]);
    const ended = statuses.filter((s) => !LIVE.includes(s.status));
    const endedCount = ended.reduce((sum, s) => sum + s.payments, 0);
    const paidCount = ended
      .filter((s) => PAID_STATUSES.includes(s.status))
      .reduce((sum, s) => sum + s.payments, 0);
    return {
      from: query.from,
      before: query.before,
      currency,
      totals,
      statuses,
      successRate: endedCount === 0 ? null : paidCount / endedCount,
      funnel,
      funnelDays: fillDays(query, funnelDays, (d) => ({ day: d, viewed: 0, tapped: 0, paid: 0 })),
      days: fillDays(query, days, (d) => ({ day: d, created: 0, paid: 0, gross: 0 })),
      byShortCode,
      byRoute,
    };
  }

  /**
   * Totals per currency, most paid first. A settled group counts the report's
   * figures; the others the fee rule's estimate on the gross the operator
   * keeps collecting, as SettlementService.money does for one payment.
   */
  async #price(merchantId: string, groups: readonly MoneyGroup[]): Promise<CurrencyTotals[]> {
    const totals = new Map<string, { -readonly [K in keyof CurrencyTotals]: CurrencyTotals[K] }>();
    for (const group of groups) {
      const total = totals.get(group.currency) ?? {
        currency: group.currency,
        payments: 0,
        gross: 0,
        refunded: 0,
        fees: 0,
        net: 0,
        estimated: false,
        unpriced: 0,
      };
      totals.set(group.currency, total);
      total.payments += group.payments;
      total.gross += group.amount;
      total.refunded += group.refunded;
      if (group.settled) {
        total.fees += group.settled.operatorFee + group.settled.aggregatorFee;
        total.net += group.settled.net;
        continue;
      }
      const rule = pickFeeRule(
        await this.#store.feeRules.candidates({
          merchantId,
          flow: group.flow,
          shortCode: group.shortCode,
          currency: group.currency,
        }),
        merchantId,
      );
      if (!rule) {
        total.unpriced += group.payments;
        continue;
      }
      const fees = feesFor(rule, group.gross);
      total.estimated = true;
      total.fees += (fees.operator + fees.aggregator) * group.payments;
      total.net += (Math.max(group.gross, 0) - fees.operator - fees.aggregator) * group.payments;
    }
    return [...totals.values()].sort((a, b) => b.gross - a.gross);
  }
}

/** Every day of the period, zeros where nothing happened (charts need the gaps). */
function fillDays<T extends { day: string }>(
  query: { from: Date; before: Date },
  rows: readonly T[],
  empty: (day: string) => T,
): T[] {
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const out: T[] = [];
  for (let t = query.from.getTime(); t < query.before.getTime(); t += DAY_MS) {
    const key = new Date(t).toISOString().slice(0, 10);
    out.push(byDay.get(key) ?? empty(key));
  }
  return out;
}

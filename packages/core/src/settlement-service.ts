// Importing settlement reports and reading a payment's money: what the
// operator and the aggregator kept, and what the merchant gets. Until a
// payment's settlement lines arrive (2-3 months later) the fee rule of its
// short code (or of carrier billing) estimates them.

import { raiseAttention } from "./attention.ts";
import type { CoreDeps } from "./core-deps.ts";
import { disputedTotal } from "./dispute-model.ts";
import { type Fees, feesFor, pickFeeRule } from "./fees.ts";
import { newId } from "./ids.ts";
import type { Payment } from "./payment.ts";
import type { Repositories } from "./ports.ts";
import { PAID_STATUSES } from "./refund-service.ts";
import { type MalformedLine, parseSettlementReport } from "./settlement-formats.ts";
import {
  ALL_MERCHANTS,
  type PaymentMatch,
  type SettledTotals,
  type SettlementLine,
  type SettlementLineInput,
  type SettlementReport,
  scopeMerchant,
} from "./settlement-model.ts";

const LINES_PER_TRANSACTION = 100;

export type SettlementImport = {
  readonly report: SettlementReport;
  readonly unmatched: readonly {
    readonly line: number;
    readonly lineId: string;
    readonly reference: string;
  }[];
  readonly malformed: readonly MalformedLine[];
};

/** A payment's money as the API shows it (fields `fees`, `net`, `settled`). */
export type PaymentMoney = {
  readonly fees: (Fees & { readonly total: number; readonly estimated: boolean }) | null;
  /** What the merchant gets from the operator for this payment; null when unknown. */
  readonly net: number | null;
  readonly settled: SettledTotals | null;
  readonly disputedAmount: number;
};

export class SettlementService {
  readonly #deps: CoreDeps;

  constructor(deps: CoreDeps) {
    this.#deps = deps;
  }

  /**
   * Imports a report. `merchantId` scopes it to one merchant's payments (the
   * merchant API); null is the operator's import across merchants (the CLI).
   * Malformed lines and lines seen before change nothing; lines naming no
   * known payment are kept and matched again by the reconciler.
   */
  async import(input: {
    provider: string;
    csv: string;
    merchantId: string | null;
  }): Promise<SettlementImport> {
    const { provider, merchantId } = input;
    const parsed = parseSettlementReport(provider, input.csv);
    const scope = merchantId ?? ALL_MERCHANTS;
    const now = this.#deps.clock.now();
    const { store } = this.#deps;
    let report: SettlementReport = {
      id: newId("stl"),
      provider,
      scope,
      lines: parsed.lines.length + parsed.malformed.length,
      imported: 0,
      duplicates: 0,
      unmatched: 0,
      malformed: parsed.malformed.length,
      createdAt: now,
    };
    await store.settlements.saveReport(report);
    const unmatched: SettlementImport["unmatched"][number][] = [];
    // A transaction per chunk of lines: a long report must not hold the
    // database (PGlite has one connection: checkouts would wait for it) nor
    // outlive a transaction's time limit. An import cut short is simply run
    // again: what it stored counts as duplicates then.
    for (let start = 0; start < parsed.lines.length; start += LINES_PER_TRANSACTION) {
      const chunk = parsed.lines.slice(start, start + LINES_PER_TRANSACTION);
      const counted = await store.transaction(async (tx) => {
        const counts = { imported: 0, duplicates: 0 };
        for (const line of chunk) {
          const match = await tx.settlements.findPayment({ reference: line.reference, merchantId });
          const stored: SettlementLine = {
            ...line,
            id: newId("sl"),
            reportId: report.id,
            provider,
            scope,
            paymentId: match?.paymentId ?? null,
            merchantId: match?.merchantId ?? merchantId,
            createdAt: now,
          };
          if (!(await tx.settlements.insertLine(stored))) {
            counts.duplicates++;
            continue;
          }
          counts.imported++;
          if (match) await checkLine(tx, line, match, provider, now);
          else
            unmatched.push({
              line: line.line,
              lineId: line.lineId,
              reference: line.reference.value,
            });
        }
        return counts;
      });
      report = {
        ...report,
        imported: report.imported + counted.imported,
        duplicates: report.duplicates + counted.duplicates,
        unmatched: unmatched.length,
      };
      await store.settlements.saveReport(report);
    }
    return { report, unmatched, malformed: parsed.malformed };
  }

  /** Matches lines kept unmatched to payments known since; returns how many matched. */
  async rematch(limit: number): Promise<number> {
    const { store, clock } = this.#deps;
    let matched = 0;
    for (const line of await store.settlements.unmatched({ limit })) {
      matched += await store.transaction(async (tx) => {
        const match = await tx.settlements.findPayment({
          reference: line.reference,
          merchantId: scopeMerchant(line.scope),
        });
        if (!match) {
          await tx.settlements.markTried({ id: line.id, at: clock.now() });
          return 0;
        }
        await tx.settlements.attach({
          id: line.id,
          paymentId: match.paymentId,
          merchantId: match.merchantId,
        });
        await checkLine(tx, line, match, line.provider, clock.now());
        return 1;
      });
    }
    return matched;
  }

  /**
   * The settlement's figures once lines exist; before, the fee rule's estimate
   * on what the operator keeps collecting: the amount less operator-side
   * refunds (phone credits) and voids. Merchant-credit refunds leave it alone:
   * the merchant pays those back itself.
   */
  async money(payment: Payment): Promise<PaymentMoney> {
    const { store } = this.#deps;
    const disputedAmount = disputedTotal(await store.disputes.listForPayment(payment.id));
    const settled = (await store.settlements.totalsFor(payment.id)) ?? null;
    if (settled) {
      const fees = { operator: settled.operatorFee, aggregator: settled.aggregatorFee };
      return {
        fees: { ...fees, total: fees.operator + fees.aggregator, estimated: false },
        net: settled.net,
        settled,
        disputedAmount,
      };
    }
    const rule = PAID_STATUSES.includes(payment.status)
      ? pickFeeRule(
          await store.feeRules.candidates({
            merchantId: payment.merchantId,
            flow: payment.flow,
            shortCode: payment.shortCode,
            currency: payment.currency,
          }),
          payment.merchantId,
        )
      : undefined;
    if (!rule) return { fees: null, net: null, settled: null, disputedAmount };
    const credited = (await store.refunds.listForPayment(payment.id))
      .filter((r) => r.method === "phone_credit" && r.status === "succeeded")
      .reduce((sum, r) => sum + r.amount, 0);
    const gross = payment.amount - credited - disputedAmount;
    const fees = feesFor(rule, gross);
    return {
      fees: { ...fees, total: fees.operator + fees.aggregator, estimated: true },
      net: Math.max(gross, 0) - fees.operator - fees.aggregator,
      settled: null,
      disputedAmount,
    };
  }
}

/** A matched line that disagrees with the payment goes to a person. */
async function checkLine(
  tx: Repositories,
  line: SettlementLineInput,
  match: PaymentMatch,
  provider: string,
  at: Date,
): Promise<void> {
  await tx.payments.appendEvent({
    paymentId: match.paymentId,
    type: "settled",
    data: { provider, lineId: line.lineId, kind: line.kind, gross: line.gross, net: line.net },
    at,
  });
  if (line.kind !== "sale") return;
  const where = { merchantId: match.merchantId, paymentId: match.paymentId };
  if (!(PAID_STATUSES as readonly string[]).includes(match.status)) {
    await raiseAttention(
      tx,
      {
        kind: "settled_but_not_paid",
        ...where,
        detail: `${provider} settled line ${line.lineId} (${line.gross} ${line.currency}) for a payment that is ${match.status} here: the customer was billed`,
      },
      at,
    );
  } else if (line.gross !== match.amount || line.currency !== match.currency) {
    await raiseAttention(
      tx,
      {
        kind: "amount_mismatch",
        ...where,
        detail: `${provider} settled line ${line.lineId} bills ${line.gross} ${line.currency} for a payment of ${match.amount} ${match.currency}`,
      },
      at,
    );
  }
}

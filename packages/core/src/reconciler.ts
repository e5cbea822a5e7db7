// The reconciler: compares what smspay believes with what the others believe,
// repairs what it safely can through the outbox, and puts the rest on the
// needs-attention list. Run on demand (`smspay reconcile`) and periodically by
// the worker. Three sources of truth besides ours:
// - the shop platform's order (PlatformAdapter.orderState), for every
//   finished payment once it settled after its last change, and again every
//   few hours for a week (a shop can cancel a paid order at any time);
// - the transport, for payments stuck in `processing`: a delivery receipt can
//   be lost, and some providers can be asked what became of the MT;
// - settlement lines that named no known payment when imported.

import { type AttentionKind, raiseAttention } from "./attention.ts";
import type { CoreDeps } from "./core-deps.ts";
import type { PlatformAdapters } from "./effect-runner.ts";
import type { InboundEvent } from "./inbound.ts";
import type { Payment } from "./payment.ts";
import { emitPaymentEvent } from "./payment-lifecycle.ts";
import type { PlatformOrderState } from "./platform.ts";
import type { DeliveryStatusQuery, QueriedDelivery, Repositories } from "./ports.ts";
import { refundResource } from "./refund-model.ts";
import type { SettlementService } from "./settlement-service.ts";
import { STATUS_EVENTS } from "./webhook-events.ts";

export interface ReconcileRepository {
  /**
   * Claims up to `limit` finished payments of merchants with an active
   * platform connection that are due for a comparison with their shop (last
   * changed between `since` and `settledBefore`, and not compared since that
   * change nor since `recheckBefore`), and records them compared at `now`.
   * Concurrent sweeps claim different payments (SKIP LOCKED).
   */
  claimDue(input: {
    now: Date;
    since: Date;
    settledBefore: Date;
    recheckBefore: Date;
    limit: number;
  }): Promise<string[]>;
  /** Payments in `processing` since before `before`, oldest first. */
  stuckProcessing(input: { before: Date; limit: number }): Promise<string[]>;
  /** The merchant's newest payment for an order (a retry supersedes a failed attempt). */
  latestForOrder(input: { merchantId: string; orderRef: string }): Promise<string | undefined>;
  /** The payment's platform notifications (notify_platform effects), newest first. */
  platformNotifications(
    paymentId: string,
  ): Promise<{ readonly id: string; readonly status: "pending" | "done" | "dead" }[]>;
}

export type ReconcileSettings = {
  /** A payment changed less than this ago is left alone: its notifications may be in flight. */
  readonly settleMs: number;
  /** How far back payments are compared with their shop. */
  readonly windowMs: number;
  /** How often a payment already compared is compared again. */
  readonly recheckMs: number;
  /** How long a payment may stay in `processing` before the transport is asked. */
  readonly stuckAfterMs: number;
  readonly batchSize: number;
};

export const DEFAULT_RECONCILE_SETTINGS: ReconcileSettings = {
  settleMs: 5 * 60_000,
  windowMs: 7 * 24 * 3600_000,
  recheckMs: 6 * 3600_000,
  stuckAfterMs: 10 * 60_000,
  batchSize: 200,
};

export type ReconcileReport = {
  /** Payments compared with their shop's order. */
  compared: number;
  /** Notifications queued again (or dead ones replayed) for a shop that missed them. */
  renotified: number;
  /** Lost delivery receipts recovered by asking the transport. */
  receiptsRecovered: number;
  /** New needs-attention items. */
  attention: number;
  /** Settlement lines matched to a payment since their import. */
  linesMatched: number;
  /** Shops or transports that could not be asked this time (tried again next run). */
  errors: number;
};

/** What a payment's state and its order's state, side by side, call for. */
export type PlatformDrift =
  | { readonly action: "none" }
  | { readonly action: "renotify" }
  | { readonly action: "attention"; readonly kind: AttentionKind; readonly detail: string };

/** The decision table, kept pure so each drift case is pinned by a test. */
export function comparePlatform(payment: Payment, order: PlatformOrderState): PlatformDrift {
  const none = { action: "none" } as const;
  const renotify = { action: "renotify" } as const;
  const attention = (kind: AttentionKind, detail: string) =>
    ({ action: "attention", kind, detail }) as const;
  const paid = `${payment.amount} ${payment.currency}`;
  const orderShows = `the shop shows order ${payment.orderRef} ${order.replace("_", " ")}`;
  switch (payment.status) {
    case "succeeded":
    case "partially_refunded":
      switch (order) {
        case "awaiting_payment":
          return renotify;
        case "paid":
          // The shop missed a refund made through smspay.
          return payment.status === "succeeded" ? none : renotify;
        case "cancelled":
        case "failed":
          return attention(
            "order_cancelled_but_paid",
            `${orderShows}, but the customer paid ${paid} by SMS: ship it, or refund the customer`,
          );
        case "not_found":
          return attention(
            "order_not_found",
            `the customer paid ${paid} by SMS for order ${payment.orderRef}, which the shop does not know`,
          );
        case "partially_refunded":
        case "refunded":
          // Order states carry no amounts: partially refunded on both sides is taken as agreement.
          if (payment.status === "partially_refunded" && order === "partially_refunded")
            return none;
          return attention(
            "platform_refund_unknown",
            `${orderShows}, but smspay refunded ${payment.refundedAmount} of ${paid}: refund through smspay, or the customer may not get the money back`,
          );
      }
      return none;
    case "refunded":
      // Everything went back: a cancelled or vanished order is consistent with that.
      return order === "awaiting_payment" || order === "paid" || order === "partially_refunded"
        ? renotify
        : none;
    case "failed":
    case "expired":
    case "canceled":
      if (order === "awaiting_payment") return renotify;
      if (order === "paid") {
        return attention(
          "paid_in_shop_but_failed",
          `the shop shows order ${payment.orderRef} paid, but its SMS payment ${payment.status}: do not ship before checking`,
        );
      }
      return none;
    case "pending":
    case "processing":
      return none;
  }
}

export type ReconcilerPorts = {
  readonly platforms: PlatformAdapters;
  /** Transports that can be asked about an MT, by transport name. */
  readonly statusQueries: ReadonlyMap<string, DeliveryStatusQuery>;
  /** Where a recovered delivery receipt goes: the same path as a real one. */
  readonly receipts: { handle(event: InboundEvent): Promise<unknown> };
  readonly settlements: SettlementService;
  readonly onError?: (error: unknown, context: Record<string, unknown>) => void;
};

export class Reconciler {
  readonly #deps: CoreDeps;
  readonly #ports: ReconcilerPorts;
  readonly #settings: ReconcileSettings;

  constructor(deps: CoreDeps, ports: ReconcilerPorts, settings: Partial<ReconcileSettings> = {}) {
    this.#deps = deps;
    this.#ports = ports;
    this.#settings = { ...DEFAULT_RECONCILE_SETTINGS, ...settings };
  }

  async run(): Promise<ReconcileReport> {
    const report: ReconcileReport = {
      compared: 0,
      renotified: 0,
      receiptsRecovered: 0,
      attention: 0,
      linesMatched: 0,
      errors: 0,
    };
    await this.#recoverReceipts(report);
    await this.#compareWithPlatforms(report);
    report.linesMatched = await this.#ports.settlements.rematch(this.#settings.batchSize);
    if (report.renotified > 0) this.#deps.effectsQueued?.();
    return report;
  }

  async #recoverReceipts(report: ReconcileReport): Promise<void> {
    const { store, clock } = this.#deps;
    const ids = await store.reconcile.stuckProcessing({
      before: new Date(clock.now().getTime() - this.#settings.stuckAfterMs),
      limit: this.#settings.batchSize,
    });
    for (const id of ids) {
      const payment = await store.payments.getById(id);
      if (payment?.status !== "processing") continue;
      const outcome = await this.#askTransport(payment);
      if (outcome === "recovered") report.receiptsRecovered++;
      else if (outcome === "error") report.errors++;
      else if (
        await this.#raise(
          payment,
          "stuck_processing",
          `${outcome.unresolved}: check with the operator`,
        )
      )
        report.attention++;
    }
  }

  /** Asks the billed SMS's transport what became of it; its answer goes in as the lost receipt. */
  async #askTransport(
    payment: Payment,
  ): Promise<"recovered" | "error" | { readonly unresolved: string }> {
    const billed = (await this.#deps.store.outbound.listForPayment(payment.id)).find(
      (m) => m.purpose === "billed_confirmation",
    );
    if (!billed) return { unresolved: "the operator has not confirmed the carrier-billing charge" };
    const { providerMessageId, transport } = billed;
    if (billed.status === "queued" || !providerMessageId)
      return { unresolved: "the billed SMS has not been sent yet" };
    const query = this.#ports.statusQueries.get(transport);
    if (!query) {
      return {
        unresolved: `no delivery receipt came for the billed SMS and ${transport} cannot be asked`,
      };
    }
    let answer: QueriedDelivery;
    try {
      answer = await query.queryStatus({ providerMessageId });
    } catch (error) {
      this.#ports.onError?.(error, { paymentId: payment.id, step: "query_status" });
      return "error";
    }
    if (answer.outcome === "pending" || answer.outcome === "unknown") {
      return {
        unresolved: `no delivery receipt came for the billed SMS and ${transport} says it is ${answer.outcome}`,
      };
    }
    await this.#ports.receipts.handle({
      type: "dlr_received",
      transport,
      providerMessageId,
      messageId: billed.id,
      ...(answer.outcome === "failed"
        ? {
            outcome: "failed",
            failure: answer.failure,
            providerError: answer.providerError ?? "reconciled",
          }
        : { outcome: "delivered" }),
      receivedAt: this.#deps.clock.now(),
    });
    return "recovered";
  }

  async #compareWithPlatforms(report: ReconcileReport): Promise<void> {
    const { store, clock } = this.#deps;
    const now = clock.now();
    const ids = await store.reconcile.claimDue({
      now,
      since: new Date(now.getTime() - this.#settings.windowMs),
      settledBefore: new Date(now.getTime() - this.#settings.settleMs),
      recheckBefore: new Date(now.getTime() - this.#settings.recheckMs),
      limit: this.#settings.batchSize,
    });
    for (const id of ids) {
      const payment = await store.payments.getById(id);
      const connection = payment && (await store.platformConnections.get(payment.merchantId));
      if (!payment || !connection?.active) continue;
      // A failed attempt the customer retried: the order now belongs to the retry.
      const latest = await store.reconcile.latestForOrder(payment);
      if (latest !== payment.id) continue;
      let order: PlatformOrderState;
      try {
        order = await this.#ports.platforms.adapterFor(connection).orderState({
          orderRef: payment.orderRef,
        });
      } catch (error) {
        report.errors++;
        this.#ports.onError?.(error, { paymentId: id, step: "order_state" });
        continue;
      }
      report.compared++;
      const drift = comparePlatform(payment, order);
      if (drift.action === "renotify") {
        const outcome = await this.#renotify(payment, order);
        if (outcome === "renotified") report.renotified++;
        if (outcome === "attention") report.attention++;
      } else if (drift.action === "attention") {
        if (await this.#raise(payment, drift.kind, drift.detail)) report.attention++;
      }
    }
  }

  /**
   * The shop missed what happened: replay its dead notifications, or tell it
   * again (a new event) when none is left to replay. Nothing while one is
   * still on its way.
   */
  async #renotify(
    seen: Payment,
    order: PlatformOrderState,
  ): Promise<"renotified" | "attention" | "none"> {
    return this.#deps.store.transaction(async (tx) => {
      const payment = await tx.payments.lock(seen.id);
      if (payment?.status !== seen.status) return "none";
      const at = this.#deps.clock.now();
      const notifications = await tx.reconcile.platformNotifications(payment.id);
      if (notifications.some((n) => n.status === "pending")) return "none";
      const dead = notifications.filter((n) => n.status === "dead");
      for (const effect of dead) await tx.effects.replay({ id: effect.id, at });
      const emitted = dead.length > 0 || (await this.#emitAgain(tx, payment, at));
      if (!emitted) {
        const raised = await raiseAttention(
          tx,
          {
            kind: "notification_missed",
            merchantId: payment.merchantId,
            paymentId: payment.id,
            detail: `the shop shows order ${payment.orderRef} ${order.replace("_", " ")} and smspay has nothing left to tell it again`,
          },
          at,
        );
        return raised ? "attention" : "none";
      }
      await tx.payments.appendEvent({
        paymentId: payment.id,
        type: "reconciled",
        data: { platformState: order, action: dead.length > 0 ? "replayed" : "renotified" },
        at,
      });
      return "renotified";
    });
  }

  async #emitAgain(tx: Repositories, payment: Payment, at: Date): Promise<boolean> {
    const type = STATUS_EVENTS[payment.status];
    if (!type) return false;
    if (payment.status === "partially_refunded" || payment.status === "refunded") {
      const refunds = await tx.refunds.listForPayment(payment.id);
      const last = refunds.filter((r) => r.status === "succeeded").at(-1);
      if (!last) return false;
      await emitPaymentEvent(tx, { type, payment, at, refund: refundResource(last) });
      return true;
    }
    await emitPaymentEvent(tx, { type, payment, at });
    return true;
  }

  #raise(payment: Payment, kind: AttentionKind, detail: string): Promise<boolean> {
    return this.#deps.store.transaction((tx) =>
      raiseAttention(
        tx,
        { kind, merchantId: payment.merchantId, paymentId: payment.id, detail },
        this.#deps.clock.now(),
      ),
    );
  }
}

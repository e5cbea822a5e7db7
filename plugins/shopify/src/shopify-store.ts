// Storage of the Shopify app: installed shops, Shopify's sessions and what
// became of them, customer data exports. Raw SQL like the core's repositories
// (packages/db): the Shopify words stay in this plugin rather than in the
// core's ports. A few statements reach into core tables where only a Shopify
// request can ask for it (a merchant going inactive on uninstall, erasing a
// customer's personal data on customers/redact), always scoped to one merchant.

import type { DbClient } from "@smspay/db";
import { Prisma } from "@smspay/db";
import { type ApiVersion, isSupportedApiVersion } from "./api-versions.ts";

export type TransportMode = "sandbox" | "live";

/** The shop owner's onboarding choices. */
export type ShopSettings = {
  /** sandbox: every session is served by the sandbox operator, as in test mode. */
  readonly mode: TransportMode;
  /** Whether Shopify test-mode sessions are accepted (they always run in the sandbox). */
  readonly testSessions: boolean;
};

export type ShopifyShop = {
  readonly shop: string;
  readonly merchantId: string;
  readonly installed: boolean;
  readonly settings: ShopSettings | null;
  readonly configuredAt: Date | null;
  readonly installedAt: Date;
  readonly uninstalledAt: Date | null;
  readonly redactedAt: Date | null;
};

export type PaymentSessionState =
  | "open"
  | "pending"
  | "resolved"
  | "rejected"
  | "failed"
  | "canceled";

export type PaymentSessionRecord = {
  readonly shop: string;
  readonly id: string;
  readonly gid: string;
  readonly merchantId: string;
  readonly paymentId: string;
  readonly apiVersion: ApiVersion;
  readonly kind: "sale" | "authorization";
  readonly amount: number;
  readonly currency: string;
  readonly test: boolean;
  readonly cancelUrl: string;
  readonly state: PaymentSessionState;
  readonly nextActionUrl: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
};

export type FollowUpKind = "refund" | "capture" | "void";
export type FollowUpState = "open" | "resolved" | "rejected";

/** A refund, capture or void session on a payment session. */
export type FollowUpRecord = {
  readonly shop: string;
  readonly id: string;
  readonly gid: string;
  readonly kind: FollowUpKind;
  readonly paymentSessionId: string;
  readonly amount: number | null;
  readonly currency: string | null;
  readonly refundId: string | null;
  readonly decision: "resolve" | "reject" | null;
  readonly reason: string | null;
  readonly state: FollowUpState;
  readonly createdAt: Date;
  readonly updatedAt: Date;
};

/** What smspay holds about one payment of a customer (customers/data_request). */
export type CustomerPaymentData = {
  readonly paymentId: string;
  readonly orderRef: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: string;
  readonly customerEmail: string | null;
  readonly phoneLast4: string | null;
  readonly createdAt: Date;
};

export type DataRequestExport = {
  readonly id: string;
  readonly shop: string;
  readonly requestId: string;
  readonly export: unknown;
  readonly createdAt: Date;
};

const SHOP_COLUMNS = Prisma.raw(`shop, merchant_id AS "merchantId", installed, settings,
  configured_at AS "configuredAt", installed_at AS "installedAt",
  uninstalled_at AS "uninstalledAt", redacted_at AS "redactedAt"`);

const SESSION_COLUMNS = Prisma.raw(`shop, id, gid, merchant_id AS "merchantId",
  payment_id AS "paymentId", api_version AS "apiVersion", kind, amount, currency, test,
  cancel_url AS "cancelUrl", state, next_action_url AS "nextActionUrl",
  created_at AS "createdAt", updated_at AS "updatedAt"`);

const FOLLOW_UP_COLUMNS = Prisma.raw(`shop, id, gid, kind,
  payment_session_id AS "paymentSessionId", amount, currency, refund_id AS "refundId",
  decision, reason, state, created_at AS "createdAt", updated_at AS "updatedAt"`);

type SessionRow = Omit<PaymentSessionRecord, "apiVersion"> & { apiVersion: string };

function toSession(row: SessionRow): PaymentSessionRecord {
  if (!isSupportedApiVersion(row.apiVersion)) {
    throw new Error(`unexpected shopify_payment_sessions.api_version: ${row.apiVersion}`);
  }
  return { ...row, apiVersion: row.apiVersion };
}

export type ShopifyStore = ReturnType<typeof shopifyStore>;

export function shopifyStore(db: DbClient) {
  return {
    /** Serializes installs (and uninstalls) of one shop until the transaction ends. */
    async lockShop(shop: string): Promise<void> {
      await db.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`shopify:${shop}`}))::text`;
    },

    async getShop(shop: string): Promise<ShopifyShop | undefined> {
      const rows = await db.$queryRaw<ShopifyShop[]>`
        SELECT ${SHOP_COLUMNS} FROM shopify_shops WHERE shop = ${shop}`;
      return rows[0];
    },

    async getShopOfMerchant(merchantId: string): Promise<ShopifyShop | undefined> {
      const rows = await db.$queryRaw<ShopifyShop[]>`
        SELECT ${SHOP_COLUMNS} FROM shopify_shops WHERE merchant_id = ${merchantId}`;
      return rows[0];
    },

    async insertShop(input: { shop: string; merchantId: string; at: Date }): Promise<void> {
      await db.$executeRaw`
        INSERT INTO shopify_shops (shop, merchant_id, installed, installed_at)
        VALUES (${input.shop}, ${input.merchantId}, true, ${input.at})`;
    },

    /** Installed again: the merchant and its payments come back as they were. */
    async markInstalled(input: { shop: string; at: Date }): Promise<void> {
      await db.$executeRaw`
        UPDATE shopify_shops SET installed = true, installed_at = ${input.at}, uninstalled_at = NULL
        WHERE shop = ${input.shop}`;
    },

    /** False when the shop was not installed (a repeated app/uninstalled). */
    async markUninstalled(input: { shop: string; at: Date }): Promise<boolean> {
      const changed = await db.$executeRaw`
        UPDATE shopify_shops SET installed = false, uninstalled_at = ${input.at}
        WHERE shop = ${input.shop} AND installed`;
      return changed === 1;
    },

    async saveSettings(input: { shop: string; settings: ShopSettings; at: Date }): Promise<void> {
      await db.$executeRaw`
        UPDATE shopify_shops SET settings = ${JSON.stringify(input.settings)}::jsonb,
          configured_at = ${input.at}
        WHERE shop = ${input.shop}`;
    },

    async markRedacted(input: { shop: string; at: Date }): Promise<void> {
      await db.$executeRaw`
        UPDATE shopify_shops SET redacted_at = ${input.at} WHERE shop = ${input.shop}`;
    },

    /** Whether the merchant may take payments (false while the app is uninstalled). */
    async setMerchantActive(input: { merchantId: string; active: boolean }): Promise<void> {
      await db.$executeRaw`
        UPDATE merchants SET active = ${input.active} WHERE id = ${input.merchantId}`;
    },

    /** Records the session unless Shopify's id is already known (a retry); returns the stored one. */
    async putPaymentSession(
      session: Omit<PaymentSessionRecord, "state" | "nextActionUrl" | "updatedAt">,
    ): Promise<PaymentSessionRecord> {
      // Two statements: the SELECT must see a row a concurrent retry committed
      // while this INSERT waited on it (one statement keeps its older snapshot).
      await db.$executeRaw`
        INSERT INTO shopify_payment_sessions (shop, id, gid, merchant_id, payment_id, api_version,
          kind, amount, currency, test, cancel_url, state, created_at, updated_at)
        VALUES (${session.shop}, ${session.id}, ${session.gid}, ${session.merchantId},
          ${session.paymentId}, ${session.apiVersion}, ${session.kind}, ${session.amount},
          ${session.currency}, ${session.test}, ${session.cancelUrl}, 'open',
          ${session.createdAt}, ${session.createdAt})
        ON CONFLICT DO NOTHING`;
      const rows = await db.$queryRaw<SessionRow[]>`
        SELECT ${SESSION_COLUMNS} FROM shopify_payment_sessions
        WHERE shop = ${session.shop} AND id = ${session.id}`;
      const row = rows[0];
      if (!row) throw new Error(`payment session ${session.gid} conflicts with another one`);
      return toSession(row);
    },

    async getPaymentSession(input: {
      shop: string;
      id: string;
    }): Promise<PaymentSessionRecord | undefined> {
      const rows = await db.$queryRaw<SessionRow[]>`
        SELECT ${SESSION_COLUMNS} FROM shopify_payment_sessions
        WHERE shop = ${input.shop} AND id = ${input.id}`;
      return rows[0] && toSession(rows[0]);
    },

    /** The merchant's session with this gid (the payment's orderRef). */
    async findPaymentSession(input: {
      merchantId: string;
      gid: string;
    }): Promise<PaymentSessionRecord | undefined> {
      const rows = await db.$queryRaw<SessionRow[]>`
        SELECT ${SESSION_COLUMNS} FROM shopify_payment_sessions
        WHERE merchant_id = ${input.merchantId} AND gid = ${input.gid}`;
      return rows[0] && toSession(rows[0]);
    },

    /**
     * Moves the session to `state` unless it is final already (resolved or
     * rejected stay so); returns whether it moved.
     */
    async setPaymentSessionState(input: {
      gid: string;
      state: PaymentSessionState;
      nextActionUrl?: string;
      at: Date;
      /** Also from a final state: Shopify said it holds another outcome. */
      overrideFinal?: boolean;
    }): Promise<boolean> {
      const changed = await db.$executeRaw`
        UPDATE shopify_payment_sessions
        SET state = ${input.state},
            next_action_url = COALESCE(${input.nextActionUrl ?? null}, next_action_url),
            updated_at = ${input.at}
        WHERE gid = ${input.gid}
          AND (${input.overrideFinal === true} OR state NOT IN ('resolved', 'rejected'))`;
      return changed === 1;
    },

    /** Records the follow-up unless Shopify's id is already known; returns the stored one. */
    async putFollowUp(
      followUp: Omit<FollowUpRecord, "state" | "updatedAt">,
    ): Promise<{ record: FollowUpRecord; created: boolean }> {
      const inserted = await db.$executeRaw`
        INSERT INTO shopify_follow_up_sessions (shop, id, gid, kind, payment_session_id, amount,
          currency, refund_id, decision, reason, state, created_at, updated_at)
        VALUES (${followUp.shop}, ${followUp.id}, ${followUp.gid}, ${followUp.kind},
          ${followUp.paymentSessionId}, ${followUp.amount}, ${followUp.currency},
          ${followUp.refundId}, ${followUp.decision}, ${followUp.reason}, 'open',
          ${followUp.createdAt}, ${followUp.createdAt})
        ON CONFLICT DO NOTHING`;
      const rows = await db.$queryRaw<FollowUpRecord[]>`
        SELECT ${FOLLOW_UP_COLUMNS} FROM shopify_follow_up_sessions
        WHERE shop = ${followUp.shop} AND id = ${followUp.id}`;
      const record = rows[0];
      if (!record) throw new Error(`follow-up session ${followUp.gid} conflicts with another one`);
      return { record, created: inserted === 1 };
    },

    /** Follow-ups of a payment session that Shopify still waits on, oldest first. */
    async openFollowUps(input: {
      shop: string;
      paymentSessionId: string;
    }): Promise<FollowUpRecord[]> {
      return db.$queryRaw<FollowUpRecord[]>`
        SELECT ${FOLLOW_UP_COLUMNS} FROM shopify_follow_up_sessions
        WHERE shop = ${input.shop} AND payment_session_id = ${input.paymentSessionId}
          AND state = 'open'
        ORDER BY created_at, id`;
    },

    async decideFollowUp(input: {
      gid: string;
      decision: "resolve" | "reject";
      reason: string | null;
      at: Date;
    }): Promise<void> {
      await db.$executeRaw`
        UPDATE shopify_follow_up_sessions
        SET decision = ${input.decision}, reason = ${input.reason}, updated_at = ${input.at}
        WHERE gid = ${input.gid} AND state = 'open'`;
    },

    async attachRefund(input: { gid: string; refundId: string; at: Date }): Promise<void> {
      await db.$executeRaw`
        UPDATE shopify_follow_up_sessions SET refund_id = ${input.refundId}, updated_at = ${input.at}
        WHERE gid = ${input.gid}`;
    },

    async finishFollowUp(input: {
      gid: string;
      state: "resolved" | "rejected";
      at: Date;
    }): Promise<void> {
      await db.$executeRaw`
        UPDATE shopify_follow_up_sessions SET state = ${input.state}, updated_at = ${input.at}
        WHERE gid = ${input.gid} AND state = 'open'`;
    },

    /** What Shopify has seen refunded on a payment session (resolved refund sessions). */
    async refundedInShopify(input: { shop: string; paymentSessionId: string }): Promise<number> {
      const rows = await db.$queryRaw<{ total: number }[]>`
        SELECT COALESCE(SUM(amount), 0)::int AS total FROM shopify_follow_up_sessions
        WHERE shop = ${input.shop} AND payment_session_id = ${input.paymentSessionId}
          AND kind = 'refund' AND state = 'resolved'`;
      return rows[0]?.total ?? 0;
    },

    /** The merchant's payments of one customer, by phone hash or e-mail, newest first. */
    async customerPayments(input: {
      merchantId: string;
      phoneHash: string | null;
      email: string | null;
    }): Promise<CustomerPaymentData[]> {
      if (input.phoneHash === null && input.email === null) return [];
      return db.$queryRaw<CustomerPaymentData[]>`
        SELECT id AS "paymentId", order_ref AS "orderRef", amount, currency, status,
          customer_email AS "customerEmail", phone_last4 AS "phoneLast4", created_at AS "createdAt"
        FROM payments
        WHERE merchant_id = ${input.merchantId}
          AND (phone_hash = ${input.phoneHash} OR lower(customer_email) = lower(${input.email}::text))
        ORDER BY created_at DESC, id DESC`;
    },

    /**
     * Erases the personal data of these payments of the merchant (phone number,
     * e-mail; amounts and statuses stay for the accounts), and of the messages
     * and PIN challenges tied to them. Returns how many payments were touched.
     */
    async erasePaymentsPersonalData(input: {
      merchantId: string;
      paymentIds: readonly string[] | "all";
    }): Promise<number> {
      const ids = input.paymentIds === "all" ? null : [...input.paymentIds];
      if (ids !== null && ids.length === 0) return 0;
      const scope = Prisma.sql`merchant_id = ${input.merchantId}
        AND (${ids}::text[] IS NULL OR id = ANY(${ids}::text[]))`;
      const erased = await db.$executeRaw`
        UPDATE payments SET phone_hash = NULL, phone_cipher = NULL, phone_last4 = NULL,
          customer_email = NULL
        WHERE ${scope}`;
      const paymentsOf = Prisma.sql`SELECT id FROM payments WHERE ${scope}`;
      await db.$executeRaw`DELETE FROM otp_challenges WHERE payment_id IN (${paymentsOf})`;
      await db.$executeRaw`
        UPDATE inbound_messages SET from_hash = NULL WHERE payment_id IN (${paymentsOf})`;
      // Queued messages still need their recipient; sent ones only keep a record.
      await db.$executeRaw`
        UPDATE outbound_messages SET to_hash = 'erased', to_cipher = 'erased'
        WHERE payment_id IN (${paymentsOf}) AND status <> 'queued'`;
      return erased;
    },

    async saveDataRequest(request: DataRequestExport & { merchantId: string }): Promise<void> {
      await db.$executeRaw`
        INSERT INTO shopify_data_requests (id, shop, merchant_id, request_id, export, created_at)
        VALUES (${request.id}, ${request.shop}, ${request.merchantId}, ${request.requestId},
          ${JSON.stringify(request.export)}::jsonb, ${request.createdAt})
        ON CONFLICT (shop, request_id) DO NOTHING`;
    },

    async dataRequests(input: { merchantId: string; limit: number }): Promise<DataRequestExport[]> {
      return db.$queryRaw<DataRequestExport[]>`
        SELECT id, shop, request_id AS "requestId", export, created_at AS "createdAt"
        FROM shopify_data_requests WHERE merchant_id = ${input.merchantId}
        ORDER BY created_at DESC, id DESC LIMIT ${input.limit}`;
    },

    async deleteDataRequests(shop: string): Promise<void> {
      await db.$executeRaw`DELETE FROM shopify_data_requests WHERE shop = ${shop}`;
    },
  };
}

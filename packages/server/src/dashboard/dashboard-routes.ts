// The merchant's dashboard at /dashboard: server-rendered pages over the
// same services as the merchant API (no business rule lives here). Every
// query is scoped to the signed-in session's merchant; every state change is
// a POST carrying the session's synchronizer token; owners only for refunds,
// keys and settings.

import { randomUUID } from "node:crypto";
import {
  type AccountService,
  type ApiKeys,
  type AttentionService,
  type CheckoutSettingsService,
  type Clock,
  committedRefunds,
  type DashboardQueries,
  type DeadLetters,
  isSmspayError,
  maskPhone,
  overviewQuerySchema,
  type PaymentService,
  parseDecimalAmount,
  parseOrThrow,
  paymentFilterSchema,
  type RefundService,
  refundMethodFor,
  type SettlementService,
  type SingleSignOn,
  SmspayError,
  type Store,
  toSearch,
  type WebhookEndpoints,
} from "@smspay/core";
import express, { type ErrorRequestHandler, type Request, type Response, Router } from "express";
import { z } from "zod";
import { sendProblem, toProblem } from "../http/problem.ts";
import type { Logger } from "../logger.ts";
import { ssoSignIn } from "../routes/sso.ts";
import { assetRoutes } from "./assets.ts";
import { type CookiePolicy, clearCookie, sessionCookieName, setCookie } from "./cookies.ts";
import { streamPaymentsCsv } from "./csv-export.ts";
import {
  assertSameOrigin,
  contextOf,
  loadContext,
  ownerOnly,
  requireSession,
  sessionToken,
  signedIn,
  verifyCsrf,
} from "./session-auth.ts";
import { apiKeysPage } from "./views/api-keys-page.ts";
import { attentionPage } from "./views/attention-page.ts";
import { errorPage } from "./views/error-page.ts";
import { loginPage } from "./views/login-page.ts";
import { overviewPage } from "./views/overview-page.ts";
import { paymentPage, refundConfirmPage } from "./views/payment-page.ts";
import { paymentsPage } from "./views/payments-page.ts";
import { type RoutingView, settingsPage } from "./views/settings-page.ts";

export type DashboardDeps = {
  readonly store: Store;
  readonly clock: Clock;
  readonly vault: { open(sealed: string): string };
  readonly accounts: AccountService;
  readonly sso: SingleSignOn;
  readonly apiKeys: ApiKeys;
  readonly queries: DashboardQueries;
  readonly payments: PaymentService;
  readonly refunds: RefundService;
  readonly settlements: SettlementService;
  readonly attention: AttentionService;
  readonly deadLetters: DeadLetters;
  readonly webhookEndpoints: WebhookEndpoints;
  readonly checkoutSettings: CheckoutSettingsService;
  readonly routing: RoutingView;
  readonly publicUrl: string;
  readonly log: Logger;
};

const PAGE_SIZE = 25;
const SESSION_COOKIE_SECONDS = 12 * 3600;

const cursorSchema = z.tuple([z.iso.datetime(), z.string().min(1).max(64)]);

function encodeCursor(p: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([p.createdAt.toISOString(), p.id])).toString("base64url");
}

function decodeCursor(cursor: unknown): { createdAt: Date; id: string } | undefined {
  if (typeof cursor !== "string" || cursor === "") return undefined;
  try {
    const [at, id] = cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString()));
    return { createdAt: new Date(at), id };
  } catch {
    throw new SmspayError("invalid_request", "invalid page cursor", {
      fields: [{ path: "cursor", message: "use the page links as given" }],
    });
  }
}

/** Where to go after signing in: a dashboard path only (no open redirect). */
function safeNext(value: unknown): string {
  return typeof value === "string" &&
    /^\/dashboard(?:[/?#]|$)/.test(value) &&
    !value.startsWith("//")
    ? value
    : "/dashboard";
}

/** The :id of the route (Express types it loosely behind a middleware). */
function idParam(req: Request): string {
  const id = req.params.id;
  return typeof id === "string" ? id : "";
}

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : "";
}

/** A form's optional text field: empty means "clear it". */
function optional(body: unknown, name: string): string | null {
  const value = field(body, name).trim();
  return value === "" ? null : value;
}

export function dashboardRoutes(deps: DashboardDeps): Router {
  const { store, accounts, queries } = deps;
  const policy: CookiePolicy = { secure: deps.publicUrl.startsWith("https:") };
  const ours = new URL(deps.publicUrl).origin;
  const router = Router();

  router.use("/assets", assetRoutes());
  router.use(express.urlencoded({ extended: false, limit: "16kb" }));
  router.use(loadContext(accounts, policy));

  const startSession = (res: Response, token: string) =>
    setCookie(res, policy, sessionCookieName(policy), token, {
      maxAgeSeconds: SESSION_COOKIE_SECONDS,
    });

  // ---- signing in and out ----

  router.get("/login", (req, res) => {
    const context = contextOf(res);
    if (context.session) return res.redirect(303, safeNext(req.query.next));
    res.type("html").send(loginPage({ context, next: safeNext(req.query.next) }));
  });

  router.post("/login", async (req, res) => {
    assertSameOrigin(req, ours);
    const context = contextOf(res);
    const email = field(req.body, "email");
    const next = safeNext(field(req.body, "next"));
    try {
      const { token } = await accounts.login({
        email,
        password: field(req.body, "password"),
        address: req.ip,
        previousToken: sessionToken(req, policy),
      });
      startSession(res, token);
      res.redirect(303, next);
    } catch (error) {
      if (!isSmspayError(error) || !["unauthorized", "login_rate_limited"].includes(error.code))
        throw error;
      const problem = toProblem(error, deps.log);
      if (problem.retryAfterSeconds !== undefined)
        res.set("Retry-After", String(problem.retryAfterSeconds));
      const message =
        error.code === "unauthorized"
          ? context.t("dashboard.login.failed")
          : context.t("dashboard.login.throttled", {
              minutes: Math.ceil((problem.retryAfterSeconds ?? 60) / 60),
            });
      res
        .status(problem.status)
        .type("html")
        .send(loginPage({ context, next, email, error: message }));
    }
  });

  router.get("/sso", ssoSignIn({ sso: deps.sso, policy, start: startSession }));

  router.use(requireSession, verifyCsrf(deps.publicUrl));

  router.post("/logout", async (req, res) => {
    const token = sessionToken(req, policy);
    if (token) await accounts.logout(token);
    clearCookie(res, policy, sessionCookieName(policy));
    res.redirect(303, "/dashboard/login");
  });

  // ---- overview ----

  router.get("/", async (req, res) => {
    const context = signedIn(res);
    const query = parseOrThrow(overviewQuerySchema, req.query, "period");
    const { from, before } = queries.period({ ...query, today: deps.clock.now() });
    const overview = await queries.overview({
      merchantId: context.session.merchantId,
      from,
      before,
      test: query.mode === "test",
    });
    const to = new Date(before.getTime() - 86_400_000);
    res.type("html").send(overviewPage({ context, overview, mode: query.mode, to }));
  });

  // ---- payments ----

  const filterOf = (req: Request) => parseOrThrow(paymentFilterSchema, req.query, "filter");

  router.get("/payments", async (req, res) => {
    const context = signedIn(res);
    const filter = filterOf(req);
    const after = decodeCursor(req.query.cursor);
    const merchantId = context.session.merchantId;
    const page = await queries.searchPayments(
      toSearch(merchantId, filter, { limit: PAGE_SIZE + 1, ...(after ? { after } : {}) }),
    );
    const payments = page.slice(0, PAGE_SIZE);
    const last = payments.at(-1);
    const tariffs = await store.shortCodes.listForMerchant(merchantId);
    res.type("html").send(
      paymentsPage({
        context,
        filter,
        payments,
        shortCodes: [...new Set(tariffs.map((tariff) => tariff.shortCode))].sort(),
        nextCursor: page.length > PAGE_SIZE && last ? encodeCursor(last) : null,
        firstPage: after === undefined,
      }),
    );
  });

  router.get("/payments.csv", async (req, res) => {
    const { session } = signedIn(res);
    const filter = filterOf(req);
    const day = deps.clock.now().toISOString().slice(0, 10);
    await streamPaymentsCsv(
      res,
      (page) => queries.searchPayments(toSearch(session.merchantId, filter, page)),
      `payments-${day}.csv`,
    );
  });

  const paymentView = async (res: Response, id: string) => {
    const context = signedIn(res);
    const payment = await deps.payments.get(context.session.merchantId, id);
    const [events, messages, money, refunds] = await Promise.all([
      store.payments.events(payment.id),
      store.outbound.listForPayment(payment.id),
      deps.settlements.money(payment),
      deps.refunds.list(context.session.merchantId, payment.id),
    ]);
    const paid = ["succeeded", "partially_refunded"].includes(payment.status);
    return {
      context,
      payment,
      phone: payment.phoneCipher ? maskPhone(deps.vault.open(payment.phoneCipher)) : null,
      events,
      messages: messages.map((m) => ({ ...m, to: maskPhone(deps.vault.open(m.toCipher)) })),
      money,
      refunds,
      refundable: paid
        ? Math.max(0, payment.amount - committedRefunds(refunds) - money.disputedAmount)
        : 0,
    };
  };

  router.get("/payments/:id", async (req, res) => {
    const view = await paymentView(res, idParam(req));
    const done = req.query.done === "refund" ? view.context.t("dashboard.refund.done") : undefined;
    res.type("html").send(paymentPage({ ...view, ...(done ? { done } : {}) }));
  });

  // Step one of a refund: the amount, then a page that asks to confirm it.
  router.post("/payments/:id/refund", ownerOnly, async (req, res) => {
    const view = await paymentView(res, idParam(req));
    const { t } = view.context;
    const text = field(req.body, "amount").trim().replace(",", ".");
    const amount = text === "" ? view.refundable : parseDecimalAmount(text, view.payment.currency);
    if (amount === undefined || amount <= 0 || amount > view.refundable) {
      return res
        .status(422)
        .type("html")
        .send(paymentPage({ ...view, error: t("dashboard.refund.bad_amount") }));
    }
    res.type("html").send(
      refundConfirmPage({
        context: view.context,
        payment: view.payment,
        amount,
        reason: optional(req.body, "reason"),
        method: refundMethodFor(view.payment.flow),
        idempotencyKey: randomUUID(),
      }),
    );
  });

  // Step two: the refund itself (the key makes a double submit one refund).
  router.post("/payments/:id/refunds", ownerOnly, async (req, res) => {
    const { session } = signedIn(res);
    const reason = optional(req.body, "reason");
    // The confirmation page's own key: anything else is not a confirmed refund.
    const key = field(req.body, "idempotencyKey");
    if (!/^[0-9a-f-]{36}$/.test(key)) {
      throw new SmspayError("invalid_request", "confirm the refund from its confirmation page", {
        fields: [{ path: "idempotencyKey", message: "missing or malformed" }],
      });
    }
    await deps.refunds.create({
      merchantId: session.merchantId,
      paymentId: idParam(req),
      body: { amount: Number(field(req.body, "amount")), ...(reason ? { reason } : {}) },
      idempotencyKey: `dashboard:${key}`,
    });
    res.redirect(303, `/dashboard/payments/${encodeURIComponent(idParam(req))}?done=refund`);
  });

  // ---- needs attention ----

  router.get("/attention", async (req, res) => {
    const context = signedIn(res);
    const merchantId = context.session.merchantId;
    const [items, dead] = await Promise.all([
      deps.attention.list(merchantId, { open: true, limit: 100 }),
      deps.deadLetters.list({ status: "dead", merchantId, limit: 100 }),
    ]);
    const done =
      req.query.done === "resolved"
        ? context.t("dashboard.attention.resolved")
        : req.query.done === "retried"
          ? context.t("dashboard.attention.retried")
          : undefined;
    res.type("html").send(attentionPage({ context, items, dead, ...(done ? { done } : {}) }));
  });

  router.post("/attention/:id/resolve", ownerOnly, async (req, res) => {
    const { session } = signedIn(res);
    await deps.attention.resolve(
      session.merchantId,
      idParam(req),
      optional(req.body, "resolution"),
    );
    res.redirect(303, "/dashboard/attention?done=resolved");
  });

  router.post("/effects/:id/retry", ownerOnly, async (req, res) => {
    const { session } = signedIn(res);
    await deps.deadLetters.replay({ id: idParam(req), merchantId: session.merchantId });
    res.redirect(303, "/dashboard/attention?done=retried");
  });

  // ---- settings ----

  const renderSettings = async (
    res: Response,
    extra: { done?: string; secret?: string; error?: string; status?: number } = {},
  ) => {
    const context = signedIn(res);
    const merchantId = context.session.merchantId;
    const merchant = await store.merchants.get(merchantId);
    if (!merchant) throw new SmspayError("not_found", "this merchant no longer exists");
    const [tariffs, endpoints, branding, connection] = await Promise.all([
      store.shortCodes.listForMerchant(merchantId),
      deps.webhookEndpoints.list(merchantId),
      deps.checkoutSettings.get(merchantId),
      store.platformConnections.get(merchantId),
    ]);
    const { status, ...messages } = extra;
    res
      .status(status ?? 200)
      .type("html")
      .send(
        settingsPage({
          context,
          merchant,
          tariffs,
          routing: deps.routing,
          endpoints,
          branding,
          platform: connection?.platform ?? null,
          ...messages,
        }),
      );
  };

  /** A refused change shows the settings again with the reason (400/422), changing nothing. */
  const refusedSettings = async (res: Response, error: unknown) => {
    if (!isSmspayError(error) || !["invalid_request", "limit_exceeded"].includes(error.code))
      throw error;
    const problem = toProblem(error, deps.log);
    await renderSettings(res, { error: problem.detail, status: problem.status });
  };

  router.get("/settings", async (req, res) => {
    const { t } = signedIn(res);
    const done = req.query.done === "saved" ? t("dashboard.settings.saved") : undefined;
    await renderSettings(res, done ? { done } : {});
  });

  router.post("/settings/branding", ownerOnly, async (req, res) => {
    const { session } = signedIn(res);
    try {
      await deps.checkoutSettings.updateBranding(session.merchantId, {
        brandColor: optional(req.body, "brandColor"),
        logoUrl: optional(req.body, "logoUrl"),
        defaultLocale: optional(req.body, "defaultLocale"),
      });
    } catch (error) {
      return refusedSettings(res, error);
    }
    res.redirect(303, "/dashboard/settings?done=saved");
  });

  router.post("/settings/webhooks", ownerOnly, async (req, res) => {
    const { session, t } = signedIn(res);
    const events = (req.body as Record<string, unknown>).events;
    const chosen = Array.isArray(events) ? events : typeof events === "string" ? [events] : [];
    try {
      const { secret } = await deps.webhookEndpoints.create(session.merchantId, {
        url: field(req.body, "url").trim(),
        ...(chosen.length > 0 ? { events: chosen } : {}),
      });
      // The secret's only appearance: this answer is not a redirect, and is never cached.
      await renderSettings(res, { done: t("dashboard.settings.webhook_added"), secret });
    } catch (error) {
      await refusedSettings(res, error);
    }
  });

  router.post("/settings/webhooks/:id/delete", ownerOnly, async (req, res) => {
    const { session } = signedIn(res);
    await deps.webhookEndpoints.remove(session.merchantId, idParam(req));
    res.redirect(303, "/dashboard/settings?done=saved");
  });

  // ---- API keys ----

  const renderKeys = async (
    res: Response,
    extra: Omit<Parameters<typeof apiKeysPage>[0], "context" | "keys"> & { status?: number } = {},
  ) => {
    const context = signedIn(res);
    const keys = await deps.apiKeys.list(context.session.merchantId);
    const { status, ...view } = extra;
    res
      .status(status ?? 200)
      .type("html")
      .send(apiKeysPage({ context, keys, ...view }));
  };

  router.get("/api-keys", async (req, res) => {
    const { t } = signedIn(res);
    await renderKeys(
      res,
      req.query.done === "revoked" ? { done: t("dashboard.keys.revoked") } : {},
    );
  });

  router.post("/api-keys", ownerOnly, async (req, res) => {
    const { session } = signedIn(res);
    try {
      const { record, apiKey } = await deps.apiKeys.create(session.merchantId, {
        name: field(req.body, "name"),
      });
      await renderKeys(res, { created: { name: record.name, apiKey } });
    } catch (error) {
      if (!isSmspayError(error) || error.code !== "invalid_request") throw error;
      await renderKeys(res, { error: error.message, status: 400 });
    }
  });

  router.post("/api-keys/:id/revoke", ownerOnly, async (req, res) => {
    const { session } = signedIn(res);
    await deps.apiKeys.revoke(session.merchantId, idParam(req));
    res.redirect(303, "/dashboard/api-keys?done=revoked");
  });

  router.use((req) => {
    throw new SmspayError("not_found", `no dashboard page ${req.path}`);
  });
  router.use(dashboardErrors(deps.log));
  return router;
}

/** Browsers get an error page; scripts and API clients get problem+json. */
function dashboardErrors(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const problem = toProblem(error, log);
    const context = contextOf(res);
    if (context && req.accepts(["json", "html"]) === "html") {
      if (problem.retryAfterSeconds !== undefined)
        res.set("Retry-After", String(problem.retryAfterSeconds));
      res.status(problem.status).type("html").send(errorPage(context, problem));
      return;
    }
    sendProblem(res, problem);
  };
}

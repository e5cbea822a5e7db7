// The Shopify payments app, composed: OAuth install (shopify-api, sessions in
// our database through the Prisma session storage), the shop owner's pages,
// the payments extension's session endpoints, the buyer's way back, and the
// webhooks. The server mounts `router` under /shopify and registers
// `adapterFactory` as the "shopify" platform.

import "@shopify/shopify-api/adapters/node";
import type { PrismaClient as ClassicPrismaClient } from "@prisma/client";
import {
  type ApiVersion as LibraryApiVersion,
  LogSeverity,
  ShopifyError,
  shopifyApi,
} from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { type CoreDeps, type PaymentService, type RefundService, SmspayError } from "@smspay/core";
import type { PrismaClient } from "@smspay/db";
import express, { type Request, type Response, Router } from "express";
import type { AppLog } from "./app-log.ts";
import { homePage, installPage, waitPage } from "./app-pages.ts";
import { BuyerReturn } from "./buyer-return.ts";
import { requireShopifyClientCert } from "./client-cert.ts";
import { FollowUpSessions } from "./follow-up-sessions.ts";
import { Onboarding } from "./onboarding.ts";
import { PaymentSessions } from "./payment-sessions.ts";
import { PaymentsAppsClient, type ShopOrigin } from "./payments-client.ts";
import { Privacy } from "./privacy.ts";
import { parseSessionHeaders } from "./session-requests.ts";
import { ShopInstaller } from "./shop-installer.ts";
import { shopTransaction } from "./shop-transaction.ts";
import type { ShopifyAdapter } from "./shopify-adapter.ts";
import type { ShopifyAppConfig } from "./shopify-config.ts";
import {
  openShopifyConnection,
  sealShopifyConnection,
  shopifyAdapterFactory,
} from "./shopify-connection.ts";
import { type ShopifyShop, shopifyStore } from "./shopify-store.ts";
import { ShopifyWebhooks } from "./shopify-webhooks.ts";

export const SHOPIFY_SCOPES = ["write_payment_gateways", "write_payment_sessions"];

export type ShopifyAppDeps = {
  readonly config: ShopifyAppConfig;
  readonly prisma: PrismaClient;
  readonly core: CoreDeps;
  readonly payments: PaymentService;
  readonly refunds: RefundService;
  /** Where the checkout pages are published. */
  readonly publicUrl: string;
  /** Whether this server runs the sandbox operator. */
  readonly sandbox: boolean;
  readonly log: AppLog;
  /** The most one call to Shopify's Payments Apps API may take (default 10 s). */
  readonly timeoutMs?: number;
};

export type ShopifyApp = {
  readonly router: Router;
  /** The platform registry's factory for "shopify". */
  readonly adapterFactory: ReturnType<typeof shopifyAdapterFactory>;
};

// Shopify recommends pending sessions end within 3 days; the reconciler looks
// at a payment stuck in processing long before that.
const PENDING_FOR_MS = 24 * 3600_000;

export function createShopifyApp(deps: ShopifyAppDeps): ShopifyApp {
  const { config, core, log } = deps;
  const origin = config.origin ? { origin: config.origin } : {};
  if (config.origin) routeShopTraffic(config.origin);
  const api = shopifyApi({
    apiKey: config.apiKey,
    apiSecretKey: config.apiSecret,
    scopes: SHOPIFY_SCOPES,
    hostName: config.appUrl.host,
    hostScheme: config.appUrl.protocol === "http:" ? "http" : "https",
    isEmbeddedApp: false,
    apiVersion: config.apiVersion as LibraryApiVersion,
    logger: {
      level: LogSeverity.Warning,
      log: async (_severity, message) => log.warn({}, `shopify-api: ${message}`),
    },
  });
  // The storage only uses the `session` model, the same in smspay's client and
  // in the classic @prisma/client its types name.
  const sessionStorage = new PrismaSessionStorage(deps.prisma as unknown as ClassicPrismaClient);
  const shopify = shopifyStore(deps.prisma);
  const transaction = shopTransaction(deps.prisma);
  const adapterFactory = shopifyAdapterFactory({
    shopify,
    core: core.store,
    ...origin,
    ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
  });
  const connectionOf = async (merchantId: string) => {
    const connection = await core.store.platformConnections.get(merchantId);
    return connection && openShopifyConnection(core.vault, connection);
  };
  const adapterFor = async (merchantId: string): Promise<ShopifyAdapter | undefined> => {
    const connection = await connectionOf(merchantId);
    return connection && adapterFactory(connection, { merchantId, log });
  };

  const appUrl = config.appUrl.href.replace(/\/$/, "");
  const sessions = new PaymentSessions({
    core,
    payments: deps.payments,
    shopify,
    appUrl,
    publicUrl: deps.publicUrl,
    sandbox: deps.sandbox,
  });
  const followUps = new FollowUpSessions({
    core,
    payments: deps.payments,
    refunds: deps.refunds,
    shopify,
    sessions,
  });
  const installer = new ShopInstaller({
    transaction,
    sessions: sessionStorage,
    seal: (_merchantId, connection) => sealShopifyConnection(core.vault, connection),
    clock: core.clock,
    log,
  });
  const webhooks = new ShopifyWebhooks({
    secret: config.apiSecret,
    installer,
    privacy: new Privacy({
      shopify,
      transaction,
      installer,
      vault: core.vault,
      clock: core.clock,
      log,
    }),
    log,
  });
  const onboarding = new Onboarding({
    core,
    shopify,
    sandbox: deps.sandbox,
    apiVersion: config.apiVersion,
    clientFor: async (merchantId) => {
      const connection = await connectionOf(merchantId);
      return connection && new PaymentsAppsClient(connection, origin);
    },
  });
  const buyerReturn = new BuyerReturn({
    shopify,
    sessions,
    adapterFor,
    publicUrl: deps.publicUrl,
    clock: core.clock,
    log,
    pendingAfterMs: config.pendingAfterMs,
    pendingForMs: PENDING_FOR_MS,
  });

  /** The shop whose owner is signed in (the OAuth session cookie), if any. */
  const signedInShop = async (req: Request, res: Response): Promise<ShopifyShop | undefined> => {
    const id = await api.session.getCurrentId({
      isOnline: false,
      rawRequest: req,
      rawResponse: res,
    });
    const session = id ? await sessionStorage.loadSession(id) : undefined;
    const shop = session && (await shopify.getShop(session.shop));
    return shop?.installed ? shop : undefined;
  };
  const renderHome = async (
    res: Response,
    shop: ShopifyShop,
    notice?: { kind: "saved" | "error"; text: string },
  ) => {
    const [tariffs, payments, dataRequests] = await Promise.all([
      core.store.shortCodes.listForMerchant(shop.merchantId),
      deps.payments.list({ merchantId: shop.merchantId, limit: 50 }),
      shopify.dataRequests({ merchantId: shop.merchantId, limit: 20 }),
    ]);
    res
      .status(notice?.kind === "error" ? 400 : 200)
      .type("html")
      .send(
        homePage({
          shop,
          tariffs,
          payments,
          dataRequests,
          sandboxAvailable: deps.sandbox,
          ...(notice ? { notice } : {}),
        }),
      );
  };

  const router = Router();
  // Webhooks first: raw body only, HMAC checked before anything reads it.
  router.post("/webhooks", express.raw({ type: "*/*", limit: "1mb" }), async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const status = await webhooks.receive({ header: (name) => req.get(name), rawBody });
    res.status(status).end();
  });

  // The payments extension's session URLs (Shopify -> app, mTLS).
  const sessionRequest = [
    requireShopifyClientCert(config.clientCert),
    express.json({ limit: "64kb" }),
  ];
  const headersOf = (req: Request) => parseSessionHeaders((name) => req.get(name));
  router.post("/payment-sessions", ...sessionRequest, async (req, res) => {
    const { redirectUrl } = await sessions.start(headersOf(req), req.body);
    res.status(201).json({ redirect_url: redirectUrl });
  });
  router.post("/refund-sessions", ...sessionRequest, async (req, res) => {
    await followUps.refund(headersOf(req), req.body);
    res.status(201).end();
  });
  router.post("/capture-sessions", ...sessionRequest, async (req, res) => {
    await followUps.capture(headersOf(req), req.body);
    res.status(201).end();
  });
  router.post("/void-sessions", ...sessionRequest, async (req, res) => {
    await followUps.void(headersOf(req), req.body);
    res.status(201).end();
  });

  // Install (OAuth, offline token), then the shop owner's home page.
  router.get("/auth", async (req, res) => {
    const shop = api.utils.sanitizeShop(String(req.query.shop ?? ""));
    if (!shop) {
      res.status(400).type("html").send(installPage("That is not a myshopify.com shop domain."));
      return;
    }
    await api.auth.begin({
      shop,
      callbackPath: "/shopify/auth/callback",
      isOnline: false,
      rawRequest: req,
      rawResponse: res,
    });
  });
  router.get("/auth/callback", async (req, res) => {
    let callback: Awaited<ReturnType<typeof api.auth.callback>>;
    try {
      callback = await api.auth.callback({ rawRequest: req, rawResponse: res });
    } catch (error) {
      if (!(error instanceof ShopifyError)) throw error;
      log.warn({ err: error }, "Shopify OAuth callback refused");
      res
        .status(400)
        .type("html")
        .send(installPage("The installation could not be verified: start again."));
      return;
    }
    await installer.installed(callback.session);
    res.set(callback.headers as Record<string, string | string[]>).redirect(303, "/shopify/app");
  });
  router.get("/app", async (req, res) => {
    const shop = await signedInShop(req, res);
    if (!shop) {
      res.type("html").send(installPage());
      return;
    }
    await renderHome(res, shop);
  });
  router.post(
    "/app/settings",
    express.urlencoded({ extended: false, limit: "8kb" }),
    async (req, res) => {
      const origin = req.get("origin");
      if (origin !== undefined && origin !== config.appUrl.origin) {
        throw new SmspayError("unauthorized", "the form was not sent from the app's own page");
      }
      const shop = await signedInShop(req, res);
      if (!shop) throw new SmspayError("unauthorized", "sign in through Shopify first");
      const saved = await onboarding.save(shop, req.body);
      const current = (await shopify.getShop(shop.shop)) ?? shop;
      await renderHome(
        res,
        current,
        saved.ok
          ? { kind: "saved", text: "Saved: SMS payments are ready in Shopify." }
          : { kind: "error", text: saved.error },
      );
    },
  );

  // The buyer's way back from the checkout to Shopify.
  router.get("/return/:shop/:id", async (req, res) => {
    const step = await buyerReturn.next(req.params.shop, req.params.id);
    if (!step) throw new SmspayError("not_found", "no such payment session");
    if ("redirect" in step) {
      res.redirect(303, step.redirect);
      return;
    }
    res.set("cache-control", "no-store").type("html").send(waitPage(step.wait, step.cancelUrl));
  });

  return { router, adapterFactory };
}

/**
 * Tests only: shopify-api calls https://{shop}/admin/oauth/... itself; send
 * those calls where `origin` says (the fake Shopify). The library keeps its
 * fetch function process-wide.
 */
function routeShopTraffic(origin: ShopOrigin): void {
  setAbstractFetchFunc((input, init) => {
    const url = new URL(String(input));
    const target = url.hostname.endsWith(".myshopify.com")
      ? `${origin(url.hostname)}${url.pathname}${url.search}`
      : url.href;
    return fetch(target, init);
  });
}

// The HTTP surface: routes wired to services, nothing more.

import type {
  AttentionService,
  CarrierBillingFlow,
  DeadLetters,
  DisputeService,
  NotificationService,
  OtpCountrySettings,
  PaymentService,
  PublisherSettings,
  RefundService,
  SettlementService,
  Store,
  WebhookEndpoints,
} from "@smspay/core";
import type { SandboxOperator } from "@smspay/sms";
import express, { type Express, type Router } from "express";
import { type DashboardDeps, dashboardRoutes } from "./dashboard/dashboard-routes.ts";
import { apiKeyAuth } from "./http/auth.ts";
import { problemHandler, sendProblem } from "./http/problem.ts";
import type { Logger } from "./logger.ts";
import type { PlatformRegistry } from "./platform-registry.ts";
import { attentionRoutes } from "./routes/attention.ts";
import { type CheckoutServices, checkoutRoutes } from "./routes/checkout.ts";
import { checkoutSettingsApi } from "./routes/checkout-settings.ts";
import { disputeRoutes } from "./routes/disputes.ts";
import { effectRoutes } from "./routes/effects.ts";
import { merchantApi } from "./routes/merchant-api.ts";
import { notificationRoutes } from "./routes/notifications.ts";
import { openApiRoutes } from "./routes/openapi.ts";
import { platformConnectionRoutes } from "./routes/platform-connection.ts";
import { refundRoutes } from "./routes/refunds.ts";
import { sandboxRoutes } from "./routes/sandbox.ts";
import { settlementRoutes } from "./routes/settlements.ts";
import { smsSettingsRoutes } from "./routes/sms-settings.ts";
import { type SmsWebhookDeps, smsWebhookRoutes } from "./routes/sms-webhooks.ts";
import { ssoTokenRoutes } from "./routes/sso.ts";
import { webhookEndpointRoutes } from "./routes/webhook-endpoints.ts";

export type AppDeps = {
  readonly store: Store;
  readonly payments: PaymentService;
  readonly carrierBilling: CarrierBillingFlow;
  readonly vault: { open(sealed: string): string };
  readonly sandbox: SandboxOperator | undefined;
  readonly webhookEndpoints: WebhookEndpoints;
  readonly refunds: RefundService;
  readonly disputes: DisputeService;
  readonly settlements: SettlementService;
  readonly attention: AttentionService;
  readonly deadLetters: DeadLetters;
  readonly platforms: PlatformRegistry;
  readonly checkout: CheckoutServices;
  readonly notifications: NotificationService;
  readonly smsSettings: { publisher: PublisherSettings; otpCountries: OtpCountrySettings };
  /** SMS providers' webhooks (/webhooks/sms/:transport). */
  readonly smsWebhooks: Omit<SmsWebhookDeps, "publicUrl" | "log">;
  /** The merchant's dashboard (/dashboard) and its single sign-on (/v1/sso-tokens). */
  readonly dashboard: DashboardDeps;
  readonly publicUrl: string;
  readonly log: Logger;
  /** Whether the database answers (for /ready). */
  readonly ping: () => Promise<void>;
  /** The Shopify payments app (/shopify), when configured. */
  readonly shopify?: Router;
};

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  // Before express.json(): these routes verify signatures over the raw body.
  app.use(
    "/webhooks/sms",
    smsWebhookRoutes({ ...deps.smsWebhooks, publicUrl: deps.publicUrl, log: deps.log }),
  );
  // The Shopify app parses its own bodies (raw for its signed webhooks).
  if (deps.shopify) app.use("/shopify", deps.shopify);
  app.use(express.json({ limit: "32kb" }));

  app.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/ready", async (_req, res) => {
    try {
      await deps.ping();
      res.json({ status: "ready" });
    } catch (error) {
      deps.log.warn({ err: error }, "not ready: database unreachable");
      sendProblem(res, {
        status: 503,
        code: "service_unavailable",
        detail: "the database is unreachable",
      });
    }
  });

  app.use(
    "/v1",
    apiKeyAuth(deps.store),
    merchantApi({
      payments: deps.payments,
      settlements: deps.settlements,
      publicUrl: deps.publicUrl,
    }),
    refundRoutes(deps.refunds),
    disputeRoutes(deps.disputes),
    settlementRoutes(deps.settlements),
    attentionRoutes(deps.attention),
    webhookEndpointRoutes(deps.webhookEndpoints),
    effectRoutes(deps.deadLetters),
    platformConnectionRoutes({ store: deps.store, platforms: deps.platforms }),
    checkoutSettingsApi(deps.checkout.settings),
    notificationRoutes(deps.notifications),
    smsSettingsRoutes(deps.smsSettings),
    ssoTokenRoutes({ sso: deps.dashboard.sso, store: deps.store, publicUrl: deps.publicUrl }),
  );
  app.use("/dashboard", dashboardRoutes(deps.dashboard));
  app.use(openApiRoutes());
  app.use("/pay", checkoutRoutes(deps));
  if (deps.sandbox) app.use("/sandbox", sandboxRoutes({ ...deps, operator: deps.sandbox }));
  app.get("/", (_req, res) => {
    res.redirect(deps.sandbox ? "/sandbox" : "/health");
  });

  app.use((req, res) => {
    sendProblem(res, {
      status: 404,
      code: "not_found",
      detail: `no route for ${req.method} ${req.path}`,
    });
  });
  app.use(problemHandler(deps.log));
  return app;
}

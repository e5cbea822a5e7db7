// The HTTP surface: routes wired to services, nothing more.

import type { CarrierBillingFlow, PaymentService, Store } from "@smspay/core";
import type { SandboxOperator } from "@smspay/sms";
import express, { type Express } from "express";
import { apiKeyAuth } from "./http/auth.ts";
import { problemHandler, sendProblem } from "./http/problem.ts";
import type { Logger } from "./logger.ts";
import { checkoutRoutes } from "./routes/checkout.ts";
import { merchantApi } from "./routes/merchant-api.ts";
import { sandboxRoutes } from "./routes/sandbox.ts";

export type AppDeps = {
  readonly store: Store;
  readonly payments: PaymentService;
  readonly carrierBilling: CarrierBillingFlow;
  readonly vault: { open(sealed: string): string };
  readonly sandbox: SandboxOperator | undefined;
  readonly publicUrl: string;
  readonly log: Logger;
  /** Whether the database answers (for /ready). */
  readonly ping: () => Promise<void>;
};

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
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
    merchantApi({ payments: deps.payments, publicUrl: deps.publicUrl }),
  );
  app.use("/pay", checkoutRoutes(deps));
  if (deps.sandbox) app.use("/sandbox", sandboxRoutes(deps.sandbox));
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

// Merchant API: webhook endpoints (/v1/webhook-endpoints). The secret appears
// in the creation answer only.

import type { WebhookEndpoint, WebhookEndpoints } from "@smspay/core";
import { Router } from "express";
import { merchantOf } from "../http/auth.ts";

function endpointResource(endpoint: WebhookEndpoint) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    createdAt: endpoint.createdAt.toISOString(),
  };
}

export function webhookEndpointRoutes(endpoints: WebhookEndpoints): Router {
  const router = Router();

  router.post("/webhook-endpoints", async (req, res) => {
    const { endpoint, secret } = await endpoints.create(merchantOf(res.locals).id, req.body);
    res.status(201).json({ ...endpointResource(endpoint), secret });
  });

  router.get("/webhook-endpoints", async (_req, res) => {
    const list = await endpoints.list(merchantOf(res.locals).id);
    res.json({ data: list.map(endpointResource) });
  });

  router.delete("/webhook-endpoints/:id", async (req, res) => {
    await endpoints.remove(merchantOf(res.locals).id, req.params.id);
    res.status(204).end();
  });

  return router;
}

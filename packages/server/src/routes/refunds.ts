// Merchant API: refunds of a payment (shared/webhooks.md "Refunds through the API").

import { type RefundService, refundResource } from "@smspay/core";
import { Router } from "express";
import { merchantOf } from "../http/auth.ts";
import { requireIdempotencyKey } from "../http/idempotency-key.ts";

export function refundRoutes(refunds: RefundService): Router {
  const router = Router();

  router.post("/payments/:id/refunds", async (req, res) => {
    const { refund, replayed } = await refunds.create({
      merchantId: merchantOf(res.locals).id,
      paymentId: req.params.id,
      body: req.body,
      idempotencyKey: requireIdempotencyKey(req),
    });
    if (replayed) res.set("Idempotent-Replayed", "true");
    res.status(201).json(refundResource(refund));
  });

  router.get("/payments/:id/refunds", async (req, res) => {
    const list = await refunds.list(merchantOf(res.locals).id, req.params.id);
    res.json({ data: list.map(refundResource) });
  });

  return router;
}

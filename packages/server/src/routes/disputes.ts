// Merchant API: operator voids of a payment, reported by the merchant's back
// office (transports report theirs through DisputeService.recordOperatorVoid).

import { type DisputeService, disputeResource } from "@smspay/core";
import { Router } from "express";
import { merchantOf } from "../http/auth.ts";
import { readIdempotencyKey } from "../http/idempotency-key.ts";

export function disputeRoutes(disputes: DisputeService): Router {
  const router = Router();

  router.post("/payments/:id/disputes", async (req, res) => {
    const key = readIdempotencyKey(req);
    const { dispute, replayed } = await disputes.reportByMerchant({
      merchantId: merchantOf(res.locals).id,
      paymentId: req.params.id,
      body: req.body,
      ...(key === undefined ? {} : { idempotencyKey: key }),
    });
    if (replayed) res.set("Idempotent-Replayed", "true");
    res.status(201).json(disputeResource(dispute));
  });

  router.get("/payments/:id/disputes", async (req, res) => {
    const list = await disputes.list(merchantOf(res.locals).id, req.params.id);
    res.json({ data: list.map(disputeResource) });
  });

  return router;
}

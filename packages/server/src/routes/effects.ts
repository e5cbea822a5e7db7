// Merchant API: the outbox effects of the merchant's payments (/v1/effects),
// to see what could not be delivered and send it again once fixed.

import { type DeadLetters, EFFECT_STATUSES, type EffectRecord, SmspayError } from "@smspay/core";
import { Router } from "express";
import { z } from "zod";
import { merchantOf } from "../http/auth.ts";

export const listQuery = z.object({
  status: z.enum(EFFECT_STATUSES).default("dead"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export function effectResource(effect: EffectRecord) {
  return {
    id: effect.id,
    kind: effect.kind,
    payload: effect.payload,
    status: effect.status,
    attempts: effect.attempts,
    lastError: effect.lastError,
    paymentId: effect.paymentId,
    createdAt: effect.createdAt.toISOString(),
    nextAttemptAt: effect.status === "pending" ? effect.nextAttemptAt.toISOString() : null,
    doneAt: effect.doneAt?.toISOString() ?? null,
  };
}

export function effectRoutes(deadLetters: DeadLetters): Router {
  const router = Router();

  router.get("/effects", async (req, res) => {
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) {
      throw new SmspayError("invalid_request", "invalid query", {
        fields: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      });
    }
    const effects = await deadLetters.list({
      ...parsed.data,
      merchantId: merchantOf(res.locals).id,
    });
    res.json({ data: effects.map(effectResource) });
  });

  router.post("/effects/:id/replay", async (req, res) => {
    const effect = await deadLetters.replay({
      id: req.params.id,
      merchantId: merchantOf(res.locals).id,
    });
    res.json(effectResource(effect));
  });

  return router;
}

// Merchant API: the needs-attention list (/v1/attention): drift the
// reconciler and the settlement import found and a person must settle.

import { type AttentionService, attentionResource, parseOrThrow } from "@smspay/core";
import { Router } from "express";
import { z } from "zod";
import { merchantOf } from "../http/auth.ts";

export const listQuery = z.object({
  status: z.enum(["open", "resolved"]).default("open"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const resolveBody = z
  .object({ resolution: z.string().trim().min(1).max(500).optional() })
  .strict();

export function attentionRoutes(attention: AttentionService): Router {
  const router = Router();

  router.get("/attention", async (req, res) => {
    const query = parseOrThrow(listQuery, req.query, "query");
    const items = await attention.list(merchantOf(res.locals).id, {
      open: query.status === "open",
      limit: query.limit,
    });
    res.json({ data: items.map(attentionResource) });
  });

  router.post("/attention/:id/resolve", async (req, res) => {
    const body = parseOrThrow(resolveBody, req.body ?? {}, "resolution");
    const item = await attention.resolve(
      merchantOf(res.locals).id,
      req.params.id,
      body.resolution ?? null,
    );
    res.json(attentionResource(item));
  });

  return router;
}

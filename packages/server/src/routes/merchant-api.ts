// The merchant API (/v1). Handlers only translate HTTP to service calls.

import {
  isPaymentStatus,
  type PaymentService,
  type SettlementService,
  SmspayError,
} from "@smspay/core";
import { Router } from "express";
import { z } from "zod";
import { merchantOf } from "../http/auth.ts";
import { readIdempotencyKey } from "../http/idempotency-key.ts";
import { eventResource, paymentResource } from "./payment-resource.ts";
import { moneyResource } from "./settlements.ts";

/** Also the OpenAPI document's (routes/openapi.ts). */
export const listQuery = z.object({
  status: z.string().refine(isPaymentStatus, "must be a payment status").optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export function merchantApi(options: {
  payments: PaymentService;
  settlements: SettlementService;
  publicUrl: string;
}): Router {
  const { payments, settlements, publicUrl } = options;
  const router = Router();

  router.post("/payments", async (req, res) => {
    const merchant = merchantOf(res.locals);
    const key = readIdempotencyKey(req);
    const { payment, replayed } = await payments.create(merchant, req.body, key);
    if (replayed) res.set("Idempotent-Replayed", "true");
    res.status(201).json(paymentResource(payment, publicUrl));
  });

  router.get("/payments", async (req, res) => {
    const merchant = merchantOf(res.locals);
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) {
      throw new SmspayError("invalid_request", "invalid query", {
        fields: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      });
    }
    const { status, limit, cursor } = parsed.data;
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const page = await payments.list({
      merchantId: merchant.id,
      limit: limit + 1,
      ...(status && isPaymentStatus(status) ? { status } : {}),
      ...(after ? { after } : {}),
    });
    const data = page.slice(0, limit);
    const last = data.at(-1);
    res.json({
      data: data.map((p) => paymentResource(p, publicUrl)),
      nextCursor: page.length > limit && last ? encodeCursor(last) : null,
    });
  });

  router.get("/payments/:id", async (req, res) => {
    const payment = await payments.get(merchantOf(res.locals).id, req.params.id);
    // Only here, not in lists: the money takes a few more queries per payment.
    const money = moneyResource(await settlements.money(payment));
    res.json({ ...paymentResource(payment, publicUrl), ...money });
  });

  router.post("/payments/:id/cancel", async (req, res) => {
    const payment = await payments.cancel(merchantOf(res.locals).id, req.params.id, "merchant");
    res.json(paymentResource(payment, publicUrl));
  });

  router.get("/payments/:id/events", async (req, res) => {
    const events = await payments.events(merchantOf(res.locals).id, req.params.id);
    res.json({ data: events.map(eventResource) });
  });

  return router;
}

function encodeCursor(payment: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([payment.createdAt.toISOString(), payment.id])).toString(
    "base64url",
  );
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = z
      .tuple([z.iso.datetime(), z.string().min(1)])
      .parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { createdAt: new Date(at), id };
  } catch {
    throw new SmspayError("invalid_request", "invalid cursor", {
      fields: [{ path: "cursor", message: "use nextCursor as given" }],
    });
  }
}

// Merchant API: SMS notifications to customers (/v1/notifications). The rules
// (consent, opt-outs, one reminder per payment) live in the core's
// NotificationService; this only speaks HTTP.

import type { Notification, NotificationService } from "@smspay/core";
import { Router } from "express";
import { merchantOf } from "../http/auth.ts";
import { readIdempotencyKey } from "../http/idempotency-key.ts";

function notificationResource(notification: Notification) {
  return {
    id: notification.id,
    type: notification.type,
    status: notification.status,
    paymentId: notification.paymentId,
    orderRef: notification.orderRef,
    phoneLast4: notification.phoneLast4,
    createdAt: notification.createdAt.toISOString(),
  };
}

export function notificationRoutes(notifications: NotificationService): Router {
  const router = Router();

  router.post("/notifications", async (req, res) => {
    const { notification, replayed } = await notifications.send(
      merchantOf(res.locals),
      req.body,
      readIdempotencyKey(req),
    );
    if (replayed) res.set("Idempotent-Replayed", "true");
    res.status(202).json(notificationResource(notification));
  });

  router.get("/notifications/:id", async (req, res) => {
    const notification = await notifications.get(merchantOf(res.locals).id, req.params.id);
    res.json(notificationResource(notification));
  });

  return router;
}

// The merchant's checkout settings over the API (/v1/checkout-settings): the
// page's branding and language, and the key that signs the customer's return
// to the shop (shared/webhooks.md, "Return URL").

import type { CheckoutSettings, CheckoutSettingsService } from "@smspay/core";
import { Router } from "express";
import { merchantOf } from "../http/auth.ts";

export function checkoutSettingsApi(settings: CheckoutSettingsService): Router {
  const router = Router();

  const resource = async (merchantId: string, current: CheckoutSettings) => ({
    brandColor: current.brandColor,
    logoUrl: current.logoUrl,
    defaultLocale: current.defaultLocale,
    returnUrlKey: await settings.returnKey(merchantId),
  });

  router.get("/checkout-settings", async (_req, res) => {
    const { id } = merchantOf(res.locals);
    res.set("Cache-Control", "no-store").json(await resource(id, await settings.get(id)));
  });

  router.patch("/checkout-settings", async (req, res) => {
    const { id } = merchantOf(res.locals);
    const updated = await settings.updateBranding(id, req.body);
    res.set("Cache-Control", "no-store").json(await resource(id, updated));
  });

  return router;
}

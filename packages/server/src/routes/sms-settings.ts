// Merchant API: a merchant's SMS settings. The publisher identity is what HELP
// and CONTACT answer on the merchant's own short codes; the OTP countries are
// where its carrier-billing PINs may go (the abuse guard).

import type { OtpCountrySettings, PublisherSettings } from "@smspay/core";
import { Router } from "express";
import { merchantOf } from "../http/auth.ts";

export function smsSettingsRoutes(settings: {
  publisher: PublisherSettings;
  otpCountries: OtpCountrySettings;
}): Router {
  const router = Router();

  router.get("/settings/publisher", async (req, res) => {
    const shortCode = typeof req.query.shortCode === "string" ? req.query.shortCode : undefined;
    const identity = await settings.publisher.get(merchantOf(res.locals).id, shortCode);
    res.json({ publisher: identity ?? null });
  });

  router.put("/settings/publisher", async (req, res) => {
    const identity = await settings.publisher.set(merchantOf(res.locals).id, req.body);
    res.json({ publisher: identity });
  });

  router.get("/settings/otp-countries", async (_req, res) => {
    res.json(await settings.otpCountries.get(merchantOf(res.locals).id));
  });

  router.put("/settings/otp-countries", async (req, res) => {
    res.json(await settings.otpCountries.set(merchantOf(res.locals).id, req.body));
  });

  return router;
}

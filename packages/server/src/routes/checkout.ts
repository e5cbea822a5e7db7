// The customer-facing checkout at /pay/:id. Forms post plain HTML (works with
// JavaScript off); JSON clients get JSON and problem+json errors.

import {
  type CarrierBillingFlow,
  isSmspayError,
  maskPhone,
  type Payment,
  type PaymentService,
  SmspayError,
  type Store,
} from "@smspay/core";
import express, { type Request, type Response, Router } from "express";
import { checkoutPage } from "../views/checkout-page.ts";

export type CheckoutDeps = {
  readonly store: Store;
  readonly payments: PaymentService;
  readonly carrierBilling: CarrierBillingFlow;
  readonly vault: { open(sealed: string): string };
};

export function checkoutRoutes(deps: CheckoutDeps): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: "4kb" }));

  const load = async (id: string): Promise<{ payment: Payment; merchantName: string }> => {
    const payment = await deps.store.payments.getById(id);
    if (!payment) throw new SmspayError("not_found", "no such payment");
    const merchant = await deps.store.merchants.get(payment.merchantId);
    return { payment, merchantName: merchant?.name ?? "" };
  };

  const render = async (
    res: Response,
    id: string,
    extra: { error?: string; status?: number } = {},
  ) => {
    const view = await load(id);
    const challenge = view.payment.flow === "otp" ? await deps.store.otp.get(id) : undefined;
    const pinSentTo =
      challenge && !challenge.verifiedAt
        ? maskPhone(deps.vault.open(challenge.phoneCipher))
        : undefined;
    res
      .status(extra.status ?? 200)
      .set("Cache-Control", "no-store")
      .type("html")
      .send(
        checkoutPage({
          ...view,
          ...(extra.error ? { error: extra.error } : {}),
          ...(pinSentTo ? { pinSentTo } : {}),
        }),
      );
  };

  router.get("/:id", async (req, res) => render(res, req.params.id));

  router.get("/:id/status", async (req, res) => {
    const { payment } = await load(req.params.id);
    res.set("Cache-Control", "no-store").json({
      status: payment.status,
      failureCode: payment.failureCode,
      ...(payment.status === "succeeded" ? { returnUrl: payment.returnUrl } : {}),
    });
  });

  router.post("/:id/pin", async (req, res) => {
    const phone = String(req.body?.phone ?? "");
    const country = typeof req.body?.country === "string" ? req.body.country : undefined;
    await answer(
      req,
      res,
      () => deps.carrierBilling.requestPin(req.params.id as string, phone, country),
      render,
    );
  });

  router.post("/:id/pin/verify", async (req, res) => {
    const pin = String(req.body?.pin ?? "");
    await answer(
      req,
      res,
      async () => ({
        status: (await deps.carrierBilling.verifyPin(req.params.id as string, pin)).payment.status,
      }),
      render,
    );
  });

  router.get("/:id/cancel", async (req, res) => {
    const { payment } = await load(req.params.id);
    if (payment.status === "pending")
      await deps.payments.cancel(payment.merchantId, payment.id, "customer");
    res.redirect(303, payment.cancelUrl ?? payment.returnUrl);
  });

  return router;
}

/** JSON callers get the result or a problem; form posts get the page again. */
async function answer(
  req: Request,
  res: Response,
  action: () => Promise<unknown>,
  render: (res: Response, id: string, extra?: { error?: string; status?: number }) => Promise<void>,
): Promise<void> {
  const id = req.params.id as string;
  const wantsJson = Boolean(req.is("application/json"));
  try {
    const result = await action();
    if (wantsJson) {
      res.json(result);
      return;
    }
    res.redirect(303, `/pay/${id}`);
  } catch (error) {
    if (wantsJson || !isSmspayError(error) || error.code === "not_found") throw error;
    await render(res, id, { error: error.message, status: 400 });
  }
}

// The sandbox: virtual phones talking to the built-in fake operator, and a
// demo shop that takes SMS payments through the real checkout. Mounted only
// when the sandbox is on (never in production unless enabled explicitly).

import {
  type Merchant,
  MerchantService,
  type PaymentService,
  parseOrThrow,
  SmspayError,
  type Store,
  verifyReturnSignature,
} from "@smspay/core";
import type { SandboxOperator } from "@smspay/sms";
import { SANDBOX_PIN_SENDER, SANDBOX_TARIFFS } from "@smspay/sms";
import express, { Router } from "express";
import { z } from "zod";
import { sandboxPage } from "../views/sandbox-page.ts";
import { DEFAULT_SANDBOX_PHONE } from "../views/sandbox-phone.ts";
import {
  DEMO_PRODUCTS,
  demoPaymentPage,
  demoShopPage,
  demoThanksPage,
} from "../views/sandbox-shop-page.ts";
import type { CheckoutServices } from "./checkout.ts";

const moSchema = z
  .object({
    from: z.string().min(3).max(32),
    to: z.string().regex(/^\d{3,8}$/, "must be a short code"),
    text: z.string().min(1).max(918),
    messageId: z.string().min(1).max(100).optional(),
  })
  .strict();

const purchaseSchema = z.object({
  product: z.enum(DEMO_PRODUCTS.map((p) => p.id) as [string, ...string[]]),
  lang: z.string().max(8).optional(),
  phone: z.string().max(32).optional(),
  express: z.literal("yes").optional(),
});

export const DEMO_MERCHANT_NAME = "Demo shop";

export type SandboxDeps = {
  readonly operator: SandboxOperator;
  readonly store: Store;
  readonly payments: PaymentService;
  readonly checkout: CheckoutServices;
  readonly publicUrl: string;
};

export function sandboxRoutes(deps: SandboxDeps): Router {
  const { operator, store, payments, checkout, publicUrl } = deps;
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: "4kb" }));
  const shortCodes = SANDBOX_TARIFFS.map((t) => t.shortCode);

  // The demo shop is an ordinary merchant, created on first use and found by
  // name afterwards (also after a restart on the same database).
  let demoMerchant: Promise<Merchant> | undefined;
  const demo = (): Promise<Merchant> => {
    demoMerchant ??= (async () => {
      const existing = (await store.merchants.list()).find((m) => m.name === DEMO_MERCHANT_NAME);
      if (existing) return existing;
      return (await new MerchantService(store).create({ name: DEMO_MERCHANT_NAME })).merchant;
    })().catch((error: unknown) => {
      demoMerchant = undefined;
      throw error;
    });
    return demoMerchant;
  };

  router.get("/", (_req, res) => {
    res.type("html").send(sandboxPage(SANDBOX_TARIFFS));
  });

  router.post("/sms", async (req, res) => {
    const mo = parseOrThrow(moSchema, req.body, "sandbox SMS");
    const { messageId } = await operator.receiveMo({
      from: mo.from,
      to: mo.to,
      text: mo.text,
      ...(mo.messageId ? { messageId: mo.messageId } : {}),
    });
    res.status(202).json({ messageId });
  });

  router.get("/phones/:msisdn/messages", async (req, res) => {
    const messages = await operator.messages(req.params.msisdn);
    res.set("Cache-Control", "no-store").json({
      data: messages.map((m) => ({ ...m, at: m.at.toISOString() })),
    });
  });

  router.get("/shop", (_req, res) => {
    res.type("html").send(demoShopPage(shortCodes));
  });

  router.post("/shop/checkout", async (req, res) => {
    const order = parseOrThrow(purchaseSchema, req.body, "demo order");
    const product = DEMO_PRODUCTS.find((p) => p.id === order.product);
    if (!product) throw new SmspayError("invalid_request", "no such product");
    const phone = order.phone?.trim() || DEFAULT_SANDBOX_PHONE;
    const customer = {
      ...(order.lang ? { locale: order.lang } : {}),
      ...(order.express ? { phone } : {}),
    };
    const { payment } = await payments.create(await demo(), {
      amount: product.amount,
      currency: "EUR",
      orderRef: `demo-${Date.now().toString(36)}`,
      description: product.name,
      returnUrl: `${publicUrl}/sandbox/shop/thanks`,
      cancelUrl: `${publicUrl}/sandbox/shop`,
      ...(Object.keys(customer).length > 0 ? { customer } : {}),
      ...(order.express ? { express: true } : {}),
      // Paid by virtual phones only, also on a production server that runs the sandbox.
      test: true,
    });
    res.redirect(303, `/sandbox/shop/pay/${payment.id}?phone=${encodeURIComponent(phone)}`);
  });

  router.get("/shop/pay/:id", async (req, res) => {
    const payment = await store.payments.getById(req.params.id);
    if (!payment || payment.merchantId !== (await demo()).id)
      throw new SmspayError("not_found", "no such demo payment");
    const phone = typeof req.query.phone === "string" ? req.query.phone : DEFAULT_SANDBOX_PHONE;
    res.type("html").send(demoPaymentPage(payment, phone, SANDBOX_PIN_SENDER));
  });

  // The shop's return page: what a plugin does with the signed return URL.
  router.get("/shop/thanks", async (req, res) => {
    const query = (name: string) => (typeof req.query[name] === "string" ? req.query[name] : "");
    const result = {
      payment: query("smspay_payment"),
      status: query("smspay_status"),
      signature: query("smspay_signature"),
    };
    const key = await checkout.settings.returnKey((await demo()).id);
    res.type("html").send(
      demoThanksPage({
        paymentId: result.payment,
        status: result.status,
        verified: verifyReturnSignature(key, result),
      }),
    );
  });

  return router;
}

// The customer-facing checkout at /pay/:id. Forms post plain HTML and answer
// with a redirect (works with JavaScript off); the page follows the payment
// live through server-sent events (/events) or polling (/status). JSON callers
// get JSON and problem+json errors. Business rules stay in the core
// (CarrierBillingFlow, ExpressFlow, PaymentService); this file wires.

import { randomBytes } from "node:crypto";
import {
  type CarrierBillingFlow,
  CheckoutFunnel,
  CheckoutSettingsService,
  type CoreDeps,
  canOfferExpress,
  checkoutLocale,
  ExpressFlow,
  isSmspayError,
  type MessageKey,
  maskPhone,
  type Payment,
  type PaymentService,
  resendWait,
  retryRequestFor,
  SmspayError,
  signedReturnUrl,
  smsTextFor,
  translate,
} from "@smspay/core";
import express, { type NextFunction, type Request, type Response, Router } from "express";
import type { Logger } from "../logger.ts";
import {
  type CheckoutView,
  checkoutPage,
  type ExpressOffer,
  type FieldError,
  failureText,
} from "../views/checkout-page.ts";
import { consentPage } from "../views/consent-page.ts";
import { defaultCountry, isOfferedCountry } from "../views/phone-countries.ts";
import { qrSvg } from "../views/qr-code.ts";
import { smsPlatform, smsUri } from "../views/sms-uri.ts";

/** The checkout's services, built once from the core's dependencies. */
export type CheckoutServices = {
  readonly deps: CoreDeps;
  readonly settings: CheckoutSettingsService;
  readonly express: ExpressFlow;
  readonly funnel: CheckoutFunnel;
};

export function checkoutServices(deps: CoreDeps): CheckoutServices {
  return {
    deps,
    settings: new CheckoutSettingsService(deps),
    express: new ExpressFlow(deps),
    funnel: new CheckoutFunnel(deps),
  };
}

export type CheckoutDeps = {
  readonly payments: PaymentService;
  readonly carrierBilling: CarrierBillingFlow;
  readonly checkout: CheckoutServices;
  readonly log: Logger;
};

// Server-sent events: how often the stream looks at the payment (it works the
// same with any number of server processes on one database), and a comment
// line now and then so proxies keep an idle stream open.
const SSE_POLL_MS = 500;
const SSE_HEARTBEAT_MS = 15_000;

const LIVE = new Set(["pending", "processing"]);

type RenderExtra = {
  readonly status?: number;
  readonly error?: SmspayError;
  readonly phone?: string;
  readonly country?: string;
  readonly askPhone?: boolean;
};

export function checkoutRoutes(deps: CheckoutDeps): Router {
  const { checkout, log } = deps;
  const { store, vault, clock, settings: core } = checkout.deps;
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: "4kb" }));
  router.use(securityHeaders);

  const load = async (id: string): Promise<Payment> => {
    const payment = await store.payments.getById(id);
    if (!payment) throw new SmspayError("not_found", "no such payment");
    return payment;
  };

  const localeFor = (req: Request, payment: Payment, shopLocale: string | null) =>
    checkoutLocale({
      customer: payment.customerLocale,
      merchant: shopLocale,
      acceptLanguage: req.get("accept-language"),
    });

  /** The way back to the shop for a payment that is over, signed for the shop. */
  const backUrl = async (payment: Payment): Promise<string | undefined> => {
    if (LIVE.has(payment.status)) return undefined;
    const key = await checkout.settings.returnKey(payment.merchantId);
    const url =
      payment.status === "canceled" ? (payment.cancelUrl ?? payment.returnUrl) : payment.returnUrl;
    return signedReturnUrl(url, payment, key);
  };

  const render = async (req: Request, res: Response, payment: Payment, extra: RenderExtra = {}) => {
    const settings = await checkout.settings.forCheckout(payment.merchantId);
    const locale = localeFor(req, payment, settings.defaultLocale);
    const now = clock.now();
    const t = (key: MessageKey, params?: Record<string, string | number>) =>
      translate(locale, key, params);
    const pending = payment.status === "pending";
    const text = smsTextFor(payment);
    const challenge =
      pending && payment.flow !== "shortcode" ? await store.otp.get(payment.id) : undefined;
    const pin =
      challenge && !challenge.verifiedAt
        ? {
            sentTo: maskPhone(vault.open(challenge.phoneCipher)),
            attemptsLeft: Math.max(0, core.otp.maxAttempts - challenge.attempts),
            resendIn: resendWait(challenge, core.otp, now),
          }
        : undefined;
    const askPhone =
      pending &&
      payment.flow !== "shortcode" &&
      (extra.askPhone === true || (payment.flow === "otp" && !pin));
    const view: CheckoutView = {
      payment,
      merchant: {
        name: settings.merchantName,
        brandColor: settings.brandColor,
        logoUrl: settings.logoUrl,
      },
      locale,
      now,
      nonce: res.locals.nonce as string,
      askPhone,
      country:
        extra.country ??
        defaultCountry(
          [payment.customerLocale, settings.defaultLocale, req.get("accept-language")],
          locale,
        ),
      ...(pending && payment.flow === "shortcode" && text && payment.shortCode
        ? {
            sms: {
              text,
              shortCode: payment.shortCode,
              uri: smsUri(smsPlatform(req.get("user-agent")), payment.shortCode, text),
              qr: await qrSvg(
                smsUri("other", payment.shortCode, text),
                t("page.qr_label", { text, code: payment.shortCode }),
              ),
            },
          }
        : {}),
      ...(pin ? { pin } : {}),
      ...(pending && payment.flow === "express" && payment.phoneCipher
        ? { expressSentTo: maskPhone(vault.open(payment.phoneCipher)) }
        : {}),
      ...(extra.phone !== undefined ? { phone: extra.phone } : {}),
      ...(extra.error ? { error: fieldError(extra.error, pin, t) } : {}),
      ...(await optional("back", backUrl(payment))),
      ...(await optional("express", expressOffer(payment, now))),
    };
    res
      .status(extra.status ?? 200)
      .type("html")
      .send(checkoutPage(view));
  };

  /** After a PIN payment: the offer (or the consent just given); after an express one: the way out. */
  const expressOffer = async (payment: Payment, now: Date): Promise<ExpressOffer | undefined> => {
    if (payment.status === "succeeded" && payment.flow === "express") {
      const consent = await checkout.express.consentFor(payment);
      return consent ? { kind: "active", consentId: consent.id } : undefined;
    }
    if (!canOfferExpress(payment, now)) return undefined;
    const merchant = await store.merchants.get(payment.merchantId);
    if (!merchant?.carrierBilling) return undefined;
    const consent = await checkout.express.consentFor(payment);
    return consent ? { kind: "saved", consentId: consent.id } : { kind: "offer" };
  };

  // Revocation links come before /:id so "consents" is never read as a payment id.
  router.get("/consents/:token", async (req, res) => {
    const consent = await store.expressConsents.get(req.params.token);
    if (!consent) throw new SmspayError("not_found", "no such consent");
    const settings = await checkout.settings.forCheckout(consent.merchantId);
    res.type("html").send(
      consentPage({
        consent,
        merchantName: settings.merchantName,
        locale: checkoutLocale({
          customer: consent.locale,
          merchant: settings.defaultLocale,
          acceptLanguage: req.get("accept-language"),
        }),
        nonce: res.locals.nonce as string,
      }),
    );
  });

  router.post("/consents/:token/revoke", async (req, res) => {
    await checkout.express.revoke(req.params.token);
    res.redirect(303, `/pay/consents/${encodeURIComponent(req.params.token)}`);
  });

  router.get("/:id", async (req, res) => {
    const payment = await load(req.params.id);
    // `r=1`: the page reloading itself (meta refresh, status change) is not a new view.
    if (req.query.r !== "1") await checkout.funnel.record(payment, "page_viewed");
    await render(req, res, payment, { askPhone: req.query.change === "1" });
  });

  router.get("/:id/status", async (req, res) => {
    const payment = await load(req.params.id);
    res.json(await statusOf(req, payment));
  });

  const statusOf = async (req: Request, payment: Payment) => {
    const settings = await checkout.settings.forCheckout(payment.merchantId);
    const lang = typeof req.query.lang === "string" ? req.query.lang : null;
    const locale = checkoutLocale({
      customer: payment.customerLocale ?? lang,
      merchant: settings.defaultLocale,
      acceptLanguage: req.get("accept-language"),
    });
    const back = await backUrl(payment);
    return {
      status: payment.status,
      failureCode: payment.failureCode,
      text:
        payment.status === "failed"
          ? failureText(payment.failureCode, (key, params) => translate(locale, key, params))
          : translate(locale, `page.status_${statusKey(payment.status)}`),
      ...(back ? { returnUrl: back } : {}),
    };
  };

  router.get("/:id/events", async (req, res) => {
    let payment = await load(req.params.id);
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      // Tell nginx-style proxies not to buffer the stream.
      "x-accel-buffering": "no",
    });
    res.flushHeaders();
    let closed = false;
    const send = async () =>
      res.write(`event: status\ndata: ${JSON.stringify(await statusOf(req, payment))}\n\n`);
    await send();
    const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), SSE_HEARTBEAT_MS);
    const stop = () => {
      closed = true;
      clearInterval(heartbeat);
      res.end();
    };
    // The response closes when the customer leaves (or a proxy gives up).
    res.on("close", stop);
    while (!closed && LIVE.has(payment.status)) {
      await new Promise((resolve) => setTimeout(resolve, SSE_POLL_MS));
      if (closed) break;
      try {
        const current = await load(payment.id);
        if (current.status !== payment.status) {
          payment = current;
          await send();
        }
      } catch (error) {
        log.warn({ err: error, paymentId: payment.id }, "checkout event stream stopped");
        break;
      }
    }
    if (!closed) stop();
  });

  router.post("/:id/beacon", async (req, res) => {
    const payment = await load(req.params.id);
    const type = String(req.body?.type ?? "");
    // The page reports taps and copies only; everything else is recorded where it happens.
    if (type !== "sms_link_tapped" && type !== "flow_chosen") {
      throw new SmspayError("invalid_request", "unknown checkout event", {
        fields: [{ path: "type", message: "must be sms_link_tapped or flow_chosen" }],
      });
    }
    await checkout.funnel.record(
      payment,
      "flow_chosen",
      ...(type === "sms_link_tapped" ? (["sms_link_tapped"] as const) : []),
    );
    res.status(204).end();
  });

  // Without JavaScript the SMS button comes here first, so the tap is counted.
  router.get("/:id/sms", async (req, res) => {
    const payment = await load(req.params.id);
    const text = smsTextFor(payment);
    if (payment.status !== "pending" || !text || !payment.shortCode) {
      res.redirect(303, `/pay/${payment.id}`);
      return;
    }
    await checkout.funnel.record(payment, "flow_chosen", "sms_link_tapped");
    res.redirect(302, smsUri(smsPlatform(req.get("user-agent")), payment.shortCode, text));
  });

  router.post("/:id/pin", async (req, res) => {
    const phone = String(req.body?.phone ?? "").slice(0, 32);
    const country = String(req.body?.country ?? "").toUpperCase();
    await act(req, res, {
      action: async (payment) => {
        const sent = await deps.carrierBilling.requestPin(
          payment.id,
          phone,
          isOfferedCountry(country) ? country : undefined,
          { ip: req.ip },
        );
        await checkout.funnel.record(payment, "flow_chosen", "pin_sent");
        return sent;
      },
      onError: { phone, country, askPhone: true },
    });
  });

  router.post("/:id/pin/resend", async (req, res) => {
    await act(req, res, {
      action: async (payment) => {
        const challenge = await store.otp.get(payment.id);
        if (!challenge)
          throw new SmspayError("invalid_state", "no PIN was sent for this payment yet");
        return deps.carrierBilling.requestPin(
          payment.id,
          vault.open(challenge.phoneCipher),
          undefined,
          {
            ip: req.ip,
          },
        );
      },
    });
  });

  router.post("/:id/pin/verify", async (req, res) => {
    const pin = String(req.body?.pin ?? "").slice(0, 16);
    await act(req, res, {
      action: async (payment) => {
        const verified = await deps.carrierBilling.verifyPin(payment.id, pin);
        await checkout.funnel.record(payment, "pin_verified");
        return { status: verified.payment.status };
      },
    });
  });

  const cancel = async (req: Request, res: Response) => {
    const payment = await load(req.params.id as string);
    const after =
      payment.status === "pending"
        ? await deps.payments.cancel(payment.merchantId, payment.id, "customer")
        : payment;
    const back = await backUrl(after);
    res.redirect(303, back ?? `/pay/${payment.id}`);
  };
  router.post("/:id/cancel", cancel);
  // Links in old pages and e-mails: GET still works, though only POST should change state.
  router.get("/:id/cancel", cancel);

  router.post("/:id/retry", async (req, res) => {
    const failed = await load(req.params.id);
    const merchant = await store.merchants.get(failed.merchantId);
    if (!merchant) throw new SmspayError("not_found", "no such payment");
    const retry = retryRequestFor(failed);
    const { payment } = await deps.payments.create(merchant, retry.body, retry.idempotencyKey);
    res.redirect(303, `/pay/${payment.id}`);
  });

  router.post("/:id/express", async (req, res) => {
    const payment = await load(req.params.id);
    if (req.body?.remember === "yes") {
      const lang = typeof req.body?.lang === "string" ? req.body.lang : "en";
      await checkout.express.optIn(payment.id, lang);
    }
    res.redirect(303, `/pay/${payment.id}?r=1`);
  });

  /** Runs a customer's action; JSON callers get JSON, forms get a redirect or the page with the error. */
  const act = async (
    req: Request,
    res: Response,
    options: { action: (payment: Payment) => Promise<unknown>; onError?: RenderExtra },
  ) => {
    const payment = await load(req.params.id as string);
    const wantsJson = Boolean(req.is("application/json"));
    try {
      const result = await options.action(payment);
      if (wantsJson) res.json(result);
      else res.redirect(303, `/pay/${payment.id}?r=1`);
    } catch (error) {
      if (wantsJson || !isSmspayError(error) || error.code === "not_found") throw error;
      await render(req, res, await load(payment.id), { ...options.onError, error, status: 400 });
    }
  };

  return router;
}

/** Resolves `value` into `{ [name]: value }`, or `{}` when it is undefined. */
async function optional<K extends string, V>(
  name: K,
  value: Promise<V | undefined>,
): Promise<{ [P in K]?: V }> {
  const resolved = await value;
  return (resolved === undefined ? {} : { [name]: resolved }) as { [P in K]?: V };
}

function statusKey(
  status: string,
): "pending" | "processing" | "succeeded" | "failed" | "expired" | "canceled" | "refunded" {
  switch (status) {
    case "pending":
    case "processing":
    case "succeeded":
    case "failed":
    case "expired":
    case "canceled":
      return status;
    default:
      return "refunded";
  }
}

/** A core error in the customer's words, tied to the field it is about. */
function fieldError(
  error: SmspayError,
  pin: { attemptsLeft: number; resendIn: number } | undefined,
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
): FieldError {
  switch (error.code) {
    case "phone_invalid":
      return { field: "phone", text: t("page.error.phone_invalid") };
    case "pin_invalid":
      return { field: "pin", text: t("page.error.pin_invalid", { count: pin?.attemptsLeft ?? 0 }) };
    case "pin_expired":
      return { field: "pin", text: t("page.error.pin_expired") };
    case "pin_resend_too_soon":
      return {
        field: "form",
        text: t("page.error.pin_resend_too_soon", { seconds: pin?.resendIn ?? 30 }),
      };
    case "pin_attempts_exceeded":
    case "limit_exceeded":
    case "invalid_state":
    case "phone_opted_out":
    case "otp_rate_limited":
    case "country_not_allowed":
      return { field: "form", text: t(`page.error.${error.code}`) };
    default:
      return { field: "form", text: t("page.error.generic") };
  }
}

/**
 * A nonce per response for the inline style and script; nothing else may run.
 * Framing only by smspay itself (the sandbox demo shows the checkout in a frame).
 */
function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  const nonce = randomBytes(16).toString("base64");
  res.locals.nonce = nonce;
  res.set({
    "Content-Security-Policy": `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src 'self' https:; connect-src 'self'; base-uri 'none'; frame-ancestors 'self'`,
    "Cache-Control": "no-store",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
  });
  next();
}

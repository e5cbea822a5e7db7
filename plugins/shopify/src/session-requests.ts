// The requests Shopify sends a payments app's session URLs, exactly as the
// Payments app request reference documents them. Required fields are
// required; unknown fields pass (Shopify adds fields over versions), but the
// ones smspay relies on must have their documented form.

import { parseDecimalAmount, parseOrThrow, SmspayError } from "@smspay/core";
import { z } from "zod";
import { type ApiVersion, isSupportedApiVersion } from "./api-versions.ts";

const shopDomain = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be the shop's myshopify.com domain");

/** The headers every session request carries. */
export type SessionHeaders = {
  readonly shop: string;
  readonly requestId: string;
  readonly apiVersion: ApiVersion;
};

export function parseSessionHeaders(header: (name: string) => string | undefined): SessionHeaders {
  const parsed = parseOrThrow(
    z.object({
      shop: shopDomain,
      requestId: z.string().min(1).max(200),
      apiVersion: z
        .string()
        .refine(isSupportedApiVersion, "not a Payments Apps API version this app speaks"),
    }),
    {
      shop: header("shopify-shop-domain"),
      requestId: header("shopify-request-id"),
      apiVersion: header("shopify-api-version"),
    },
    "Shopify session request headers",
  );
  return { ...parsed, apiVersion: parsed.apiVersion as ApiVersion };
}

const id = z.string().min(1).max(255);
const gidOf = (type: string) =>
  z.string().regex(new RegExp(`^gid://shopify/${type}/[^/\\s]+$`), `must be a ${type} gid`);
const decimal = z.string().regex(/^\d+(\.\d+)?$/, "must be a decimal amount such as 123.00");
const currency = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code");
const timestamp = z.iso.datetime({ offset: true });
const httpsUrl = z.url({ protocol: /^https?$/ }).max(2048);

const address = z
  .object({
    given_name: z.string().nullish(),
    family_name: z.string().nullish(),
    line1: z.string().nullish(),
    line2: z.string().nullish(),
    city: z.string().nullish(),
    postal_code: z.string().nullish(),
    province: z.string().nullish(),
    country_code: z.string().nullish(),
    phone_number: z.string().nullish(),
    company: z.string().nullish(),
  })
  .nullish();

export const paymentSessionSchema = z.object({
  id,
  gid: gidOf("PaymentSession"),
  group: z.string().min(1),
  session_id: z.string().min(1),
  amount: decimal,
  currency,
  test: z.boolean(),
  merchant_locale: z.string().min(2).max(35),
  kind: z.enum(["sale", "authorization"]),
  proposed_at: timestamp,
  payment_method: z.object({
    type: z.literal("offsite"),
    data: z.object({ cancel_url: httpsUrl }),
  }),
  customer: z
    .object({
      email: z.string().max(254).nullish(),
      phone_number: z.string().max(64).nullish(),
      locale: z.string().max(35).nullish(),
      billing_address: address,
      shipping_address: address,
    })
    .nullable(),
});

export type PaymentSessionRequest = z.infer<typeof paymentSessionSchema>;

export const refundSessionSchema = z.object({
  id,
  gid: gidOf("RefundSession"),
  payment_id: id,
  amount: decimal,
  currency,
  test: z.boolean(),
  merchant_locale: z.string().min(2).max(35),
  proposed_at: timestamp,
});

export const captureSessionSchema = z.object({
  id,
  gid: gidOf("CaptureSession"),
  payment_id: id,
  amount: decimal,
  currency,
  test: z.boolean().optional(),
  merchant_locale: z.string().min(2).max(35).optional(),
  proposed_at: timestamp,
});

export const voidSessionSchema = z.object({
  id,
  gid: gidOf("VoidSession"),
  payment_id: id,
  test: z.boolean().optional(),
  merchant_locale: z.string().min(2).max(35).optional(),
  proposed_at: timestamp,
});

export type RefundSessionRequest = z.infer<typeof refundSessionSchema>;
export type CaptureSessionRequest = z.infer<typeof captureSessionSchema>;
export type VoidSessionRequest = z.infer<typeof voidSessionSchema>;

/** Shopify's decimal amount in the currency's minor units; never rounded. */
export function minorUnits(amount: string, currencyCode: string, field = "amount"): number {
  const minor = parseDecimalAmount(amount, currencyCode);
  if (minor === undefined || minor <= 0) {
    throw new SmspayError("invalid_request", `invalid ${field}: ${amount} ${currencyCode}`, {
      fields: [{ path: field, message: `not a positive amount in ${currencyCode}` }],
    });
  }
  return minor;
}

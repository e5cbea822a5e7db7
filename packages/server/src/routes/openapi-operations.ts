// The merchant API's operations for the OpenAPI document: each names the
// zod schema its route validates with (imported from where the route or the
// core service parses requests, never restated here), and the shape of what
// it answers. A test checks this table against the app's router stack.

import {
  brandingSchema,
  countriesSchema,
  createPaymentSchema,
  createWebhookEndpointSchema,
  disputeInputSchema,
  notificationSchema,
  PAYMENT_FLOWS,
  PAYMENT_STATUSES,
  publisherSettingSchema,
  REFUND_METHODS,
  REFUND_STATUSES,
  refundInputSchema,
  ssoTokenRequestSchema,
} from "@smspay/core";
import { z } from "zod";
import { listQuery as attentionQuery, resolveBody } from "./attention.ts";
import { listQuery as effectQuery } from "./effects.ts";
import { listQuery as paymentQuery } from "./merchant-api.ts";
import { connectSchema } from "./platform-connection.ts";
import { importQuery } from "./settlements.ts";

const iso = z.string().describe("ISO 8601 date-time (UTC)");

// What the API answers (request schemas are the routes' own; these describe
// the resources, and the OpenAPI test checks real answers against them).
export const paymentResponse = z
  .object({
    id: z.string(),
    status: z.enum(PAYMENT_STATUSES),
    amount: z.int().describe("minor units (EUR 4.50 is 450)"),
    currency: z.string(),
    orderRef: z.string(),
    description: z.string().nullable(),
    flow: z.enum(PAYMENT_FLOWS as [string, ...string[]]),
    checkoutUrl: z.string(),
    returnUrl: z.string(),
    cancelUrl: z.string().nullable(),
    shortCode: z.string().nullable().optional().describe("short-code flow only"),
    keyword: z.string().nullable().optional(),
    reference: z.string().nullable().optional(),
    smsText: z.string().nullable().optional().describe("the exact text to send"),
    customer: z.object({
      email: z.string().nullable(),
      locale: z.string().nullable(),
      phoneLast4: z.string().nullable(),
    }),
    metadata: z.record(z.string(), z.string()),
    refundedAmount: z.int(),
    failureCode: z.string().nullable(),
    test: z.boolean(),
    expiresAt: iso,
    createdAt: iso,
    updatedAt: iso,
    succeededAt: iso.nullable(),
  })
  .meta({ id: "Payment" });

/** GET /v1/payments/{id} adds what the payment earns (estimated until a settlement report). */
export const paymentWithMoneyResponse = paymentResponse
  .extend({
    fees: z
      .object({
        operator: z.int(),
        aggregator: z.int(),
        total: z.int(),
        estimated: z.boolean(),
      })
      .nullable(),
    net: z.int().nullable(),
    settled: z
      .object({
        lines: z.int(),
        gross: z.int(),
        operatorFee: z.int(),
        aggregatorFee: z.int(),
        net: z.int(),
        lastSettledOn: z.string(),
      })
      .nullable(),
    disputedAmount: z.int(),
  })
  .meta({ id: "PaymentWithMoney" });

export const refundResponse = z
  .object({
    id: z.string(),
    paymentId: z.string(),
    amount: z.int(),
    currency: z.string(),
    status: z.enum(REFUND_STATUSES as [string, ...string[]]),
    method: z.enum(REFUND_METHODS as [string, ...string[]]),
    reason: z.string().nullable(),
    createdAt: iso,
  })
  .meta({ id: "Refund" });

export const problemResponse = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    code: z.string().describe("stable: clients switch on it"),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem" });

export const ssoLinkResponse = z
  .object({
    url: z.string().describe("open it in the merchant's browser within 5 minutes; works once"),
    expiresAt: iso,
  })
  .meta({ id: "SsoLink" });

const anyObject = z.object({}).catchall(z.unknown());
const listOf = (item: z.ZodType) => z.object({ data: z.array(item) });

export type Operation = {
  readonly method: "get" | "post" | "put" | "patch" | "delete";
  /** Express syntax, as the router has it. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly bodyType?: "application/json" | "text/csv";
  readonly idempotencyKey?: "optional" | "required";
  readonly status: number;
  readonly response?: z.ZodType;
};

export const OPERATIONS: readonly Operation[] = [
  {
    method: "post",
    path: "/v1/payments",
    tag: "Payments",
    summary: "Create a payment",
    body: createPaymentSchema,
    idempotencyKey: "optional",
    status: 201,
    response: paymentResponse,
  },
  {
    method: "get",
    path: "/v1/payments",
    tag: "Payments",
    summary: "List payments, newest first",
    query: paymentQuery,
    status: 200,
    response: z.object({ data: z.array(paymentResponse), nextCursor: z.string().nullable() }),
  },
  {
    method: "get",
    path: "/v1/payments/:id",
    tag: "Payments",
    summary: "Get a payment, with its fees and net",
    status: 200,
    response: paymentWithMoneyResponse,
  },
  {
    method: "post",
    path: "/v1/payments/:id/cancel",
    tag: "Payments",
    summary: "Cancel a pending payment",
    status: 200,
    response: paymentResponse,
  },
  {
    method: "get",
    path: "/v1/payments/:id/events",
    tag: "Payments",
    summary: "A payment's timeline, oldest first",
    status: 200,
    response: listOf(z.object({ type: z.string(), at: iso, data: anyObject })),
  },
  {
    method: "post",
    path: "/v1/payments/:id/refunds",
    tag: "Refunds",
    summary: "Refund a paid payment, in full or in part",
    body: refundInputSchema,
    idempotencyKey: "required",
    status: 201,
    response: refundResponse,
  },
  {
    method: "get",
    path: "/v1/payments/:id/refunds",
    tag: "Refunds",
    summary: "A payment's refunds",
    status: 200,
    response: listOf(refundResponse),
  },
  {
    method: "post",
    path: "/v1/payments/:id/disputes",
    tag: "Refunds",
    summary: "Report an operator's void of (part of) a charge",
    body: disputeInputSchema,
    idempotencyKey: "optional",
    status: 201,
    response: anyObject,
  },
  {
    method: "get",
    path: "/v1/payments/:id/disputes",
    tag: "Refunds",
    summary: "A payment's operator voids",
    status: 200,
    response: listOf(anyObject),
  },
  {
    method: "post",
    path: "/v1/settlements",
    tag: "Money",
    summary: "Import a settlement report (CSV body)",
    query: importQuery,
    body: z.string().describe("the report, as CSV"),
    bodyType: "text/csv",
    status: 201,
    response: anyObject,
  },
  {
    method: "get",
    path: "/v1/attention",
    tag: "Operations",
    summary: "The needs-attention list",
    query: attentionQuery,
    status: 200,
    response: listOf(anyObject),
  },
  {
    method: "post",
    path: "/v1/attention/:id/resolve",
    tag: "Operations",
    summary: "Mark an item settled",
    body: resolveBody,
    status: 200,
    response: anyObject,
  },
  {
    method: "get",
    path: "/v1/effects",
    tag: "Operations",
    summary: "Outbox effects of your payments (dead letters by default)",
    query: effectQuery,
    status: 200,
    response: listOf(anyObject),
  },
  {
    method: "post",
    path: "/v1/effects/:id/replay",
    tag: "Operations",
    summary: "Send a dead notification again",
    status: 200,
    response: anyObject,
  },
  {
    method: "post",
    path: "/v1/webhook-endpoints",
    tag: "Webhooks",
    summary: "Add a webhook endpoint (its secret is in this answer only)",
    body: createWebhookEndpointSchema,
    status: 201,
    response: anyObject,
  },
  {
    method: "get",
    path: "/v1/webhook-endpoints",
    tag: "Webhooks",
    summary: "List webhook endpoints",
    status: 200,
    response: listOf(anyObject),
  },
  {
    method: "delete",
    path: "/v1/webhook-endpoints/:id",
    tag: "Webhooks",
    summary: "Delete a webhook endpoint",
    status: 204,
  },
  {
    method: "put",
    path: "/v1/platform-connection",
    tag: "Settings",
    summary: "Connect your shop platform",
    body: connectSchema,
    status: 200,
    response: anyObject,
  },
  {
    method: "get",
    path: "/v1/platform-connection",
    tag: "Settings",
    summary: "The connected shop platform (credentials masked)",
    status: 200,
    response: anyObject,
  },
  {
    method: "delete",
    path: "/v1/platform-connection",
    tag: "Settings",
    summary: "Disconnect the shop platform",
    status: 204,
  },
  {
    method: "get",
    path: "/v1/checkout-settings",
    tag: "Settings",
    summary: "Checkout branding and the return-URL signing key",
    status: 200,
    response: anyObject,
  },
  {
    method: "patch",
    path: "/v1/checkout-settings",
    tag: "Settings",
    summary: "Change the checkout branding",
    body: brandingSchema,
    status: 200,
    response: anyObject,
  },
  {
    method: "post",
    path: "/v1/notifications",
    tag: "Notifications",
    summary: "Send an SMS notification to a customer",
    body: notificationSchema,
    idempotencyKey: "optional",
    status: 202,
    response: anyObject,
  },
  {
    method: "get",
    path: "/v1/notifications/:id",
    tag: "Notifications",
    summary: "Follow a notification",
    status: 200,
    response: anyObject,
  },
  {
    method: "get",
    path: "/v1/settings/publisher",
    tag: "Settings",
    summary: "Who HELP and CONTACT answers name",
    query: z.object({ shortCode: z.string().optional() }),
    status: 200,
    response: anyObject,
  },
  {
    method: "put",
    path: "/v1/settings/publisher",
    tag: "Settings",
    summary: "Set the publisher identity",
    body: publisherSettingSchema,
    status: 200,
    response: anyObject,
  },
  {
    method: "get",
    path: "/v1/settings/otp-countries",
    tag: "Settings",
    summary: "Countries carrier-billing PINs may go to",
    status: 200,
    response: anyObject,
  },
  {
    method: "put",
    path: "/v1/settings/otp-countries",
    tag: "Settings",
    summary: "Set the countries carrier-billing PINs may go to",
    body: countriesSchema,
    status: 200,
    response: anyObject,
  },
  {
    method: "post",
    path: "/v1/sso-tokens",
    tag: "Dashboard",
    summary: "A one-time dashboard sign-in link for your shop's admin (shared/sso.md)",
    body: ssoTokenRequestSchema,
    status: 201,
    response: ssoLinkResponse,
  },
];

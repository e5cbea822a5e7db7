// A small typed client for the parts of Magento's REST API smspay uses
// (Sales: orders, invoices, comments, credit memos). No maintained npm client
// exists. Every failure becomes SmspayError("platform_error"), retryable when
// trying again can help (network, timeout, 5xx, 429).

import { SmspayError } from "@smspay/core";
import { z } from "zod";
import { type AuthorizationHeader, magentoAuthorization } from "./magento-auth.ts";
import type { MagentoConfig } from "./magento-config.ts";

// Magento leaves null columns out of its JSON: totals nobody touched yet are absent.
const orderSchema = z.object({
  entity_id: z.number().int(),
  increment_id: z.string(),
  state: z.string(),
  status: z.string(),
  order_currency_code: z.string(),
  grand_total: z.number(),
  total_invoiced: z.number().optional(),
  total_paid: z.number().optional(),
  total_refunded: z.number().optional(),
  items: z.array(z.object({ item_id: z.number().int() })),
  status_histories: z.array(z.object({ comment: z.string().nullish() })).optional(),
});

const creditMemoSchema = z.object({
  entity_id: z.number().int(),
  transaction_id: z.string().nullish(),
  comments: z.array(z.object({ comment: z.string().nullish() })).optional(),
});

const creditMemoListSchema = z.object({ items: z.array(creditMemoSchema) });

/** Magento's error body: a message with %placeholders and their values. */
const errorSchema = z.object({
  message: z.string(),
  parameters: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
});

export type MagentoOrder = z.infer<typeof orderSchema>;
export type MagentoCreditMemo = z.infer<typeof creditMemoSchema>;

export type InvoiceRequest = {
  readonly capture: boolean;
  readonly notify: boolean;
  /** Read by the Smspay_SmsPayment module's capture command: the payment to record. */
  readonly arguments?: { readonly extension_attributes: { readonly smspay_payment_id: string } };
};

export type StatusHistory = {
  readonly comment: string;
  readonly is_customer_notified: 0 | 1;
  readonly is_visible_on_front: 0 | 1;
  /** Must stay the order's current status: a comment is not how smspay moves an order. */
  readonly status: string;
};

export type OfflineRefundRequest = {
  readonly items: readonly { readonly order_item_id: number; readonly qty: number }[];
  readonly notify: boolean;
  readonly appendComment: boolean;
  readonly comment: { readonly comment: string; readonly is_visible_on_front: 0 | 1 };
  readonly arguments: {
    readonly shipping_amount: number;
    readonly adjustment_positive: number;
    readonly adjustment_negative: number;
  };
};

export type MagentoClientOptions = {
  /** The operator's bound on one call: the shop's own `timeoutMs` can only make it shorter. */
  readonly timeoutMs?: number;
  /** How calls reach the shop (the server's outbound guard); the global fetch by default. */
  readonly fetch?: typeof fetch;
};

type Call = {
  readonly method: "GET" | "POST";
  readonly path: string;
  /** Query parameters, sent (and signed) in this order. */
  readonly query?: readonly (readonly [string, string])[];
  readonly body?: unknown;
};

export class MagentoRestClient {
  readonly #base: string;
  readonly #authorize: AuthorizationHeader;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(config: MagentoConfig, options: MagentoClientOptions = {}) {
    this.#base = `${config.baseUrl}/rest/${config.storeCode ? `${config.storeCode}/` : ""}V1`;
    this.#authorize = magentoAuthorization(config.auth);
    this.#timeoutMs = Math.min(config.timeoutMs, options.timeoutMs ?? config.timeoutMs);
    this.#fetch = options.fetch ?? fetch;
  }

  /** The order, or undefined when Magento has no order with this entity id. */
  async getOrder(orderId: number): Promise<MagentoOrder | undefined> {
    const answer = await this.#call(
      { method: "GET", path: `/orders/${orderId}` },
      { notFound: true },
    );
    return answer === undefined ? undefined : parse(orderSchema, answer, "order");
  }

  async invoice(orderId: number, request: InvoiceRequest): Promise<void> {
    await this.#call({ method: "POST", path: `/order/${orderId}/invoice`, body: request });
  }

  async addComment(orderId: number, statusHistory: StatusHistory): Promise<void> {
    await this.#call({
      method: "POST",
      path: `/orders/${orderId}/comments`,
      body: { statusHistory },
    });
  }

  /** False when Magento refuses to cancel (already cancelled, invoiced or shipped). */
  async cancel(orderId: number): Promise<boolean> {
    return (await this.#call({ method: "POST", path: `/orders/${orderId}/cancel` })) === true;
  }

  async creditMemos(orderId: number): Promise<MagentoCreditMemo[]> {
    const prefix = "searchCriteria[filter_groups][0][filters][0]";
    const answer = await this.#call({
      method: "GET",
      path: "/creditmemos",
      query: [
        [`${prefix}[field]`, "order_id"],
        [`${prefix}[value]`, String(orderId)],
        [`${prefix}[condition_type]`, "eq"],
      ],
    });
    return parse(creditMemoListSchema, answer, "credit memo list").items;
  }

  /** An offline credit memo: Magento records the refund without calling the payment method. */
  async refundOffline(orderId: number, request: OfflineRefundRequest): Promise<void> {
    await this.#call({ method: "POST", path: `/order/${orderId}/refund`, body: request });
  }

  async #call(call: Call, options: { notFound?: boolean } = {}): Promise<unknown> {
    // Query keys keep their literal brackets: oauth-1.0a signs keys as they appear
    // in the URL (it decodes values only), and Magento decodes both before verifying.
    const query = (call.query ?? [])
      .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
      .join("&");
    const url = `${this.#base}${call.path}${query ? `?${query}` : ""}`;
    const what = `Magento ${call.method} ${call.path}`;
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method: call.method,
        headers: {
          authorization: this.#authorize({ method: call.method, url }),
          accept: "application/json",
          ...(call.body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new SmspayError("platform_error", `${what}: shop unreachable (${reasonOf(error)})`, {
        retryable: true,
        cause: error,
      });
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      // The timeout covers the body too: an answer that stops coming is an outage.
      throw new SmspayError("platform_error", `${what}: the answer was cut short`, {
        retryable: true,
        cause: error,
      });
    }
    if (response.status === 404 && options.notFound) return undefined;
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 429;
      throw new SmspayError(
        "platform_error",
        `${what}: ${response.status} ${describeError(text)}`,
        { retryable },
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new SmspayError("platform_error", `${what}: the answer is not JSON`, {
        retryable: true,
        cause: error,
      });
    }
  }
}

/** fetch's own message says little ("fetch failed"): the cause says what went wrong. */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  if (error instanceof Error && error.name === "TimeoutError") return "no answer in time";
  return cause instanceof Error ? cause.message : String(error);
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new SmspayError("platform_error", `unexpected Magento ${what}: ${result.error.message}`);
}

/** Magento's "%resources" style message with its parameters filled in. */
function describeError(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text.slice(0, 200);
  }
  const parsed = errorSchema.safeParse(body);
  if (!parsed.success) return text.slice(0, 200);
  const { message, parameters } = parsed.data;
  const values: Record<string, unknown> = Array.isArray(parameters)
    ? Object.fromEntries(parameters.map((value, i) => [String(i + 1), value]))
    : (parameters ?? {});
  return message.replace(/%(\w+)/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}

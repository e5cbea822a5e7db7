// A typed client for the few WooCommerce REST API v3 calls smspay makes, on
// top of WooCommerce's own library (basic auth over HTTPS, OAuth 1.0a over
// plain HTTP). Every answer is parsed; every failure becomes a SmspayError
// that says whether trying again can help.

import type { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { SmspayError } from "@smspay/core";
import wooModule from "@woocommerce/woocommerce-rest-api";
import { z } from "zod";
import type { WooCommerceConfig } from "./woocommerce-config.ts";

// The package is Babel-compiled CommonJS: Node's ESM loader hands over
// `module.exports` ({ default: class }), as TypeScript types it; Vitest's
// loader hands over the class itself.
const WooCommerceRestApi = ((wooModule as { default?: unknown }).default ??
  wooModule) as typeof wooModule.default;

const metaEntry = z.object({ key: z.string(), value: z.unknown() });

export const wooOrderSchema = z.object({
  id: z.number().int(),
  status: z.string(),
  currency: z.string(),
  /** Decimal string in the shop's price decimals, e.g. "4.50". */
  total: z.string(),
  date_paid: z.string().nullable(),
  transaction_id: z.string(),
  payment_method: z.string(),
  meta_data: z.array(metaEntry),
  refunds: z.array(z.object({ id: z.number().int(), total: z.string() })),
});
export type WooOrder = z.infer<typeof wooOrderSchema>;

const wooNoteSchema = z.object({ id: z.number().int(), note: z.string() });
export type WooNote = z.infer<typeof wooNoteSchema>;

const wooRefundSchema = z.object({
  id: z.number().int(),
  amount: z.string(),
  reason: z.string(),
  meta_data: z.array(metaEntry),
});
export type WooRefund = z.infer<typeof wooRefundSchema>;

/** WordPress REST errors: {code, message, data: {status}}. */
const wpErrorSchema = z.object({ code: z.string(), message: z.string() });

export type WooClientOptions = {
  /** Extra trusted CA certificates (PEM), e.g. a shop behind a private CA (when `agents` are not given). */
  readonly ca?: string;
  /** The most one call may take, answer included (default 10 s). */
  readonly timeoutMs?: number;
  /** How calls reach the shop (the server's outbound guard); Node's own agents by default. */
  readonly agents?: { readonly http: HttpAgent; readonly https: HttpsAgent };
};

type Method = "get" | "put" | "post";

export class WooCommerceClient {
  readonly #api: InstanceType<typeof wooModule.default>;

  constructor(config: WooCommerceConfig, options: WooClientOptions = {}) {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const agents: { http?: HttpAgent; https?: HttpsAgent } =
      options.agents ??
      (options.ca === undefined ? {} : { https: new HttpsAgent({ ca: options.ca }) });
    this.#api = new WooCommerceRestApi({
      url: config.url,
      consumerKey: config.consumerKey,
      consumerSecret: config.consumerSecret,
      version: "wc/v3",
      queryStringAuth: config.queryStringAuth ?? false,
      // axios's timeout stops waiting for the answer's headers, not for a body that trickles in.
      timeout: timeoutMs,
      axiosConfig: {
        // The shop's URL is the merchant's: a redirect could point anywhere.
        maxRedirects: 0,
        ...(agents.http ? { httpAgent: agents.http } : {}),
        ...(agents.https ? { httpsAgent: agents.https } : {}),
        // Given agents decide where connections go: an HTTP(S)_PROXY from the
        // environment (which axios honours by default) would go around them.
        ...(options.agents ? { proxy: false } : {}),
        // The library spreads these options into every request, so this getter
        // gives each call its own deadline over the whole exchange.
        get signal() {
          return AbortSignal.timeout(timeoutMs);
        },
      },
    });
  }

  /** The order, or undefined when the shop has no such order. */
  async getOrder(orderId: string): Promise<WooOrder | undefined> {
    try {
      return await this.#call("get", `orders/${orderId}`, wooOrderSchema);
    } catch (error) {
      if (error instanceof WooCommerceApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  updateOrder(
    orderId: string,
    changes: { status?: string; set_paid?: boolean; transaction_id?: string },
  ): Promise<WooOrder> {
    return this.#call("put", `orders/${orderId}`, wooOrderSchema, changes);
  }

  /** Every note on the order (the notes endpoint is not paginated). */
  listNotes(orderId: string): Promise<WooNote[]> {
    return this.#call("get", `orders/${orderId}/notes`, z.array(wooNoteSchema), undefined, {
      type: "internal",
    });
  }

  async addNote(orderId: string, note: string): Promise<void> {
    await this.#call("post", `orders/${orderId}/notes`, wooNoteSchema, {
      note,
      customer_note: false,
    });
  }

  /** The order's refunds (one page of 100: more refunds than that on one order is not a thing). */
  listRefunds(orderId: string): Promise<WooRefund[]> {
    return this.#call("get", `orders/${orderId}/refunds`, z.array(wooRefundSchema), undefined, {
      per_page: "100",
    });
  }

  createRefund(
    orderId: string,
    refund: {
      amount: string;
      reason: string;
      api_refund: boolean;
      meta_data: { key: string; value: string }[];
    },
  ): Promise<WooRefund> {
    return this.#call("post", `orders/${orderId}/refunds`, wooRefundSchema, refund);
  }

  async #call<T>(
    method: Method,
    endpoint: string,
    schema: z.ZodType<T>,
    body?: object,
    params: Record<string, string> = {},
  ): Promise<T> {
    let response: { data: unknown };
    try {
      response =
        method === "get"
          ? await this.#api.get(endpoint, params)
          : await this.#api[method](endpoint, body ?? {}, params);
    } catch (error) {
      throw toApiError(method, endpoint, error);
    }
    const parsed = schema.safeParse(response.data);
    if (!parsed.success) {
      // A 2xx that is not WooCommerce's answer (a caching proxy, a maintenance page).
      throw new SmspayError(
        "platform_error",
        `WooCommerce answered ${method.toUpperCase()} ${endpoint} with an unexpected body`,
        { retryable: true },
      );
    }
    return parsed.data;
  }
}

/** A WooCommerce answer outside 2xx (status 0: no answer at all). */
export class WooCommerceApiError extends SmspayError {
  readonly status: number;
  readonly wooCode: string | undefined;

  constructor(message: string, status: number, wooCode: string | undefined, cause: unknown) {
    // Network failures, 5xx and throttling pass; other 4xx answers will not change.
    const retryable = status === 0 || status === 429 || status >= 500;
    super("platform_error", message, { retryable, cause });
    this.status = status;
    this.wooCode = wooCode;
  }
}

function toApiError(method: Method, endpoint: string, error: unknown): WooCommerceApiError {
  const response = (error as { response?: { status?: unknown; data?: unknown } }).response;
  const what = `WooCommerce ${method.toUpperCase()} ${endpoint}`;
  if (typeof response?.status !== "number") {
    const reason =
      (error as { code?: unknown }).code === "ERR_CANCELED"
        ? "no answer within the timeout"
        : error instanceof Error
          ? error.message
          : String(error);
    return new WooCommerceApiError(`${what} failed: ${reason}`, 0, undefined, error);
  }
  const wpError = wpErrorSchema.safeParse(response.data);
  const detail = wpError.success ? `${wpError.data.code}: ${wpError.data.message}` : "no details";
  return new WooCommerceApiError(
    `${what} answered ${response.status} (${detail})`,
    response.status,
    wpError.success ? wpError.data.code : undefined,
    error,
  );
}

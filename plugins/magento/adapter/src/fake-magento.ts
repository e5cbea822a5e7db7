// A strict fake of the Magento 2 REST API (the Sales endpoints smspay calls),
// on a real HTTP server on 127.0.0.1. Built from Magento's documented
// payloads and its behaviour: it checks the OAuth 1.0a signature for real (or
// the bearer token, refused unless the shop enabled bearer integration
// tokens), answers unknown routes and fields with Magento's errors, and
// applies the same rules as Magento's services (no second invoice, no
// cancellation of an invoiced order, no refund above what was paid). The
// capture step models the Smspay_SmsPayment module's capture command.

import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type PlatformOrderState, parseDecimalAmount, toDecimalString } from "@smspay/core";
import type { FakeOrderView } from "@smspay/testkit";
import { z } from "zod";
import { OAuth1Verifier, type OAuthCredentials } from "./oauth1-verifier.ts";

export type FakeMagentoOptions = {
  readonly credentials: OAuthCredentials;
  /** oauth/consumer/enable_integration_as_bearer (off by default since Magento 2.4.4). */
  readonly bearerTokensEnabled?: boolean;
};

type Comment = {
  readonly comment: string;
  readonly status: string | null;
  readonly isCustomerNotified: boolean;
  readonly isVisibleOnFront: boolean;
};

type CreditMemo = {
  readonly id: number;
  readonly amount: number;
  readonly transactionId: string | null;
  readonly comments: string[];
};

type Order = {
  readonly id: number;
  readonly currency: string;
  readonly grandTotal: number;
  readonly itemId: number;
  state: string;
  status: string;
  invoiced: number;
  paid: number;
  refunded: number;
  timesMarkedPaid: number;
  gatewayRefunds: number;
  transactionId: string | null;
  invoiceIds: number[];
  readonly paymentInformation: Record<string, string>;
  readonly comments: Comment[];
  readonly creditMemos: CreditMemo[];
};

/** A Magento error answer: the status and Magento's `{message, parameters}` body. */
class MagentoFault extends Error {
  readonly status: number;
  readonly parameters: Record<string, string> | string[] | undefined;
  constructor(status: number, message: string, parameters?: Record<string, string> | string[]) {
    super(message);
    this.status = status;
    this.parameters = parameters;
  }
}

const NO_ROUTE = "Request does not match any route.";
const NO_ENTITY = "The entity that was requested doesn't exist. Verify the entity and try again.";

const flag = z.union([z.boolean(), z.literal(0), z.literal(1)]);
const itemLines = z.array(
  z.object({ order_item_id: z.number().int(), qty: z.number().min(0) }).strict(),
);
const documentComment = z
  .object({ comment: z.string(), is_visible_on_front: flag.optional() })
  .strict();

// Magento maps JSON onto its service interfaces: an unknown property is a 400.
const invoiceBody = z
  .object({
    capture: z.boolean().optional(),
    items: itemLines.optional(),
    notify: z.boolean().optional(),
    appendComment: z.boolean().optional(),
    comment: documentComment.optional(),
    arguments: z
      .object({
        // Declared by the Smspay_SmsPayment module's extension_attributes.xml.
        extension_attributes: z.object({ smspay_payment_id: z.string().min(1) }).strict(),
      })
      .strict()
      .optional(),
  })
  .strict();

const commentBody = z
  .object({
    statusHistory: z
      .object({
        comment: z.string().min(1),
        is_customer_notified: flag,
        is_visible_on_front: flag,
        status: z.string().optional(),
        parent_id: z.number().int().optional(),
        entity_name: z.string().optional(),
      })
      .strict(),
  })
  .strict();

const refundBody = z
  .object({
    items: itemLines.optional(),
    notify: z.boolean().optional(),
    appendComment: z.boolean().optional(),
    comment: documentComment.optional(),
    arguments: z
      .object({
        shipping_amount: z.number().min(0).optional(),
        adjustment_positive: z.number().min(0).optional(),
        adjustment_negative: z.number().min(0).optional(),
        extension_attributes: z
          .object({ return_to_stock_items: z.array(z.number().int()) })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const onlineRefundBody = refundBody.extend({ isOnline: z.boolean().optional() }).strict();

type Route = {
  readonly method: "GET" | "POST";
  readonly pattern: RegExp;
  readonly handle: (match: RegExpExecArray, body: unknown, url: URL) => unknown;
};

export class FakeMagento {
  readonly #server: Server;
  readonly #options: FakeMagentoOptions;
  readonly #oauth: OAuth1Verifier;
  readonly #orders = new Map<number, Order>();
  readonly #routes: Route[];
  #nextId = 1;
  #failures = 0;
  /** Every call that reached the API (after authentication), for assertions. */
  readonly calls: { method: string; path: string }[] = [];
  baseUrl = "";

  private constructor(options: FakeMagentoOptions) {
    this.#options = options;
    this.#oauth = new OAuth1Verifier(options.credentials);
    this.#server = createServer((req, res) => {
      this.#serve(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ message: String(error) }));
      });
    });
    this.#routes = [
      {
        method: "GET",
        pattern: /^\/orders\/(\d+)$/,
        handle: (m) => this.#orderJson(this.#order(m)),
      },
      {
        method: "POST",
        pattern: /^\/order\/(\d+)\/invoice$/,
        handle: (m, body) => this.#invoice(this.#order(m), parseBody(invoiceBody, body)),
      },
      {
        method: "POST",
        pattern: /^\/orders\/(\d+)\/comments$/,
        handle: (m, body) => this.#comment(this.#order(m), parseBody(commentBody, body)),
      },
      {
        method: "POST",
        pattern: /^\/orders\/(\d+)\/cancel$/,
        handle: (m) => this.#cancel(this.#order(m)),
      },
      {
        method: "GET",
        pattern: /^\/creditmemos$/,
        handle: (_m, _b, url) => this.#creditMemos(url),
      },
      {
        method: "POST",
        pattern: /^\/order\/(\d+)\/refund$/,
        handle: (m, body) => this.#refund(this.#order(m), parseBody(refundBody, body), false),
      },
      {
        method: "POST",
        pattern: /^\/invoice\/(\d+)\/refund$/,
        handle: (m, body) => {
          const invoiceId = Number(m[1]);
          const order = [...this.#orders.values()].find((o) => o.invoiceIds.includes(invoiceId));
          if (!order) throw new MagentoFault(404, NO_ENTITY);
          const parsed = parseBody(onlineRefundBody, body);
          return this.#refund(order, parsed, parsed.isOnline === true);
        },
      },
    ];
  }

  static async start(options: FakeMagentoOptions): Promise<FakeMagento> {
    const fake = new FakeMagento(options);
    fake.#server.listen(0, "127.0.0.1");
    await once(fake.#server, "listening");
    const { port } = fake.#server.address() as AddressInfo;
    fake.baseUrl = `http://127.0.0.1:${port}`;
    return fake;
  }

  /** An order placed at checkout with the SMS method, awaiting payment; returns its entity id. */
  createOrder(input: { amount: number; currency: string }): string {
    const id = this.#nextId++;
    this.#orders.set(id, {
      id,
      currency: input.currency,
      grandTotal: input.amount,
      itemId: 1000 + id,
      state: "pending_payment",
      status: "pending_payment",
      invoiced: 0,
      paid: 0,
      refunded: 0,
      timesMarkedPaid: 0,
      gatewayRefunds: 0,
      transactionId: null,
      invoiceIds: [],
      paymentInformation: {},
      comments: [],
      creditMemos: [],
    });
    return String(id);
  }

  /** What the module's redirect controller stores on the order payment. */
  setPaymentInformation(orderRef: string, information: Record<string, string>): void {
    Object.assign(this.#require(orderRef).paymentInformation, information);
  }

  inspect(orderRef: string): FakeOrderView {
    const order = this.#require(orderRef);
    return {
      state: platformState(order),
      timesMarkedPaid: order.timesMarkedPaid,
      refundedAmount: order.refunded,
      gatewayRefunds: order.gatewayRefunds,
      transactionId: order.transactionId,
    };
  }

  /** The order's comments (newest last) and credit memos, for assertions. */
  history(orderRef: string): { comments: readonly Comment[]; creditMemos: readonly CreditMemo[] } {
    const order = this.#require(orderRef);
    return { comments: order.comments, creditMemos: order.creditMemos };
  }

  failNext(count: number): void {
    this.#failures = count;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, "close");
  }

  #require(orderRef: string): Order {
    const order = this.#orders.get(Number(orderRef));
    if (!order) throw new Error(`the fake has no order ${orderRef}`);
    return order;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    };
    if (this.#failures > 0) {
      this.#failures -= 1;
      send(503, { message: "Service Unavailable" });
      return;
    }
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
    try {
      const rejection = this.#authenticate(req, url);
      if (rejection) {
        throw new MagentoFault(401, "The consumer isn't authorized to access %resources.", {
          resources: "Magento_Sales::sales",
        });
      }
      const path = /^\/rest\/(?:[a-z0-9_]+\/)?V1(\/.*)$/.exec(url.pathname)?.[1];
      const route = path
        ? this.#routes
            .map((r) => ({
              route: r,
              match: r.method === req.method ? r.pattern.exec(path) : null,
            }))
            .find((r) => r.match)
        : undefined;
      if (!path || !route?.match) throw new MagentoFault(404, NO_ROUTE);
      let body: unknown;
      if (req.method === "POST" && raw !== "") {
        if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
          throw new MagentoFault(
            400,
            "Server cannot understand Content-Type HTTP header media type %1",
            [req.headers["content-type"] ?? ""],
          );
        }
        try {
          body = JSON.parse(raw);
        } catch {
          throw new MagentoFault(400, "Decoding error: \nSyntax error");
        }
      }
      this.calls.push({ method: req.method ?? "", path });
      send(200, route.route.handle(route.match, body ?? {}, url));
    } catch (error) {
      if (!(error instanceof MagentoFault)) throw error;
      send(error.status, {
        message: error.message,
        ...(error.parameters ? { parameters: error.parameters } : {}),
      });
    }
  }

  #authenticate(req: IncomingMessage, url: URL): string | undefined {
    const header = req.headers.authorization ?? "";
    if (/^Bearer\s/i.test(header)) {
      if (!this.#options.bearerTokensEnabled) return "integration tokens are not bearer tokens";
      return header.slice(7).trim() === this.#options.credentials.accessToken
        ? undefined
        : "unknown token";
    }
    return this.#oauth.verify({ method: req.method ?? "GET", url, authorization: header });
  }

  #order(match: RegExpExecArray): Order {
    const order = this.#orders.get(Number(match[1]));
    if (!order) throw new MagentoFault(404, NO_ENTITY);
    return order;
  }

  #invoice(order: Order, body: z.infer<typeof invoiceBody>): string {
    const open = ["new", "pending_payment", "processing"].includes(order.state);
    if (!open || order.invoiced > 0) {
      throw new MagentoFault(400, "The order does not allow an invoice to be created.");
    }
    if (body.items && body.items.length > 0) {
      // Partial invoices are not something smspay ever asks for.
      throw new MagentoFault(400, "The fake only invoices whole orders.");
    }
    if (body.capture) {
      // The module's capture command: the SMS payment it records as the transaction.
      const paymentId =
        body.arguments?.extension_attributes.smspay_payment_id ??
        order.paymentInformation.smspay_payment_id;
      if (!paymentId) throw new MagentoFault(400, "The SMS payment for this order is unknown.");
      order.paymentInformation.smspay_payment_id = paymentId;
      order.transactionId = paymentId;
    }
    order.invoiced = order.grandTotal;
    order.paid = order.grandTotal;
    order.state = "processing";
    order.status = "processing";
    order.timesMarkedPaid += 1;
    const invoiceId = 5000 + order.id * 10 + order.invoiceIds.length;
    order.invoiceIds.push(invoiceId);
    return String(invoiceId);
  }

  #comment(order: Order, body: z.infer<typeof commentBody>): boolean {
    const { statusHistory: history } = body;
    if (history.status !== undefined && history.status !== order.status) {
      throw new MagentoFault(400, "Order status %1 does not belong to the order's state.", [
        history.status,
      ]);
    }
    order.comments.push({
      comment: history.comment,
      status: history.status ?? null,
      isCustomerNotified: Boolean(history.is_customer_notified),
      isVisibleOnFront: Boolean(history.is_visible_on_front),
    });
    return true;
  }

  #cancel(order: Order): boolean {
    const cancellable = ["new", "pending_payment", "processing", "payment_review", "holded"];
    if (!cancellable.includes(order.state) || order.invoiced > 0) return false;
    order.state = "canceled";
    order.status = "canceled";
    return true;
  }

  #creditMemos(url: URL): unknown {
    const criteria = [...url.searchParams.keys()].filter((k) => k.startsWith("searchCriteria"));
    if (criteria.length === 0) {
      throw new MagentoFault(400, '"%fieldName" is required. Enter and try again.', {
        fieldName: "searchCriteria",
      });
    }
    const prefix = "searchCriteria[filter_groups][0][filters][0]";
    const field = url.searchParams.get(`${prefix}[field]`);
    const value = url.searchParams.get(`${prefix}[value]`);
    const condition = url.searchParams.get(`${prefix}[condition_type]`) ?? "eq";
    const known = new Set([`${prefix}[field]`, `${prefix}[value]`, `${prefix}[condition_type]`]);
    if (field !== "order_id" || condition !== "eq" || criteria.some((k) => !known.has(k))) {
      throw new MagentoFault(400, "The fake searches credit memos by order_id only.");
    }
    const order = this.#orders.get(Number(value));
    const items = (order?.creditMemos ?? []).map((memo) => ({
      entity_id: memo.id,
      order_id: order?.id,
      state: 2,
      order_currency_code: order?.currency,
      grand_total: decimal(memo.amount, order?.currency ?? "EUR"),
      ...(memo.transactionId ? { transaction_id: memo.transactionId } : {}),
      comments: memo.comments.map((comment, i) => ({
        entity_id: memo.id * 100 + i,
        parent_id: memo.id,
        comment,
        is_customer_notified: 0,
        is_visible_on_front: 0,
      })),
    }));
    return {
      items,
      search_criteria: {
        filter_groups: [{ filters: [{ field, value, condition_type: condition }] }],
      },
      total_count: items.length,
    };
  }

  #refund(order: Order, body: z.infer<typeof refundBody>, online: boolean): string {
    if (order.paid === 0 || order.state === "canceled" || order.state === "closed") {
      throw new MagentoFault(400, "The order does not allow a creditmemo to be created.");
    }
    const args = body.arguments ?? {};
    const lines = body.items ?? [];
    for (const line of lines) {
      if (line.order_item_id !== order.itemId) {
        throw new MagentoFault(
          400,
          "The creditmemo contains product item that is not part of the original order.",
        );
      }
      if (line.qty > 1)
        throw new MagentoFault(
          400,
          "The quantity to creditmemo must not be greater than the unrefunded quantity.",
        );
    }
    // No items at all means "every line in full", as in Magento.
    const itemsAmount =
      lines.length === 0
        ? order.grandTotal
        : lines.reduce((sum, l) => sum + l.qty * order.grandTotal, 0);
    if ((args.shipping_amount ?? 0) > 0) {
      throw new MagentoFault(400, "Maximum shipping amount allowed to refund is: %1", ["0.00"]);
    }
    const amount =
      itemsAmount +
      this.#minor(args.adjustment_positive ?? 0, order.currency) -
      this.#minor(args.adjustment_negative ?? 0, order.currency);
    if (amount <= 0) throw new MagentoFault(400, "The credit memo's total must be positive.");
    const left = order.paid - order.refunded;
    if (amount > left) {
      throw new MagentoFault(400, "The most money available to refund is %1.", [
        toDecimalString({ amount: left, currency: order.currency }),
      ]);
    }
    order.refunded += amount;
    if (online) order.gatewayRefunds += 1;
    if (order.refunded >= order.paid) {
      order.state = "closed";
      order.status = "closed";
    }
    const memo: CreditMemo = {
      id: 9000 + order.id * 10 + order.creditMemos.length,
      amount,
      transactionId: null,
      comments: body.comment ? [body.comment.comment] : [],
    };
    order.creditMemos.push(memo);
    return String(memo.id);
  }

  #minor(value: number, currency: string): number {
    const amount = parseDecimalAmount(String(value), currency);
    if (amount === undefined) throw new MagentoFault(400, "Invalid amount %1", [String(value)]);
    return amount;
  }

  #orderJson(order: Order): unknown {
    const total = (amount: number) => decimal(amount, order.currency);
    // Like Magento, totals that were never set are left out rather than null.
    return {
      entity_id: order.id,
      increment_id: String(order.id).padStart(9, "0"),
      state: order.state,
      status: order.status,
      order_currency_code: order.currency,
      base_currency_code: order.currency,
      grand_total: total(order.grandTotal),
      base_grand_total: total(order.grandTotal),
      subtotal: total(order.grandTotal),
      ...(order.invoiced > 0 ? { total_invoiced: total(order.invoiced) } : {}),
      ...(order.paid > 0 ? { total_paid: total(order.paid) } : {}),
      ...(order.refunded > 0 ? { total_refunded: total(order.refunded) } : {}),
      total_due: total(order.grandTotal - order.paid),
      items: [
        {
          item_id: order.itemId,
          order_id: order.id,
          sku: "sms-test-item",
          name: "Test item",
          product_type: "simple",
          qty_ordered: 1,
          qty_invoiced: order.invoiced > 0 ? 1 : 0,
          price: total(order.grandTotal),
          row_total: total(order.grandTotal),
        },
      ],
      payment: {
        entity_id: order.id,
        parent_id: order.id,
        method: "smspay",
        amount_ordered: total(order.grandTotal),
        ...(order.transactionId ? { last_trans_id: order.transactionId } : {}),
        // Magento's REST shows additional_information as its values only.
        additional_information: Object.values(order.paymentInformation),
      },
      // Newest first, as Magento sorts them.
      status_histories: order.comments
        .map((c, i) => ({
          entity_id: order.id * 100 + i,
          parent_id: order.id,
          entity_name: "order",
          comment: c.comment,
          ...(c.status === null ? {} : { status: c.status }),
          is_customer_notified: c.isCustomerNotified ? 1 : 0,
          is_visible_on_front: c.isVisibleOnFront ? 1 : 0,
        }))
        .reverse(),
    };
  }
}

function decimal(amount: number, currency: string): number {
  return Number(toDecimalString({ amount, currency }));
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === "unrecognized_keys") {
    throw new MagentoFault(400, 'Property "%1" does not have accessor method in class "%2".', [
      issue.keys[0] ?? "",
      "request",
    ]);
  }
  throw new MagentoFault(400, 'The "%1" value\'s type is invalid.', [issue?.path.join(".") ?? ""]);
}

/** The order's state in the contract's words, from the fake's own books. */
function platformState(order: Order): PlatformOrderState {
  if (order.state === "canceled") return "cancelled";
  if (order.paid > 0) {
    if (order.refunded === 0) return "paid";
    return order.refunded >= order.paid ? "refunded" : "partially_refunded";
  }
  return "awaiting_payment";
}

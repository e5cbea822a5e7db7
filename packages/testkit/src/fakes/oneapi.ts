// A strict fake of an operator's GSMA OneAPI Payment server (charge and refund
// an amount), from the documented shapes: `POST {base}/payment/{endUserId}/transactions/amount`
// with an `amountTransaction` body, errors as `requestError` policy/service
// exceptions, HTTP basic or an OAuth 2.0 client-credentials bearer token. It
// keeps a ledger like the operator's, answers a repeated clientCorrelator with
// the first answer (no second charge), declines the numbers it is told to, and
// can fail the next requests with 503 to exercise retries.

import { randomBytes } from "node:crypto";
import { isSupportedCurrency, parseDecimalAmount } from "@smspay/core";
import { FakeHttpServer, type FakeRequest, type FakeResponse, header, hex } from "./fake-http.ts";

export type OneApiFakeAuth =
  | { readonly type: "basic"; readonly username: string; readonly password: string }
  | {
      readonly type: "oauth2";
      readonly clientId: string;
      readonly clientSecret: string;
      readonly expiresInSeconds?: number;
    };

export type OneApiFakeOptions = {
  /** What comes before `/payment/...` on this server, e.g. "/oneapi/1". */
  readonly basePath?: string;
  readonly auth: OneApiFakeAuth;
  /** E.164 numbers the operator refuses to charge, with the exception id it answers (e.g. POL1000). */
  readonly declines?: Readonly<Record<string, string>>;
  readonly now?: () => number;
};

export type OneApiFakeTransaction = {
  readonly serverReferenceCode: string;
  readonly clientCorrelator: string;
  readonly referenceCode: string;
  readonly endUserId: string;
  readonly status: "Charged" | "Refunded";
  /** Minor units. */
  readonly amount: number;
  readonly currency: string;
  readonly description: string;
  readonly channel: string | undefined;
  readonly originalServerReferenceCode: string | undefined;
};

// The exception texts of the OneAPI Payment API (as operators publish them).
const EXCEPTION_TEXTS: Readonly<Record<string, string>> = {
  POL0253: "Payment operation refused by user",
  POL0254: "The amount exceeds the operator limit for a single charge",
  POL1000: "User has insufficient credit for transaction",
  POL1001: "The %1 operator charging limit for this user has been exceeded",
  POL1002: "The charge happened too soon after the previous one",
  POL1005:
    "A refund request requires the originalServerReferenceCode for the charge that is being refunded",
  POL1006: "originalServerReferenceCode not valid",
  POL2010: "Inconsistent transaction",
  SVC0001: "A service error occurred. Error code is %1",
  SVC0002: "Invalid input value for message part %1",
  SVC0004: "No valid addresses provided in message part %1",
  SVC0007: "Invalid charging information",
  SVC0270: "Charging operation failed, the charge was not applied",
};

const TRANSACTION_KEYS = new Set([
  "endUserId",
  "paymentAmount",
  "referenceCode",
  "clientCorrelator",
  "transactionOperationStatus",
  "originalServerReferenceCode",
  "notifyURL",
  "callbackData",
]);
const PAYMENT_AMOUNT_KEYS = new Set(["chargingInformation", "chargingMetaData"]);
const CHARGING_INFORMATION_KEYS = new Set(["amount", "currency", "description", "code"]);
const CHARGING_METADATA_KEYS = new Set([
  "onBehalfOf",
  "purchaseCategoryCode",
  "channel",
  "taxAmount",
  "serviceID",
  "productID",
]);
const CHANNELS = new Set(["WAP", "WEB", "SMS"]);
const END_USER_ID = /^tel:\+[1-9]\d{6,14}$/;
const TOKEN_PATH = "/oauth/token";

type Answer = { readonly status: number; readonly body: object };
type Stored = { readonly fingerprint: string; readonly answer: Answer };

export class OneApiFake {
  readonly #options: OneApiFakeOptions;
  readonly #now: () => number;
  readonly #transactions: OneApiFakeTransaction[] = [];
  readonly #byCorrelator = new Map<string, Stored>();
  readonly #tokens = new Map<string, number>();
  #server!: FakeHttpServer;
  #failures: { count: number; status: number } = { count: 0, status: 503 };
  #paymentRequests = 0;
  #tokensIssued = 0;

  private constructor(options: OneApiFakeOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  static async start(options: OneApiFakeOptions): Promise<OneApiFake> {
    const fake = new OneApiFake(options);
    fake.#server = await FakeHttpServer.start((request) => fake.#handle(request));
    return fake;
  }

  /** The base the client is configured with: payments live at `${baseUrl}/payment/...`. */
  get baseUrl(): string {
    return `${this.#server.url}${this.#options.basePath ?? ""}`;
  }

  get tokenUrl(): string {
    return `${this.#server.url}${TOKEN_PATH}`;
  }

  /** The operator's ledger: every charge and refund applied, oldest first. */
  transactions(): readonly OneApiFakeTransaction[] {
    return [...this.#transactions];
  }

  /** Payment requests received (repeats included), whatever their answer. */
  get paymentRequests(): number {
    return this.#paymentRequests;
  }

  get tokensIssued(): number {
    return this.#tokensIssued;
  }

  /** The next `count` requests (token or payment) answer `status` without doing anything. */
  failNext(count: number, status = 503): void {
    this.#failures = { count, status };
  }

  /** Forgets every token issued (as a server restart or a key rotation does). */
  revokeTokens(): void {
    this.#tokens.clear();
  }

  close(): Promise<void> {
    return this.#server.close();
  }

  #handle(request: FakeRequest): FakeResponse {
    if (this.#failures.count > 0) {
      this.#failures.count -= 1;
      return { status: this.#failures.status, body: { error: "service unavailable" } };
    }
    if (request.path === TOKEN_PATH) return this.#token(request);
    const base = this.#options.basePath ?? "";
    const match = new RegExp(`^${escapeRegExp(base)}/payment/([^/]+)/transactions/amount$`).exec(
      request.path,
    );
    if (!match?.[1]) return { status: 404, body: { error: `no resource at ${request.path}` } };
    if (request.method !== "POST") return { status: 405, body: { error: "POST only" } };
    if (!this.#authorized(header(request.headers, "authorization"))) {
      return {
        status: 401,
        headers: { "www-authenticate": this.#options.auth.type === "basic" ? "Basic" : "Bearer" },
        body: { error: "unauthorized" },
      };
    }
    this.#paymentRequests += 1;
    return this.#payment(decodeURIComponent(match[1]), request);
  }

  #token(request: FakeRequest): FakeResponse {
    const { auth } = this.#options;
    if (auth.type !== "oauth2" || request.method !== "POST") {
      return { status: 404, body: { error: "no token endpoint" } };
    }
    if (!header(request.headers, "content-type")?.startsWith("application/x-www-form-urlencoded")) {
      return { status: 400, body: { error: "invalid_request" } };
    }
    const expected = `Basic ${Buffer.from(`${auth.clientId}:${auth.clientSecret}`).toString("base64")}`;
    if (header(request.headers, "authorization") !== expected) {
      return { status: 401, body: { error: "invalid_client" } };
    }
    const form = new URLSearchParams(request.body.toString("utf8"));
    if (form.get("grant_type") !== "client_credentials") {
      return { status: 400, body: { error: "unsupported_grant_type" } };
    }
    const token = randomBytes(18).toString("base64url");
    const expiresIn = auth.expiresInSeconds ?? 3600;
    this.#tokens.set(token, this.#now() + expiresIn * 1000);
    this.#tokensIssued += 1;
    return {
      status: 200,
      headers: { "cache-control": "no-store" },
      body: { access_token: token, token_type: "Bearer", expires_in: expiresIn },
    };
  }

  #authorized(authorization: string | undefined): boolean {
    const { auth } = this.#options;
    if (auth.type === "basic") {
      const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`;
      return authorization === expected;
    }
    const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1];
    const until = token === undefined ? undefined : this.#tokens.get(token);
    return until !== undefined && until > this.#now();
  }

  #payment(pathUser: string, request: FakeRequest): FakeResponse {
    if (!header(request.headers, "content-type")?.startsWith("application/json")) {
      return exception("SVC0001", "Content-Type must be application/json");
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body.toString("utf8"));
    } catch {
      return exception("SVC0001", "the body is not JSON");
    }
    const checked = this.#check(pathUser, parsed);
    if (!("operation" in checked)) return checked;
    const earlier = this.#byCorrelator.get(checked.clientCorrelator);
    if (earlier) {
      // The same correlator for another request is a client bug the server refuses.
      return earlier.fingerprint === checked.fingerprint
        ? earlier.answer
        : exception("SVC0002", "clientCorrelator was already used for another transaction");
    }
    const answer = this.#apply(checked);
    // Decisions are kept (a retry gets the same one); malformed requests decided nothing.
    if (answer.status < 500) {
      this.#byCorrelator.set(checked.clientCorrelator, {
        fingerprint: checked.fingerprint,
        answer,
      });
    }
    return answer;
  }

  /** The request's fields, or the exception a strict server answers. */
  #check(pathUser: string, parsed: unknown): Checked | FakeResponse {
    const transaction = record(record(parsed)?.amountTransaction);
    if (!transaction) return exception("SVC0002", "amountTransaction");
    const unknown = unknownKey(transaction, TRANSACTION_KEYS);
    if (unknown) return exception("SVC0002", `amountTransaction.${unknown}`);
    if (!END_USER_ID.test(pathUser)) return exception("SVC0004", "endUserId (path)");
    if (transaction.endUserId !== pathUser) {
      return exception("SVC0002", "endUserId must be the same in the URL and the body");
    }
    const amount = record(transaction.paymentAmount);
    const info = record(amount?.chargingInformation);
    const meta = amount?.chargingMetaData === undefined ? {} : record(amount.chargingMetaData);
    if (!amount || !info || !meta) return exception("SVC0007", "paymentAmount");
    const unknownPart =
      unknownKey(amount, PAYMENT_AMOUNT_KEYS) ??
      unknownKey(info, CHARGING_INFORMATION_KEYS) ??
      unknownKey(meta, CHARGING_METADATA_KEYS);
    if (unknownPart) return exception("SVC0002", unknownPart);
    const { currency, description } = info;
    if (typeof currency !== "string" || !isSupportedCurrency(currency)) {
      return exception("SVC0007", "currency");
    }
    const minor =
      typeof info.amount === "string" ? parseDecimalAmount(info.amount, currency) : undefined;
    if (minor === undefined || minor <= 0) return exception("SVC0007", "amount");
    if (typeof description !== "string" || description.trim() === "" || description.length > 160) {
      return exception("SVC0007", "description");
    }
    if (
      meta.channel !== undefined &&
      (typeof meta.channel !== "string" || !CHANNELS.has(meta.channel))
    ) {
      return exception("SVC0002", "channel");
    }
    const { referenceCode, clientCorrelator, transactionOperationStatus: status } = transaction;
    if (typeof referenceCode !== "string" || referenceCode === "") {
      return exception("SVC0002", "referenceCode");
    }
    // Optional in OneAPI; smspay's idempotency rests on it, so this fake insists.
    if (typeof clientCorrelator !== "string" || clientCorrelator === "") {
      return exception("SVC0002", "clientCorrelator");
    }
    if (status !== "Charged" && status !== "Refunded") {
      return exception("SVC0002", "transactionOperationStatus");
    }
    const original = transaction.originalServerReferenceCode;
    if (original !== undefined && (typeof original !== "string" || status !== "Refunded")) {
      return exception("SVC0002", "originalServerReferenceCode");
    }
    return {
      endUserId: pathUser,
      operation: status,
      amount: minor,
      currency,
      description,
      referenceCode,
      clientCorrelator,
      channel: typeof meta.channel === "string" ? meta.channel : undefined,
      originalServerReferenceCode: original,
      chargingInformation: info,
      chargingMetaData: meta,
      fingerprint: JSON.stringify([pathUser, status, minor, currency, original ?? null]),
    };
  }

  #apply(request: Checked): Answer {
    const phone = request.endUserId.slice("tel:".length);
    const declined = this.#options.declines?.[phone];
    if (declined && request.operation === "Charged") return exception(declined);
    if (request.operation === "Refunded") {
      const refused = this.#refusedRefund(request);
      if (refused) return refused;
    }
    const transaction: OneApiFakeTransaction = {
      serverReferenceCode: `${request.operation === "Charged" ? "chg" : "ref"}-${hex(16)}`,
      clientCorrelator: request.clientCorrelator,
      referenceCode: request.referenceCode,
      endUserId: request.endUserId,
      status: request.operation,
      amount: request.amount,
      currency: request.currency,
      description: request.description,
      channel: request.channel,
      originalServerReferenceCode: request.originalServerReferenceCode,
    };
    this.#transactions.push(transaction);
    const total = request.operation === "Charged" ? "totalAmountCharged" : "totalAmountRefunded";
    return {
      status: 201,
      body: {
        amountTransaction: {
          clientCorrelator: request.clientCorrelator,
          endUserId: request.endUserId,
          paymentAmount: {
            chargingInformation: request.chargingInformation,
            chargingMetaData: request.chargingMetaData,
            [total]: request.chargingInformation.amount,
          },
          referenceCode: request.referenceCode,
          serverReferenceCode: transaction.serverReferenceCode,
          ...(request.originalServerReferenceCode
            ? { originalServerReferenceCode: request.originalServerReferenceCode }
            : {}),
          resourceURL: `${this.baseUrl}/payment/${encodeURIComponent(request.endUserId)}/transactions/amount/${transaction.serverReferenceCode}`,
          transactionOperationStatus: request.operation,
        },
      },
    };
  }

  #refusedRefund(request: Checked): Answer | undefined {
    const original = request.originalServerReferenceCode;
    if (!original) return exception("POL1005");
    const charge = this.#transactions.find(
      (t) => t.status === "Charged" && t.serverReferenceCode === original,
    );
    if (charge?.endUserId !== request.endUserId || charge.currency !== request.currency) {
      return exception("POL1006");
    }
    const refunded = this.#transactions
      .filter((t) => t.originalServerReferenceCode === original)
      .reduce((sum, t) => sum + t.amount, 0);
    return refunded + request.amount > charge.amount ? exception("POL2010") : undefined;
  }
}

type Checked = {
  readonly endUserId: string;
  readonly operation: "Charged" | "Refunded";
  readonly amount: number;
  readonly currency: string;
  readonly description: string;
  readonly referenceCode: string;
  readonly clientCorrelator: string;
  readonly channel: string | undefined;
  readonly originalServerReferenceCode: string | undefined;
  readonly chargingInformation: Readonly<Record<string, unknown>>;
  readonly chargingMetaData: Readonly<Record<string, unknown>>;
  /** What a repeat of the same clientCorrelator must carry to be the same request. */
  readonly fingerprint: string;
};

/** A requestError: policy exceptions (POL) are 403, service exceptions (SVC) 400. */
function exception(messageId: string, variable?: string): Answer {
  const policy = messageId.startsWith("POL");
  const text = EXCEPTION_TEXTS[messageId] ?? "A policy error occurred. Error code is %1";
  return {
    status: policy ? 403 : 400,
    body: {
      requestError: {
        [policy ? "policyException" : "serviceException"]: {
          messageId,
          text,
          variables: variable === undefined ? [] : [variable],
        },
      },
    },
  };
}

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function unknownKey(object: Readonly<Record<string, unknown>>, known: ReadonlySet<string>) {
  return Object.keys(object).find((key) => !known.has(key));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

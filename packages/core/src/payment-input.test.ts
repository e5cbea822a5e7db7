import { describe, expect, it } from "vitest";
import { z } from "zod";
import { SmspayError } from "./errors.ts";
import {
  type CreatePaymentInput,
  createPaymentSchema,
  parseOrThrow,
  requestFingerprint,
} from "./payment-input.ts";

const MINIMAL = {
  amount: 450,
  currency: "EUR",
  orderRef: "order-1001",
  returnUrl: "https://shop.example/return",
} as const;

const FULL = {
  ...MINIMAL,
  description: "T-shirt, size M",
  cancelUrl: "https://shop.example/cancel",
  customer: { phone: "+33612345678", email: "ada@example.com", locale: "fr-FR" },
  metadata: { cartId: "c-42", channel: "web" },
};

function requestError(input: unknown): SmspayError {
  try {
    parseOrThrow(createPaymentSchema, input, "payment");
  } catch (error) {
    if (error instanceof SmspayError) return error;
    throw error;
  }
  throw new Error("expected the request to be refused");
}

const badFields = (input: unknown): string[] =>
  requestError(input).fields.map((field) => field.path);

describe("createPaymentSchema", () => {
  it("accepts the minimal documented body", () => {
    expect(parseOrThrow(createPaymentSchema, MINIMAL, "payment")).toEqual(MINIMAL);
  });

  it("accepts the full documented body", () => {
    const parsed: CreatePaymentInput = parseOrThrow(createPaymentSchema, FULL, "payment");
    expect(parsed).toEqual(FULL);
  });

  it("accepts a customer with only some fields, and plain http URLs", () => {
    const body = {
      ...MINIMAL,
      returnUrl: "http://localhost:3000/done",
      customer: { email: "ada@example.com" },
    };
    expect(createPaymentSchema.safeParse(body).success).toBe(true);
    expect(createPaymentSchema.safeParse({ ...MINIMAL, customer: {} }).success).toBe(true);
    expect(createPaymentSchema.safeParse({ ...MINIMAL, customer: { locale: "fr" } }).success).toBe(
      true,
    );
  });

  it("trims the order reference and description", () => {
    const parsed = createPaymentSchema.parse({
      ...MINIMAL,
      orderRef: "  order-1001 ",
      description: " Mug ",
    });
    expect(parsed.orderRef).toBe("order-1001");
    expect(parsed.description).toBe("Mug");
  });

  it.each([
    ["zero", 0],
    ["negative", -1],
    ["fractional", 1.5],
    ["a decimal string", "450"],
    ["a string in major units", "4.50"],
    ["beyond the safe integer range", 2 ** 53],
    ["NaN", Number.NaN],
    ["null", null],
  ])("rejects an amount that is %s", (_what, amount) => {
    expect(badFields({ ...MINIMAL, amount })).toEqual(["amount"]);
  });

  it.each(["XYZ", "eur", "EURO", "", "€"])("rejects the currency %j", (currency) => {
    expect(badFields({ ...MINIMAL, currency })).toEqual(["currency"]);
  });

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://shop.example/return",
    "file:///etc/passwd",
    "//shop.example/return",
    "/return",
    "shop.example/return",
    "",
    `https://shop.example/${"a".repeat(2048)}`,
  ])("rejects the return URL %j", (returnUrl) => {
    expect(badFields({ ...MINIMAL, returnUrl })).toEqual(["returnUrl"]);
  });

  it("rejects a non-http cancel URL", () => {
    expect(badFields({ ...MINIMAL, cancelUrl: "javascript:alert(1)" })).toEqual(["cancelUrl"]);
  });

  it("rejects missing required fields", () => {
    expect(badFields({}).sort()).toEqual(["amount", "currency", "orderRef", "returnUrl"]);
    expect(badFields({ ...MINIMAL, orderRef: "   " })).toEqual(["orderRef"]);
    expect(badFields({ ...MINIMAL, orderRef: "x".repeat(129) })).toEqual(["orderRef"]);
  });

  it("rejects a body that is not an object", () => {
    for (const body of [null, "payment", 450, [MINIMAL]])
      expect(badFields(body)).toEqual(["(body)"]);
  });

  it("rejects bad customer fields by name", () => {
    expect(badFields({ ...MINIMAL, customer: { email: "not-an-email" } })).toEqual([
      "customer.email",
    ]);
    expect(badFields({ ...MINIMAL, customer: { locale: "french please" } })).toEqual([
      "customer.locale",
    ]);
    expect(badFields({ ...MINIMAL, customer: { phone: "0".repeat(33) } })).toEqual([
      "customer.phone",
    ]);
  });

  it("rejects too much metadata", () => {
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, "v"]));
    expect(badFields({ ...MINIMAL, metadata: many })).toEqual(["metadata"]);
    expect(badFields({ ...MINIMAL, metadata: { k: "v".repeat(501) } })).toEqual(["metadata.k"]);
    expect(badFields({ ...MINIMAL, metadata: { k: 1 } })).toEqual(["metadata.k"]);
  });

  it("rejects unknown top-level and customer fields, naming each", () => {
    expect(badFields({ ...MINIMAL, amountMajor: "4.50" })).toEqual(["amountMajor"]);
    expect(badFields({ ...MINIMAL, foo: 1, bar: 2 }).sort()).toEqual(["bar", "foo"]);
    expect(badFields({ ...MINIMAL, customer: { name: "Ada" } })).toEqual(["customer.name"]);
  });
});

describe("parseOrThrow", () => {
  it("throws invalid_request naming every bad field", () => {
    const error = requestError({
      amount: 1.5,
      currency: "XYZ",
      orderRef: "o-1",
      returnUrl: "javascript:alert(1)",
      extra: true,
    });
    expect(error.code).toBe("invalid_request");
    expect(error.retryable).toBe(false);
    expect(error.fields.map((field) => field.path).sort()).toEqual([
      "amount",
      "currency",
      "extra",
      "returnUrl",
    ]);
    for (const field of error.fields) expect(field.message.length).toBeGreaterThan(0);
    expect(error.message).toMatch(/^invalid payment: /);
    for (const path of ["amount", "currency", "returnUrl", "extra"])
      expect(error.message).toContain(path);
  });

  it("works with any schema and returns its parsed value", () => {
    const schema = z.object({ n: z.coerce.number() });
    expect(parseOrThrow(schema, { n: "3" }, "thing")).toEqual({ n: 3 });
    const error = (() => {
      try {
        parseOrThrow(schema, { n: "x" }, "thing");
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SmspayError);
    expect((error as SmspayError).message).toMatch(/^invalid thing: n /);
  });
});

describe("requestFingerprint", () => {
  it("is a SHA-256 hex digest", () => {
    expect(requestFingerprint(MINIMAL)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("does not depend on key order, at any depth", () => {
    const reordered = {
      metadata: { channel: "web", cartId: "c-42" },
      customer: { locale: "fr-FR", email: "ada@example.com", phone: "+33612345678" },
      returnUrl: FULL.returnUrl,
      cancelUrl: FULL.cancelUrl,
      orderRef: FULL.orderRef,
      description: FULL.description,
      currency: FULL.currency,
      amount: FULL.amount,
    };
    expect(requestFingerprint(reordered)).toBe(requestFingerprint(FULL));
  });

  it("ignores undefined values", () => {
    expect(requestFingerprint({ ...MINIMAL, description: undefined })).toBe(
      requestFingerprint(MINIMAL),
    );
    expect(
      requestFingerprint({ ...MINIMAL, customer: { email: "a@b.example", phone: undefined } }),
    ).toBe(requestFingerprint({ ...MINIMAL, customer: { email: "a@b.example" } }));
  });

  it("changes when any value changes", () => {
    const base = requestFingerprint(FULL);
    expect(requestFingerprint({ ...FULL, amount: 451 })).not.toBe(base);
    expect(requestFingerprint({ ...FULL, amount: "450" })).not.toBe(base);
    expect(requestFingerprint({ ...FULL, customer: { ...FULL.customer, locale: "en" } })).not.toBe(
      base,
    );
    expect(requestFingerprint({ ...FULL, metadata: {} })).not.toBe(base);
    expect(requestFingerprint({ ...FULL, description: null })).not.toBe(
      requestFingerprint({ ...FULL, description: undefined }),
    );
  });

  it("keeps array order significant", () => {
    expect(requestFingerprint({ a: [1, 2] })).not.toBe(requestFingerprint({ a: [2, 1] }));
  });

  it("cannot be fooled by keys that look like JSON", () => {
    expect(requestFingerprint({ "a,b": 1 })).not.toBe(requestFingerprint({ a: 1, b: 1 }));
    expect(requestFingerprint({ a: '1,"b":2' })).not.toBe(requestFingerprint({ a: 1, b: 2 }));
  });
});

// Generated malformed input against every inbound endpoint: no 5xx, no state
// change, every rejection a problem+json with a stable code.

import { type RunningSmspay, startSmspay } from "@smspay/server/testing";
import { pgliteTestDatabase } from "@smspay/testkit";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const RUNS = 150;

let smspay: RunningSmspay;
let apiKey: string;

beforeAll(async () => {
  smspay = await startSmspay({
    db: (await pgliteTestDatabase().open()).db,
    // A real provider's webhook, so its signature check is what the fuzzer hits.
    config: {
      cloudSms: {
        twilio: {
          accountSid: `AC${"0".repeat(32)}`,
          authToken: "fuzz-auth-token",
          apiBaseUrl: "http://127.0.0.1:9",
        },
      },
    },
  });
  ({ apiKey } = await smspay.merchant("Fuzz Shop"));
});
afterAll(() => smspay.close());

/** What the database holds: a rejected request must leave it exactly so. */
async function snapshot(): Promise<string> {
  const rows = await smspay.smspay.db.prisma.$queryRaw<{ table: string; n: bigint }[]>`
    SELECT 'payments' AS table, count(*) AS n FROM payments
    UNION ALL SELECT 'events', count(*) FROM payment_events
    UNION ALL SELECT 'inbound', count(*) FROM inbound_messages
    UNION ALL SELECT 'outbound', count(*) FROM outbound_messages
    UNION ALL SELECT 'effects', count(*) FROM effects`;
  return rows.map((r) => `${r.table}=${r.n}`).join(",");
}

async function expectCleanRejection(res: Response): Promise<void> {
  expect(res.status, await res.clone().text()).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await res.json()) as { code?: unknown; status?: unknown };
    expect(typeof problem.code).toBe("string");
    expect(problem.status).toBe(res.status);
  }
}

// JSON that is close to valid often enough to reach deep validation.
const nearlyAPayment = fc.record(
  {
    amount: fc.oneof(
      fc.integer({ min: -10, max: 10_000 }),
      fc.double(),
      fc.string(),
      fc.constant(null),
    ),
    currency: fc.oneof(fc.constantFrom("EUR", "eur", "XXX", "", "EURO"), fc.string()),
    orderRef: fc.oneof(
      fc.string(),
      fc.integer(),
      fc.constant(""),
      fc.string({ minLength: 200, maxLength: 300 }),
    ),
    returnUrl: fc.oneof(
      fc.webUrl(),
      fc.constantFrom("javascript:alert(1)", "ftp://x", "", "http://"),
      fc.string(),
    ),
    customer: fc.oneof(
      fc.record(
        { phone: fc.string(), email: fc.string(), locale: fc.string() },
        { requiredKeys: [] },
      ),
      fc.anything(),
    ),
    metadata: fc.anything(),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);

describe("fuzzing inbound endpoints", () => {
  it("POST /v1/payments never fails with 5xx and refuses bad bodies without writing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(nearlyAPayment, fc.anything()), async (body) => {
        const before = await snapshot();
        const res = await fetch(`${smspay.baseUrl}/v1/payments`, {
          method: "POST",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          body: JSON.stringify(body) ?? "null",
        });
        await expectCleanRejection(res);
        if (res.status >= 400) expect(await snapshot()).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });

  it("raw bytes, odd content types and odd headers are refused cleanly", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom(
          "application/json",
          "text/plain",
          "application/x-www-form-urlencoded",
          "application/json; charset=latin1",
        ),
        fc.string({ maxLength: 300 }),
        fc.constantFrom(
          "/v1/payments",
          "/sandbox/sms",
          "/pay/pay_nope/pin",
          "/pay/pay_nope/pin/verify",
        ),
        async (bytes, contentType, idempotencyKey, path) => {
          const before = await snapshot();
          const headers: Record<string, string> = {
            authorization: `Bearer ${apiKey}`,
            "content-type": contentType,
          };
          if (/^[\x20-\x7e]*$/.test(idempotencyKey)) headers["idempotency-key"] = idempotencyKey;
          const res = await fetch(`${smspay.baseUrl}${path}`, {
            method: "POST",
            headers,
            body: bytes,
          });
          await expectCleanRejection(res);
          if (res.status >= 400) expect(await snapshot()).toBe(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("the sandbox MO endpoint and the query strings of the API take anything without 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { from: fc.anything(), to: fc.anything(), text: fc.anything(), messageId: fc.anything() },
          { requiredKeys: [] },
        ),
        fc.string({ maxLength: 100 }),
        async (mo, query) => {
          const res = await fetch(`${smspay.baseUrl}/sandbox/sms`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(mo),
          });
          await expectCleanRejection(res);
          const list = await fetch(
            `${smspay.baseUrl}/v1/payments?${encodeURIComponent(query)}=${encodeURIComponent(query)}&cursor=${encodeURIComponent(query)}`,
            {
              headers: { authorization: `Bearer ${apiKey}` },
            },
          );
          await expectCleanRejection(list);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("unknown and garbled ids in paths are 404s, not errors", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 80 }), async (id) => {
        const path = encodeURIComponent(id);
        for (const url of [
          `/v1/payments/${path}`,
          `/v1/payments/${path}/events`,
          `/pay/${path}`,
          `/pay/${path}/status`,
        ]) {
          const res = await fetch(`${smspay.baseUrl}${url}`, {
            headers: { authorization: `Bearer ${apiKey}` },
          });
          await expectCleanRejection(res);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("transport webhooks refuse forged or garbled traffic before anything is stored", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom("MessageSid", "From", "To", "Body", "SmsStatus", "AccountSid", "x"),
          fc.string({ maxLength: 40 }),
        ),
        fc.option(fc.base64String({ maxLength: 40 })),
        fc.constantFrom("twilio", "kannel", "infobip", "nope", "sandbox"),
        async (form, signature, transport) => {
          const before = await snapshot();
          const headers: Record<string, string> = {
            "content-type": "application/x-www-form-urlencoded",
          };
          if (signature !== null) headers["x-twilio-signature"] = signature;
          const res = await fetch(`${smspay.baseUrl}/webhooks/sms/${transport}`, {
            method: "POST",
            headers,
            body: new URLSearchParams(form).toString(),
          });
          await expectCleanRejection(res);
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(await snapshot()).toBe(before);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

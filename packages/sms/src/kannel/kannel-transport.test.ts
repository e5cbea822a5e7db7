// What the Kannel transport makes of Kannel's callbacks and answers; the
// contract test runs it against a real Kannel.

import { createHmac } from "node:crypto";
import { type InboundHttpRequest, isSmspayError } from "@smspay/core";
import { describe, expect, it } from "vitest";
import { checkSendsmsAnswer, sendsmsUrl } from "./kannel-protocol.ts";
import { KannelTransport } from "./kannel-transport.ts";

const SECRET = "a-shared-secret-of-some-length";
const NOW = new Date("2026-11-27T10:00:00.000Z");
const WEBHOOK = "https://pay.example/webhooks/sms/kannel";

const transport = (options: { secret?: string; allowedIps?: readonly string[] } = {}) =>
  new KannelTransport({
    name: "kannel",
    sendsmsUrl: "http://kannel.internal:13013/cgi-bin/sendsms",
    username: "smspay",
    password: "pw",
    webhookUrl: WEBHOOK,
    secret: options.secret ?? SECRET,
    ...(options.allowedIps ? { allowedIps: options.allowedIps } : {}),
    clock: { now: () => NOW },
  });

const request = (
  query: Record<string, string>,
  remoteAddress = "10.0.0.5",
): InboundHttpRequest => ({
  method: "GET",
  url: `${WEBHOOK}?${new URLSearchParams(query)}`,
  headers: {},
  rawBody: new Uint8Array(),
  remoteAddress,
});

const mo = {
  key: SECRET,
  id: "67e2457f-3240-4d3c-baf5-e9c81de8e133",
  from: "+33612345678",
  to: "84500",
  text: "PAY 4821",
  ts: "1795773600",
  coding: "0",
  charset: "UTF-8",
};

const sig = (id: string, secret = SECRET) =>
  createHmac("sha256", secret).update(`kannel-dlr\n${id}`).digest("base64url");

const errorOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe("Kannel callbacks", () => {
  it("classifies a get-url MO with Kannel's id and the time it gives", async () => {
    expect(await transport().classify(request(mo))).toEqual([
      {
        type: "mo_received",
        transport: "kannel",
        providerMessageId: mo.id,
        from: "+33612345678",
        to: "84500",
        text: "PAY 4821",
        receivedAt: new Date(1795773600 * 1000),
      },
    ]);
  });

  it("refuses an MO without the shared secret, with a wrong one, or when no secret is configured", async () => {
    const { key: _key, ...withoutKey } = mo;
    expect(await transport().classify(request(withoutKey))).toBe("unauthenticated");
    expect(await transport().classify(request({ ...mo, key: `${SECRET}x` }))).toBe(
      "unauthenticated",
    );
    expect(await transport({ secret: "" }).classify(request({ ...mo, key: "" }))).toBe(
      "unauthenticated",
    );
  });

  it("accepts callbacks only from the allow-listed addresses when there is a list", async () => {
    const listed = transport({ allowedIps: ["10.0.0.5"] });
    expect(await listed.classify(request(mo, "::ffff:10.0.0.5"))).toHaveLength(1);
    expect(await listed.classify(request(mo, "10.0.0.6"))).toBe("unauthenticated");
  });

  it("refuses a UCS-2 MO Kannel did not recode, and an MO without its id", async () => {
    const ucs2 = await transport()
      .classify(request({ ...mo, coding: "2", charset: "UTF-16BE" }))
      .catch((error: unknown) => error);
    expect(isSmspayError(ucs2) && ucs2.code).toBe("invalid_request");
    const { id: _id, ...withoutId } = mo;
    const missing = await transport()
      .classify(request(withoutId))
      .catch((error: unknown) => error);
    expect(isSmspayError(missing) && missing.code).toBe("invalid_request");
  });

  it("maps the dlr-url status bits: 1 delivered, 2 failed, 16 rejected by the SMSC", async () => {
    const dlr = (status: string, answer = "") =>
      transport().classify(request({ type: "dlr", id: "mt_1", sig: sig("mt_1"), status, answer }));
    expect(await dlr("1")).toEqual([
      {
        type: "dlr_received",
        transport: "kannel",
        providerMessageId: "mt_1",
        messageId: "mt_1",
        outcome: "delivered",
        receivedAt: NOW,
      },
    ]);
    expect(await dlr("2", "id:1 stat:UNDELIV err:001")).toMatchObject([
      { outcome: "failed", failure: "undeliverable", providerError: "id:1 stat:UNDELIV err:001" },
    ]);
    expect(await dlr("2", "id:1 stat:EXPIRED err:000")).toMatchObject([{ failure: "expired" }]);
    expect(await dlr("16", "NACK/REJECTED")).toMatchObject([
      { outcome: "failed", failure: "rejected" },
    ]);
  });

  it("ignores intermediate states (queued, accepted by the SMSC)", async () => {
    for (const status of ["4", "8"]) {
      expect(
        await transport().classify(request({ type: "dlr", id: "mt_1", sig: sig("mt_1"), status })),
      ).toEqual([]);
    }
  });

  it("refuses a receipt whose signature is not this MT's under our secret", async () => {
    const forged = (query: Record<string, string>) =>
      transport().classify(request({ type: "dlr", status: "1", ...query }));
    expect(await forged({ id: "mt_1" })).toBe("unauthenticated");
    expect(await forged({ id: "mt_2", sig: sig("mt_1") })).toBe("unauthenticated");
    expect(await forged({ id: "mt_1", sig: sig("mt_1", "another secret") })).toBe(
      "unauthenticated",
    );
  });
});

describe("sendsms", () => {
  it("asks for final receipts on a signed dlr-url and names our MT as the account", () => {
    const url = new URL(
      sendsmsUrl({
        baseUrl: "http://kannel.internal:13013/cgi-bin/sendsms",
        username: "smspay",
        password: "pw",
        messageId: "mt_9",
        from: "84500",
        to: "+33612345678",
        text: "Merci ✓",
        dlrUrl: `${WEBHOOK}?type=dlr&id=mt_9&sig=abc&status=%d&answer=%A`,
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      from: "84500",
      to: "+33612345678",
      text: "Merci ✓",
      charset: "UTF-8",
      coding: "2",
      "dlr-mask": "19",
      "dlr-url": `${WEBHOOK}?type=dlr&id=mt_9&sig=abc&status=%d&answer=%A`,
      account: "mt_9",
    });
  });

  it("reads Kannel's answers: accepted or queued is sent; 4xx is final; the rest may pass", () => {
    expect(checkSendsmsAnswer(202, "0: Accepted for delivery")).toBeUndefined();
    expect(checkSendsmsAnswer(202, "3: Queued for later delivery")).toBeUndefined();
    const cases: Array<[number, string, boolean]> = [
      [403, "Authorization failed for sendsms", false],
      [400, "Number(s) has/have been denied by white- and/or black-lists.", false],
      [503, "Service unavailable", true],
      [202, "unexpected", true],
    ];
    for (const [status, body, retryable] of cases) {
      const error = errorOf(() => checkSendsmsAnswer(status, body));
      expect(isSmspayError(error) && error.code).toBe("transport_error");
      expect(isSmspayError(error) && error.retryable).toBe(retryable);
    }
  });
});

// The contract every SMS transport runs (sandbox, Kannel, SMPP, Twilio,
// Infobip, Bird, Vonage) against its provider: the real one where it runs
// here (Kannel with fakesmsc, an SMPP simulator), else a strict fake of the
// provider's HTTP API. It pins what the core relies on: an MT reaches the
// provider exactly as written, inbound traffic is classified with the right
// fields and a stable provider id (the core de-duplicates on it), receipts map
// to delivered/failed, failures say whether retrying can help, and forged
// traffic is refused.
//
//   transportContract("kannel", { inbound: "webhook", canGoDown: true, credentials: true }, async (harness) => {
//     // push transports: give harness.deliver to the transport at construction;
//     // webhook transports: point the provider at harness.webhookUrl.
//     return { transport, webhook, peer, splitsLongMessages: true, shortCode: "84500", close };
//   });

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type DeliveryOutcome,
  type DeliveryReceipt,
  type InboundEvent,
  type InboundSms,
  type InboundWebhookTransport,
  isSmspayError,
  type SmsTransport,
} from "@smspay/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** An MT as the provider received it (parts put back together). */
export type PeerMt = {
  readonly providerMessageId: string;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  /** How many SMS carried it: 1 unless the message was split. */
  readonly parts: number;
};

export type PeerMo = { readonly from: string; readonly to: string; readonly text: string };

/** How the provider produces delivery receipts. */
export type PeerReceipts =
  | {
      /** The provider reports whatever outcome the test asks for, for an MT it received. */
      readonly mode: "on_demand";
      send(input: { providerMessageId: string; outcome: DeliveryOutcome }): Promise<void>;
    }
  | {
      /** The outcome follows the recipient's number (the sandbox's magic numbers) and arrives unasked. */
      readonly mode: "by_recipient";
      recipient(outcome: DeliveryOutcome): string;
    };

/** The provider's side of the transport: what the test drives and inspects. */
export interface TransportPeer {
  /** MTs the provider accepted, oldest first. */
  received(): Promise<readonly PeerMt[]>;
  /** A customer's SMS: the provider delivers it; resolves once it was handed over. */
  sendMo(mo: PeerMo): Promise<{ providerMessageId: string }>;
  /** The provider delivers the same MO again (a retry after a lost answer). */
  redeliverMo(providerMessageId: string): Promise<void>;
  readonly receipts: PeerReceipts;
  /** A recipient the provider refuses outright (barred or invalid number). */
  readonly refusedRecipient: string;
  /**
   * Takes the provider down (connection refused, 5xx, socket gone) until the
   * returned function brings it back; absent for an in-process provider.
   */
  goDown?(): Promise<() => Promise<void>>;
  /** An MO that fails authentication (bad signature or secret): required for webhook transports. */
  forgeMo?(mo: PeerMo): Promise<void>;
}

export type TransportFixture = {
  readonly transport: SmsTransport;
  /** The HTTP side, for transports whose provider calls smspay's webhook. */
  readonly webhook?: InboundWebhookTransport;
  readonly peer: TransportPeer;
  /** Whether a long message reaches the provider as concatenated parts (the peer counts them). */
  readonly splitsLongMessages: boolean;
  /** The short code MOs are sent to and MTs leave from. */
  readonly shortCode: string;
  /** The same transport with wrong credentials towards the provider, when it has any. */
  withWrongCredentials?(): Promise<{ transport: SmsTransport; close(): Promise<void> }>;
  close(): Promise<void>;
};

/** What kind of transport this is: decides which pins apply. */
export type TransportTraits = {
  /** How inbound traffic reaches smspay: the provider calls a webhook, or the transport pushes it. */
  readonly inbound: "webhook" | "push";
  /** Whether the provider can be down (false only for an in-process provider). */
  readonly canGoDown: boolean;
  /** Whether the transport authenticates itself to the provider. */
  readonly credentials: boolean;
};

export type TransportHarness = {
  /** For push transports (SMPP, sandbox): where they hand classified traffic. */
  readonly deliver: (event: InboundEvent) => Promise<void>;
  /** For webhook transports: the URL that serves `webhook.classify` (give it to the provider). */
  readonly webhookUrl: string;
};

const GSM7_TEXT = "Paid EUR 4.50 to Cafe @home: ref [482193] {ok} ~ ^ | \\ €. Thanks!";
const UCS2_TEXT = "Paiement reçu ✓ Заказ оплачен 支付成功";
// 300 GSM-7 characters: more than one SMS (160), two concatenated parts (153 each).
const LONG_TEXT = Array.from({ length: 30 }, (_, i) => `part ${String(i).padStart(3, "0")}.`)
  .join("")
  .slice(0, 300);

export function transportContract(
  name: string,
  traits: TransportTraits,
  setup: (harness: TransportHarness) => Promise<TransportFixture>,
): void {
  describe(`transport contract: ${name}`, () => {
    let fixture: TransportFixture;
    let receiver: WebhookReceiver;
    let seq = 0;
    const events: InboundEvent[] = [];
    // Each test talks to its own numbers and texts, so recorded traffic never mixes.
    const phone = () =>
      `+3361${String(((Date.now() % 1000) * 10_000 + seq++) % 10_000_000).padStart(7, "0")}`;
    const mtId = () => `mt_contract${Date.now().toString(36)}${seq++}`;

    beforeAll(async () => {
      receiver = await startWebhookReceiver(() => fixture?.webhook, events);
      fixture = await setup({
        deliver: async (event) => {
          events.push(event);
        },
        webhookUrl: receiver.url,
      });
    });
    afterAll(async () => {
      await fixture?.close();
      await receiver?.close();
    });

    const send = (to: string, text: string) =>
      fixture.transport.send({ id: mtId(), from: fixture.shortCode, to, text });

    const receivedById = (providerMessageId: string) =>
      eventually(
        async () =>
          (await fixture.peer.received()).find((m) => m.providerMessageId === providerMessageId),
        (mt) => mt !== undefined,
      );

    const mosWithId = (providerMessageId: string) =>
      events.filter(
        (e): e is InboundSms =>
          e.type === "mo_received" && e.providerMessageId === providerMessageId,
      );

    for (const [label, text] of [
      ["GSM-7 text (with the extension table)", GSM7_TEXT],
      ["UCS-2 text", UCS2_TEXT],
    ] as const) {
      it(`sends ${label}: the provider gets exactly the text, sender and recipient`, async () => {
        const to = phone();
        const sent = await send(to, text);
        expect(sent.providerMessageId).toMatch(/\S/);
        const mt = await receivedById(sent.providerMessageId);
        expect(mt).toEqual({
          providerMessageId: sent.providerMessageId,
          from: fixture.shortCode,
          to,
          text,
          parts: 1,
        });
      });
    }

    it("sends a 300-character message whole (as concatenated parts where the transport splits)", async () => {
      const to = phone();
      const sent = await send(to, LONG_TEXT);
      const mt = await receivedById(sent.providerMessageId);
      expect(mt?.text).toBe(LONG_TEXT);
      expect(mt?.to).toBe(to);
      expect(mt?.parts).toBe(fixture.splitsLongMessages ? 2 : 1);
    });

    it("gives each MT its own provider id", async () => {
      const to = phone();
      const first = await send(to, "first");
      const second = await send(to, "second");
      expect(first.providerMessageId).not.toBe(second.providerMessageId);
    });

    for (const [label, text] of [
      ["GSM-7", `PAY ${String(100_000 + seq)}`],
      ["UCS-2", "Оплата ✓ 支付 PAY 482193"],
    ] as const) {
      it(`classifies a ${label} MO with its sender, short code, text and provider id`, async () => {
        const from = phone();
        const { providerMessageId } = await fixture.peer.sendMo({
          from,
          to: fixture.shortCode,
          text,
        });
        const [mo] = await eventually(
          async () => mosWithId(providerMessageId),
          (found) => found.length > 0,
        );
        expect(mo).toMatchObject({
          type: "mo_received",
          transport: fixture.transport.name,
          providerMessageId,
          from,
          to: fixture.shortCode,
          text,
        });
        expect(mo?.receivedAt).toBeInstanceOf(Date);
        expect(Number.isNaN(mo?.receivedAt.getTime())).toBe(false);
      });
    }

    it("keeps the provider id stable when the provider delivers an MO twice", async () => {
      const from = phone();
      const { providerMessageId } = await fixture.peer.sendMo({
        from,
        to: fixture.shortCode,
        text: "PAY 777001",
      });
      await eventually(
        async () => mosWithId(providerMessageId),
        (found) => found.length > 0,
      );
      await fixture.peer.redeliverMo(providerMessageId);
      const copies = await eventually(
        async () => mosWithId(providerMessageId),
        (found) => found.length > 1,
      );
      // The core records (transport, provider id) once: both copies must carry the same pair.
      expect(copies).toHaveLength(2);
      expect(new Set(copies.map((c) => `${c.transport} ${c.providerMessageId}`)).size).toBe(1);
      expect(copies[1]).toMatchObject({ from, to: fixture.shortCode, text: "PAY 777001" });
    });

    for (const outcome of ["delivered", "failed"] as const) {
      it(`maps a final receipt to ${outcome} for the MT it is about`, async () => {
        const { receipts } = fixture.peer;
        const to = receipts.mode === "by_recipient" ? receipts.recipient(outcome) : phone();
        const id = mtId();
        const sent = await fixture.transport.send({
          id,
          from: fixture.shortCode,
          to,
          text: "receipt",
        });
        if (receipts.mode === "on_demand") {
          await receivedById(sent.providerMessageId);
          await receipts.send({ providerMessageId: sent.providerMessageId, outcome });
        }
        const isOurs = (e: InboundEvent): e is DeliveryReceipt =>
          e.type === "dlr_received" &&
          (e.providerMessageId === sent.providerMessageId || e.messageId === id);
        const [receipt] = await eventually(
          async () => events.filter(isOurs),
          (found) => found.length > 0,
        );
        expect(receipt).toMatchObject({
          type: "dlr_received",
          transport: fixture.transport.name,
          providerMessageId: sent.providerMessageId,
          outcome,
        });
        if (receipt?.messageId !== undefined) expect(receipt.messageId).toBe(id);
        if (outcome === "delivered") expect(receipt?.failure).toBeUndefined();
        expect(receipt?.receivedAt).toBeInstanceOf(Date);
      });
    }

    it("reports a refused message as a transport_error that retrying cannot fix", async () => {
      const error = await send(fixture.peer.refusedRecipient, "refused").then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isSmspayError(error) && error.code).toBe("transport_error");
      expect(isSmspayError(error) && error.retryable).toBe(false);
    });

    it("receives inbound traffic the way its traits say", () => {
      expect(fixture.webhook !== undefined).toBe(traits.inbound === "webhook");
      expect(fixture.peer.goDown !== undefined).toBe(traits.canGoDown);
      expect(fixture.withWrongCredentials !== undefined).toBe(traits.credentials);
    });

    if (traits.canGoDown) {
      it("reports a provider that is down as a retryable transport_error, and recovers", async () => {
        const goDown = fixture.peer.goDown;
        if (!goDown) throw new Error("canGoDown: the peer must implement goDown");
        const restore = await goDown();
        try {
          const error = await send(phone(), "while down").then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(isSmspayError(error) && error.code).toBe("transport_error");
          expect(isSmspayError(error) && error.retryable).toBe(true);
        } finally {
          await restore();
        }
        const to = phone();
        const sent = await eventually(
          () => send(to, "back up").catch(() => undefined),
          (result) => result !== undefined,
        );
        expect(sent?.providerMessageId).toMatch(/\S/);
      });
    }

    if (traits.inbound === "webhook") {
      it("refuses inbound traffic that fails authentication, and delivers nothing", async () => {
        const forgeMo = fixture.peer.forgeMo;
        if (!forgeMo) throw new Error("webhook transports must let the test forge an MO");
        const before = events.length;
        const rejectedBefore = receiver.unauthenticated;
        await forgeMo({ from: phone(), to: fixture.shortCode, text: "PAY 666666" });
        await eventually(
          async () => receiver.unauthenticated,
          (count) => count > rejectedBefore,
        );
        // A gateway may retry a refused request (Kannel does when it times out under
        // load): what matters is that every try was refused and nothing got through.
        expect(receiver.unauthenticated).toBeGreaterThan(rejectedBefore);
        expect(events.length).toBe(before);
      });
    }

    if (traits.credentials) {
      it("fails with a transport_error that retrying cannot fix when the credentials are wrong", async () => {
        const withWrongCredentials = fixture.withWrongCredentials;
        if (!withWrongCredentials)
          throw new Error("credentials: the fixture must implement withWrongCredentials");
        const wrong = await withWrongCredentials();
        const error = await wrong.transport
          .send({ id: mtId(), from: fixture.shortCode, to: phone(), text: "bad credentials" })
          .then(
            () => undefined,
            (e: unknown) => e,
          )
          .finally(() => wrong.close());
        expect(isSmspayError(error) && error.code).toBe("transport_error");
        expect(isSmspayError(error) && error.retryable).toBe(false);
      });
    }
  });
}

/** Polls until `check` passes (providers answer asynchronously); gives the last value after ~10 s. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return read();
}

type WebhookReceiver = {
  readonly url: string;
  /** Requests `classify` refused as unauthenticated. */
  readonly unauthenticated: number;
  close(): Promise<void>;
};

/**
 * smspay's webhook as the route serves it: raw body, classify (which verifies
 * first), 401 on forged traffic, each event handed on, the provider's
 * acknowledgement.
 */
async function startWebhookReceiver(
  webhook: () => InboundWebhookTransport | undefined,
  events: InboundEvent[],
): Promise<WebhookReceiver> {
  let unauthenticated = 0;
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.statusCode = isSmspayError(error) && error.code === "invalid_request" ? 400 : 500;
      res.end(String(error));
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const transport = webhook();
    if (!transport) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const headers: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      headers[key] = Array.isArray(value) ? value.join(", ") : value;
    }
    const { port } = server.address() as AddressInfo;
    const result = await transport.classify({
      method: req.method ?? "GET",
      url: `http://127.0.0.1:${port}${req.url ?? "/"}`,
      headers,
      rawBody: Buffer.concat(chunks),
      remoteAddress: req.socket.remoteAddress ?? "",
    });
    if (result === "unauthenticated") {
      unauthenticated += 1;
      res.statusCode = 401;
      res.end();
      return;
    }
    events.push(...result);
    res.statusCode = 200;
    res.setHeader("content-type", transport.acknowledgement?.contentType ?? "text/plain");
    res.end(transport.acknowledgement?.body ?? "");
  };
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/sms/contract`,
    get unauthenticated() {
      return unauthenticated;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

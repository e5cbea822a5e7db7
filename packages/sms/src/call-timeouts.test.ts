// Every SMS transport's send runs inside an outbox lease, so it must give up
// by itself when the provider hangs: a retryable transport_error within the
// bound smspay hands it (SMSPAY_OUTBOUND_TIMEOUT_SECONDS), its connection
// closed. The bound here is 300 ms; the transports' other waits (their 10 s
// defaults, SMPP's 60 s answer wait below) are longer than this file's test
// timeout, so only the bound under test can end a call in time.

import { randomBytes } from "node:crypto";
import { isSmspayError, type OutgoingSms, type SmsTransport } from "@smspay/core";
import { HangingServer, SmscSimulator } from "@smspay/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { cloudTransports } from "./cloud-transports.ts";
import { buildTransports, parseTransportSettings } from "./routing/transport-settings.ts";
import { SmppTransport } from "./smpp/smpp-transport.ts";

const BOUND_MS = 300;
const open: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

const mt = (text = "Your PIN is 123456"): OutgoingSms => ({
  id: `mt_${randomBytes(4).toString("hex")}`,
  from: "38100",
  to: "+33612345678",
  text,
});

async function failure(send: Promise<unknown>): Promise<unknown> {
  return send.then(
    () => expect.unreachable("the send should have given up"),
    (error: unknown) => error,
  );
}

function expectRetryableTransportError(error: unknown): void {
  expect(isSmspayError(error) && error.code).toBe("transport_error");
  expect(isSmspayError(error) && error.retryable).toBe(true);
}

async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

/** The client closed every connection it opened: nothing is left waiting on the peer. */
function allClosed(peer: HangingServer): boolean {
  return peer.accepted > 0 && peer.closedByClient === peer.accepted;
}

async function hangingPeer(mode: "silent" | "trickle" = "silent"): Promise<HangingServer> {
  const peer = await HangingServer.start(mode);
  open.push(peer);
  return peer;
}

describe("SMS transports against a provider that never answers", { timeout: 5_000 }, () => {
  const providers = (apiBaseUrl: string) =>
    cloudTransports(
      {
        twilio: {
          accountSid: `AC${"0".repeat(32)}`,
          authToken: "twilio-auth-token",
          apiBaseUrl,
        },
        infobip: {
          baseUrl: apiBaseUrl,
          apiKey: "infobip-key",
          webhookUsername: "smspay",
          webhookPassword: "infobip-webhook-password",
        },
        bird: {
          accessKey: "bird-key",
          workspaceId: "ws",
          channels: { "38100": "channel-1" },
          signingKey: "bird-signing-key",
          apiBaseUrl,
        },
        vonage: {
          apiKey: "vonage-key",
          apiSecret: "vonage-secret",
          signatureSecret: "vonage-signature-secret",
          signatureMethod: "md5hash",
          apiBaseUrl,
        },
      },
      "https://pay.example",
      { timeoutMs: BOUND_MS },
    );

  it.each(["twilio", "infobip", "bird", "vonage"])(
    "%s gives up at the bound with a retryable error and closes its connection",
    async (name) => {
      for (const mode of ["silent", "trickle"] as const) {
        const peer = await hangingPeer(mode);
        const transport = providers(peer.url).find((t) => t.name === name) as SmsTransport;
        expectRetryableTransportError(await failure(transport.send(mt())));
        expect(peer.received.match(/^POST /gm)).toHaveLength(1);
        await eventually(() => allClosed(peer));
      }
    },
  );

  it.each(["silent", "trickle"] as const)(
    "kannel gives up at the bound (%s peer), which caps a longer timeout of its own",
    async (mode) => {
      const peer = await hangingPeer(mode);
      const settings = parseTransportSettings(
        JSON.stringify({
          transports: [
            {
              name: "kannel",
              type: "kannel",
              sendsmsUrl: `${peer.url}/cgi-bin/sendsms`,
              username: "smspay",
              password: "sendsms-password",
              secret: "a-shared-secret-of-16+",
              timeoutMs: 60_000,
            },
          ],
        }),
        {},
      );
      const configured = buildTransports(settings, {
        publicUrl: "https://pay.example",
        deliver: async () => undefined,
        onEvent: () => undefined,
        timeoutMs: BOUND_MS,
      });
      open.push(configured);
      const error = await failure((configured.senders.get("kannel") as SmsTransport).send(mt()));
      expectRetryableTransportError(error);
      expect(peer.received.match(/^GET \/cgi-bin\/sendsms\?/gm)).toHaveLength(1);
      await eventually(() => allClosed(peer));
    },
  );
});

describe("SMPP sends against an SMSC that stops answering", { timeout: 5_000 }, () => {
  const password = randomBytes(4).toString("hex");

  async function bound(options: { window?: number; throttleRetries?: number } = {}) {
    const smsc = await SmscSimulator.start({ systemId: "smspay", password });
    const transport = new SmppTransport({
      name: "smpp",
      host: "127.0.0.1",
      port: smsc.port,
      systemId: "smspay",
      password,
      window: options.window ?? 10,
      // Only the send's own bound can end these waits within the test's timeout.
      responseTimeoutMs: 60_000,
      throttle: { initialMs: 1_000, retries: options.throttleRetries ?? 5 },
      sendTimeoutMs: BOUND_MS,
      deliver: async () => undefined,
    });
    transport.start();
    open.push(smsc, transport);
    await eventually(() => transport.bound);
    return { smsc, transport };
  }

  it("gives up on a submit_sm the SMSC never answers", async () => {
    const { smsc, transport } = await bound();
    smsc.pauseResponses();
    expectRetryableTransportError(await failure(transport.send(mt())));
    expect(smsc.submits).toBe(1);
  });

  it("bounds the whole send: waiting for room in the window counts", async () => {
    const { smsc, transport } = await bound({ window: 1 });
    smsc.pauseResponses();
    const [first, second] = await Promise.all([
      failure(transport.send(mt("first"))),
      failure(transport.send(mt("second"))),
    ]);
    expectRetryableTransportError(first);
    expectRetryableTransportError(second);
  });

  it("stops retrying a throttling SMSC when the next pause would overrun the bound", async () => {
    const { smsc, transport } = await bound({ throttleRetries: 10 });
    smsc.throttleNext(100);
    expectRetryableTransportError(await failure(transport.send(mt())));
    expect(smsc.submits).toBe(1);
  });

  it("takes its bound from the transport settings' context", async () => {
    const smsc = await SmscSimulator.start({ systemId: "smspay", password });
    open.push(smsc);
    const configured = buildTransports(
      parseTransportSettings(
        JSON.stringify({
          transports: [
            {
              name: "smsc",
              type: "smpp",
              host: "127.0.0.1",
              port: smsc.port,
              systemId: "smspay",
              password,
            },
          ],
        }),
        {},
      ),
      {
        publicUrl: "https://pay.example",
        deliver: async () => undefined,
        onEvent: () => undefined,
        timeoutMs: BOUND_MS,
      },
    );
    configured.start();
    open.push(configured);
    await eventually(() => smsc.binds === 1);
    smsc.pauseResponses();
    // The SMPP link's own answer wait is 10 s: past this test's timeout.
    expectRetryableTransportError(
      await failure((configured.senders.get("smsc") as SmsTransport).send(mt())),
    );
  });
});

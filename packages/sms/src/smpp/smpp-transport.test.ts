// The SMPP transport's link behaviour against testkit's SMSC simulator:
// long messages, the window, throttling, concatenated MOs, rebinding.

import { randomBytes } from "node:crypto";
import { type InboundEvent, isSmspayError } from "@smspay/core";
import { SmscSimulator } from "@smspay/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { SmppTransport, type SmppTransportOptions } from "./smpp-transport.ts";

const password = randomBytes(4).toString("hex");
const open: Array<{ close(): Promise<void> }> = [];

async function setup(options: Partial<SmppTransportOptions> = {}) {
  const smsc = await SmscSimulator.start({ systemId: "smspay", password });
  const events: InboundEvent[] = [];
  const transport = new SmppTransport({
    name: "smpp",
    host: "127.0.0.1",
    port: smsc.port,
    systemId: "smspay",
    password,
    reconnect: { initialMs: 20, maxMs: 200 },
    throttle: { initialMs: 5, retries: 2 },
    deliver: async (event) => {
      events.push(event);
    },
    ...options,
  });
  transport.start();
  open.push(smsc, transport);
  await eventually(
    async () => transport.bound,
    (bound) => bound,
  );
  return { smsc, transport, events };
}

afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

const mt = (text: string, to = "+33612345678") => ({
  id: `mt_${randomBytes(4).toString("hex")}`,
  from: "84500",
  to,
  text,
});

describe("SMPP transport", () => {
  it("sends a long message whole in message_payload when configured so", async () => {
    const { smsc, transport } = await setup({ longMessages: "payload" });
    const text = "a long confirmation ".repeat(15);
    const sent = await transport.send(mt(text));
    expect(smsc.submits).toBe(1);
    expect(smsc.received()).toEqual([
      expect.objectContaining({ messageId: sent.providerMessageId, text, parts: 1 }),
    ]);
  });

  it("splits long UCS-2 text into 67-character parts and follows the MT by its first part", async () => {
    const { smsc, transport } = await setup();
    const text = "Оплата получена ✓ ".repeat(17).slice(0, 300);
    const sent = await transport.send(mt(text));
    const [received] = smsc.received();
    expect(received).toMatchObject({ text, parts: 5, dataCoding: 8, registeredDelivery: 1 });
    expect(received?.messageId).toBe(sent.providerMessageId);
  });

  it("keeps at most `window` submit_sm waiting for their answer", async () => {
    const { smsc, transport } = await setup({ window: 2 });
    smsc.pauseResponses();
    const sends = Array.from({ length: 5 }, (_, i) => transport.send(mt(`windowed ${i}`)));
    await eventually(
      async () => smsc.awaitingResponse,
      (waiting) => waiting === 2,
    );
    // A window that did not hold would have let all five out by now.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smsc.submits).toBe(2);
    smsc.resumeResponses();
    const sent = await Promise.all(sends);
    expect(new Set(sent.map((s) => s.providerMessageId)).size).toBe(5);
    expect(smsc.maxAwaitingResponse).toBe(2);
  });

  it("gives up on a submit the SMSC keeps throttling, as a retryable transport_error", async () => {
    const { smsc, transport } = await setup();
    smsc.throttleNext(10);
    const error = await transport.send(mt("throttled")).catch((e: unknown) => e);
    expect(isSmspayError(error) && error.code).toBe("transport_error");
    expect(isSmspayError(error) && error.retryable).toBe(true);
    // The first try and the two retries of the throttle policy.
    expect(smsc.submits).toBe(3);
    expect(smsc.received()).toEqual([]);
  });

  it("pushes a concatenated MO once, whole, when its last part arrives", async () => {
    const { smsc, events } = await setup();
    const text = "PAY 482193 and a note long enough to need three parts of text";
    expect(await smsc.sendMo({ from: "+33612340077", to: "84500", text }, { parts: 3 })).toBe(0);
    expect(events).toEqual([
      expect.objectContaining({ type: "mo_received", from: "+33612340077", to: "84500", text }),
    ]);
  });

  it("drops a link whose SMSC stops answering enquire_link, and binds again", async () => {
    const { smsc, transport } = await setup({ enquireLinkMs: 50, responseTimeoutMs: 100 });
    smsc.ignoreEnquireLinks();
    await eventually(
      async () => smsc.bindsAccepted,
      (binds) => binds >= 2,
    );
    smsc.ignoreEnquireLinks(false);
    const sent = await eventually(
      () => transport.send(mt("after the hang")).catch(() => undefined),
      (result) => result !== undefined,
    );
    expect(smsc.received().map((m) => m.messageId)).toContain(sent?.providerMessageId);
  });

  it("binds again after the SMSC drops the connection", async () => {
    const { smsc, transport } = await setup();
    await smsc.stop();
    await eventually(
      async () => transport.bound,
      (bound) => !bound,
    );
    await smsc.restart();
    await eventually(
      async () => smsc.binds,
      (binds) => binds === 1,
    );
    const sent = await transport.send(mt("after the outage"));
    expect(smsc.received().map((m) => m.messageId)).toContain(sent.providerMessageId);
  });
});

async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("condition never held");
}

// Routing decisions and failover. The transports here are in-process
// recorders: what is under test is the choice of transport, not a provider.

import { isSmspayError, type OutgoingSms, SmspayError, type SmsTransport } from "@smspay/core";
import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./circuit-breaker.ts";
import { type Route, SmsRouter } from "./sms-router.ts";

type Behaviour = "ok" | "down" | "refuses";

function recorder(name: string, behaviour: { current: Behaviour }) {
  const sent: string[] = [];
  const transport: SmsTransport = {
    name,
    async send(message) {
      if (behaviour.current === "down") {
        throw new SmspayError("transport_error", `${name} unreachable`, { retryable: true });
      }
      if (behaviour.current === "refuses") throw new SmspayError("transport_error", "bad number");
      sent.push(message.id);
      return { providerMessageId: `${name}-${message.id}` };
    },
  };
  return { transport, sent };
}

function setup(routes: Route[], breaker = new CircuitBreaker({ failures: 2, openMs: 60_000 })) {
  const state = { a: { current: "ok" as Behaviour }, b: { current: "ok" as Behaviour } };
  const a = recorder("a", state.a);
  const b = recorder("b", state.b);
  const router = new SmsRouter({
    transports: new Map([
      ["a", a.transport],
      ["b", b.transport],
    ]),
    routes,
    breaker,
  });
  return { router, state, a, b };
}

let seq = 0;
const mt = (from = "84500", to = "+33612345678"): OutgoingSms => ({
  id: `mt_${seq++}`,
  from,
  to,
  text: "hello",
});

describe("SMS routing", () => {
  it("takes the first route whose sender and country match", () => {
    const { router } = setup([
      { senders: ["84500"], countries: ["BE"], via: ["b"] },
      { senders: ["84500"], via: ["a", "b"] },
      { countries: ["FR"], via: ["b"] },
    ]);
    expect(router.candidates(mt("84500", "+32470123456"), "sandbox")).toEqual(["b"]);
    expect(router.candidates(mt("84500"), "sandbox")).toEqual(["a", "b"]);
    expect(router.candidates(mt("SMSPAY"), "sandbox")).toEqual(["b"]);
    expect(router.candidates(mt("SMSPAY", "+447700900123"), "a")).toEqual(["a"]);
  });

  it("names the transport that carried the MT", async () => {
    const { router } = setup([{ via: ["b"] }]);
    expect(await router.entry("a").send(mt())).toMatchObject({ transport: "b" });
  });

  it("fails over to the next transport when one is down", async () => {
    const { router, state, a, b } = setup([{ via: ["a", "b"] }]);
    state.a.current = "down";
    const message = mt();
    expect(await router.send(message, "a")).toEqual({
      providerMessageId: `b-${message.id}`,
      transport: "b",
    });
    expect(a.sent).toEqual([]);
    expect(b.sent).toEqual([message.id]);
  });

  it("does not offer a refused message to another transport", async () => {
    const { router, state, b } = setup([{ via: ["a", "b"] }]);
    state.a.current = "refuses";
    const error = await router.send(mt(), "a").catch((e: unknown) => e);
    expect(isSmspayError(error) && error.retryable).toBe(false);
    expect(b.sent).toEqual([]);
  });

  it("reports a retryable error when every transport is down", async () => {
    const { router, state } = setup([{ via: ["a", "b"] }]);
    state.a.current = "down";
    state.b.current = "down";
    const error = await router.send(mt(), "a").catch((e: unknown) => e);
    expect(isSmspayError(error) && error.code).toBe("transport_error");
    expect(isSmspayError(error) && error.retryable).toBe(true);
  });

  it("skips a transport whose circuit opened, and tries it again once the circuit half-opens", async () => {
    let now = 0;
    const { router, state, a, b } = setup(
      [{ via: ["a", "b"] }],
      new CircuitBreaker({ failures: 2, openMs: 1_000 }, () => now),
    );
    state.a.current = "down";
    await router.send(mt(), "a");
    await router.send(mt(), "a");
    state.a.current = "ok";
    // Open: a is not even asked, although it is back.
    const skipped = mt();
    await router.send(skipped, "a");
    expect(a.sent).toEqual([]);
    expect(b.sent).toContain(skipped.id);
    now = 1_000;
    const retried = mt();
    expect(await router.send(retried, "a")).toMatchObject({ transport: "a" });
    expect(a.sent).toEqual([retried.id]);
  });
});

// Nothing lost, nothing twice: smspay (a real `smspay start` process on a
// fresh PostgreSQL database) is killed with SIGKILL at each step of a
// payment, then started again. Every payment must reach its final state, the
// customer must be billed once, and each merchant endpoint must accept each
// event once (receivers de-duplicate on the event id; the test counts).

import { MerchantService, type Store } from "@smspay/core";
import { createPrismaStore, type Database, migrate, openDatabase } from "@smspay/db";
import {
  createPostgresDatabase,
  type ScratchPostgresDatabase,
  startWebhookReceiver,
  testPostgresServerUrl,
  type WebhookReceiver,
} from "@smspay/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type SmspayProcess, startSmspayProcess, systemEnv } from "./smspay-process.ts";

// Responses are read loosely on purpose: the assertions pin their shapes.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Json = Record<string, any>;

const serverUrl = testPostgresServerUrl();
// Two process start-ups and a lease running out per scenario.
const SCENARIO_TIMEOUT_MS = 90_000;

/** Polls until `check` holds (processes and workers are asynchronous). */
async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe.runIf(serverUrl)("crashes during a payment", () => {
  let receiver: WebhookReceiver;
  const running = new Set<SmspayProcess>();
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    for (const p of running) await p.kill("SIGKILL");
    running.clear();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  afterAll(() => receiver.close());

  /** A fresh database and the environment every smspay process of this system shares. */
  async function newSystem() {
    const scratch: ScratchPostgresDatabase = await createPostgresDatabase(serverUrl);
    const db: Database = await openDatabase({ url: scratch.url, poolSize: 2 });
    cleanups.push(async () => {
      await db.close();
      await scratch.drop();
    });
    await migrate(db);
    const store: Store = createPrismaStore(db.prisma);
    const { apiKey } = await new MerchantService(store).create({ name: "Boulangerie Paul" });
    const env = {
      ...systemEnv(scratch.url),
      // Short enough that a dead process's leases run out within the test.
      SMSPAY_EFFECT_LEASE_SECONDS: "3",
      SMSPAY_WEBHOOK_TIMEOUT_SECONDS: "1",
      SMSPAY_OUTBOUND_TIMEOUT_SECONDS: "1",
    };
    const start = async (extra: Record<string, string> = {}) => {
      const p = await startSmspayProcess("start", { ...env, ...extra });
      running.add(p);
      return p;
    };
    const kill = async (p: SmspayProcess) => {
      const signal = await p.kill("SIGKILL");
      running.delete(p);
      return signal;
    };
    return { db, store, apiKey, start, kill, forget: (p: SmspayProcess) => running.delete(p) };
  }

  type System = Awaited<ReturnType<typeof newSystem>>;

  const api = async (
    server: SmspayProcess,
    apiKey: string,
    method: string,
    path: string,
    body?: unknown,
  ) => {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  /** Subscribes the merchant's endpoint `path`, and creates a payment paid by short code. */
  async function newPayment(system: System, server: SmspayProcess, path: string) {
    const hook = await api(server, system.apiKey, "POST", "/v1/webhook-endpoints", {
      url: receiver.url(path),
    });
    expect(hook.status).toBe(201);
    const created = await api(server, system.apiKey, "POST", "/v1/payments", {
      amount: 450,
      currency: "EUR",
      orderRef: `order-${path.slice(1)}`,
      returnUrl: "https://shop.example/thanks",
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  /** The customer texts the code. The server may die answering: the operator's side is done. */
  const sendMo = (server: SmspayProcess, payment: Json, phone: string) =>
    fetch(`${server.baseUrl}/sandbox/sms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: phone, to: payment.shortCode, text: payment.smsText }),
    }).catch(() => undefined);

  const statusOf = async (system: System, paymentId: string) =>
    (await system.store.payments.getById(paymentId))?.status;

  /** What the customer was billed for this payment, according to the operator. */
  const billedMts = async (system: System, paymentId: string) => {
    const rows = await system.db.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM sandbox_messages m
      JOIN outbound_messages o ON o.id = m.id
      WHERE o.payment_id = ${paymentId} AND m.billed_amount IS NOT NULL`;
    return rows[0]?.n ?? 0;
  };

  /** The end state every scenario must reach, whatever the crash. */
  async function expectPaidAndNotifiedOnce(system: System, paymentId: string, path: string) {
    await until(
      async () =>
        (await statusOf(system, paymentId)) === "succeeded" &&
        receiver.acceptedByEvent(path).size === 1 &&
        (await system.store.effects.list({ status: "pending", limit: 1 })).length === 0,
      "the payment succeeded, was announced and nothing is left to do",
    );
    expect(await billedMts(system, paymentId)).toBe(1);
    expect(await system.store.effects.list({ status: "dead", limit: 10 })).toEqual([]);
    const events = await system.db.prisma.$queryRaw<{ id: string; type: string }[]>`
      SELECT id, type FROM webhook_events WHERE payment_id = ${paymentId}`;
    expect(events.map((e) => e.type)).toEqual(["payment.succeeded"]);
    const [eventId] = events.map((e) => e.id);
    // Accepted once; every attempt carried the same event, byte for byte.
    expect([...receiver.acceptedByEvent(path)]).toEqual([[eventId, 1]]);
    const deliveries = receiver.received(path);
    expect(new Set(deliveries.map((d) => d.eventId))).toEqual(new Set([eventId]));
    expect(new Set(deliveries.map((d) => d.rawBody)).size).toBe(1);
    const body = JSON.parse(deliveries[0]?.rawBody ?? "{}");
    expect(body.data.payment).toMatchObject({ id: paymentId, status: "succeeded" });
  }

  it(
    "after the MO is stored: the next process charges, confirms and notifies once",
    async () => {
      const system = await newSystem();
      // No worker: the process stores the MO and its consequences, then dies before acting on them.
      const first = await system.start({ SMSPAY_WORKER: "off" });
      const payment = await newPayment(system, first, "/mo-stored");
      await sendMo(first, payment, "+33611000001");
      await until(async () => (await statusOf(system, payment.id)) === "processing", "MO stored");
      expect(await system.kill(first)).toBe("SIGKILL");
      expect(await billedMts(system, payment.id)).toBe(0);

      await system.start();
      await expectPaidAndNotifiedOnce(system, payment.id, "/mo-stored");
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    "after the charge (billed MT sent, not yet recorded): the customer is billed once",
    async () => {
      const system = await newSystem();
      const first = await system.start({ SMSPAY_TEST_CRASH_AT: "billed_mt_sent" });
      const payment = await newPayment(system, first, "/charged");
      await sendMo(first, payment, "+33611000002");
      // The process kills itself the moment the operator accepted the billed MT.
      expect(await first.exited).toBe("SIGKILL");
      system.forget(first);
      expect(await billedMts(system, payment.id)).toBe(1);
      expect(await statusOf(system, payment.id)).toBe("processing");

      await system.start();
      await expectPaidAndNotifiedOnce(system, payment.id, "/charged");
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    "before the notification got through: the next process delivers it once",
    async () => {
      const system = await newSystem();
      receiver.answer("/before-notice", 503);
      const first = await system.start();
      const payment = await newPayment(system, first, "/before-notice");
      await sendMo(first, payment, "+33611000003");
      await until(
        async () =>
          (await statusOf(system, payment.id)) === "succeeded" &&
          receiver.received("/before-notice").length >= 1,
        "paid, and the endpoint refused the first delivery",
      );
      await system.kill(first);
      receiver.answer("/before-notice", 200);

      await system.start();
      await expectPaidAndNotifiedOnce(system, payment.id, "/before-notice");
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    "mid webhook delivery (the endpoint stalls): delivered again, accepted once",
    async () => {
      const system = await newSystem();
      receiver.answer("/mid-delivery", "stall");
      const first = await system.start();
      const payment = await newPayment(system, first, "/mid-delivery");
      await sendMo(first, payment, "+33611000004");
      await until(() => receiver.received("/mid-delivery").length === 1, "a delivery is in flight");
      await system.kill(first);
      receiver.answer("/mid-delivery", 200);

      await system.start();
      await expectPaidAndNotifiedOnce(system, payment.id, "/mid-delivery");
      expect(receiver.received("/mid-delivery")).toHaveLength(2);
    },
    SCENARIO_TIMEOUT_MS,
  );
});

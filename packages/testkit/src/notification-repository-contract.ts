// The contract of the storage behind outward notifications: webhook endpoints
// and events, shop platform connections, and the outbox seen as a ledger
// (listing, dead letters, replay). Runs beside repositoryContract on every
// database kind:
//
//   describe.each(testDatabases())("on $kind", (database) => {
//     notificationRepositoryContract(async () => ({ store, close }));
//   });

import {
  type NewEffect,
  type Payment,
  paymentResource,
  type Repositories,
  type Store,
  WEBHOOK_EVENT_TYPES,
  type WebhookEndpoint,
  type WebhookEvent,
} from "@smspay/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  fixturesAt,
  HOOK_TIMEOUT_MS,
  insertPayment,
  newMerchant,
  openStoreForSuite,
  uid,
} from "./fixtures.ts";
import type { ContractStore, ContractStoreFactory } from "./repository-contract.ts";

const T0 = new Date("2026-03-14T09:00:00.000Z");
const { at, payment } = fixturesAt(T0);

const newPayment = (repos: Repositories, merchantId: string): Promise<Payment> =>
  insertPayment(
    repos,
    payment(merchantId, {
      flow: "otp",
      description: "Croissants",
      customerLocale: "fr",
      phoneLast4: "5678",
      metadata: { cart: "42" },
    }),
  );

async function newEvent(repos: Repositories, merchantId: string): Promise<WebhookEvent> {
  const payment = await newPayment(repos, merchantId);
  const event: WebhookEvent = {
    id: uid("evt"),
    merchantId,
    paymentId: payment.id,
    type: "payment.canceled",
    createdAt: at(1000),
    data: { payment: paymentResource({ ...payment, status: "canceled", updatedAt: at(1000) }, "") },
  };
  await repos.webhookEvents.create(event);
  return event;
}

function endpoint(merchantId: string, overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    id: uid("we"),
    merchantId,
    url: "https://shop.example/hooks/smspay",
    events: ["payment.succeeded", "payment.failed"],
    secretCipher: `sealed-${uid("secret")}`,
    active: true,
    createdAt: T0,
    ...overrides,
  };
}

export function notificationRepositoryContract(factory: ContractStoreFactory): void {
  let store: Store;
  openStoreForSuite(factory, (opened) => {
    store = opened;
  });

  describe("webhook endpoints", () => {
    it("stores an endpoint and reads it back field for field, for its merchant only", async () => {
      const merchantId = await newMerchant(store);
      const other = await newMerchant(store);
      const e = endpoint(merchantId);
      await store.webhookEndpoints.create(e);
      expect(await store.webhookEndpoints.get({ merchantId, id: e.id })).toEqual(e);
      expect(await store.webhookEndpoints.listForMerchant(merchantId)).toEqual([e]);
      expect(await store.webhookEndpoints.get({ merchantId: other, id: e.id })).toBeUndefined();
      expect(await store.webhookEndpoints.listForMerchant(other)).toEqual([]);
    });

    it("lists a merchant's active endpoints, oldest first", async () => {
      const merchantId = await newMerchant(store);
      const second = endpoint(merchantId, { createdAt: at(2000) });
      const first = endpoint(merchantId, { createdAt: at(1000), events: [...WEBHOOK_EVENT_TYPES] });
      const deleted = endpoint(merchantId, { createdAt: at(500) });
      for (const e of [second, first, deleted]) await store.webhookEndpoints.create(e);
      await store.webhookEndpoints.deactivate({ merchantId, id: deleted.id, at: at(3000) });
      expect(await store.webhookEndpoints.listForMerchant(merchantId)).toEqual([first, second]);
    });

    it("finds the active endpoints of the merchant subscribed to an event type", async () => {
      const merchantId = await newMerchant(store);
      const other = await newMerchant(store);
      const both = endpoint(merchantId, { createdAt: at(1) });
      const failedOnly = endpoint(merchantId, { events: ["payment.failed"], createdAt: at(2) });
      const deleted = endpoint(merchantId, { createdAt: at(3) });
      const othersEndpoint = endpoint(other);
      for (const e of [both, failedOnly, deleted, othersEndpoint]) {
        await store.webhookEndpoints.create(e);
      }
      await store.webhookEndpoints.deactivate({ merchantId, id: deleted.id, at: at(4) });
      const subscribed = (type: (typeof WEBHOOK_EVENT_TYPES)[number]) =>
        store.webhookEndpoints.subscribedTo({ merchantId, type });
      expect(await subscribed("payment.succeeded")).toEqual([both.id]);
      expect(await subscribed("payment.failed")).toEqual([both.id, failedOnly.id]);
      expect(await subscribed("payment.refunded")).toEqual([]);
    });

    it("deletes a merchant's endpoint once, and never another merchant's", async () => {
      const merchantId = await newMerchant(store);
      const other = await newMerchant(store);
      const e = endpoint(merchantId);
      await store.webhookEndpoints.create(e);
      const queued = await newEvent(store, merchantId);
      expect(
        await store.webhookEndpoints.deactivate({ merchantId: other, id: e.id, at: at(1) }),
      ).toBe(false);
      expect(await store.webhookEndpoints.deactivate({ merchantId, id: e.id, at: at(1) })).toBe(
        true,
      );
      expect(await store.webhookEndpoints.deactivate({ merchantId, id: e.id, at: at(2) })).toBe(
        false,
      );
      expect(await store.webhookEndpoints.get({ merchantId, id: e.id })).toBeUndefined();
      // Deliveries queued before the delete still find it, and see it is gone.
      expect(await store.webhookEvents.delivery({ eventId: queued.id, endpointId: e.id })).toEqual({
        event: queued,
        endpoint: { ...e, active: false },
      });
    });
  });

  describe("webhook events", () => {
    it("reads a delivery's event and endpoint together", async () => {
      const merchantId = await newMerchant(store);
      const e = endpoint(merchantId, { createdAt: new Date("2026-03-14T09:00:00.123Z") });
      await store.webhookEndpoints.create(e);
      const event = await newEvent(store, merchantId);
      expect(await store.webhookEvents.delivery({ eventId: event.id, endpointId: e.id })).toEqual({
        event,
        endpoint: e,
      });
      expect(
        await store.webhookEvents.delivery({ eventId: event.id, endpointId: uid("we") }),
      ).toEqual({ event, endpoint: undefined });
      expect(
        await store.webhookEvents.delivery({ eventId: uid("evt"), endpointId: e.id }),
      ).toBeUndefined();
    });

    it("stores an event and gives back the same data, fields in the same order", async () => {
      const merchantId = await newMerchant(store);
      const payment = await newPayment(store, merchantId);
      const event: WebhookEvent = {
        id: uid("evt"),
        merchantId,
        paymentId: payment.id,
        type: "payment.refunded",
        createdAt: at(5000),
        data: {
          payment: paymentResource({ ...payment, status: "refunded" }, ""),
          refund: {
            id: uid("re"),
            paymentId: payment.id,
            amount: 450,
            currency: "EUR",
            status: "succeeded",
            method: "phone_credit",
            reason: null,
            createdAt: at(4000).toISOString(),
          },
        },
      };
      await store.webhookEvents.create(event);
      const stored = await store.webhookEvents.get(event.id);
      expect(stored).toEqual(event);
      // Deliveries serialize what storage gives back: the order must survive.
      expect(JSON.stringify(stored?.data)).toBe(JSON.stringify(event.data));
      expect(await store.webhookEvents.get(uid("evt"))).toBeUndefined();
    });
  });

  describe("platform connections", () => {
    it("connects a merchant, replaces the connection in place, and forgets it", async () => {
      const merchantId = await newMerchant(store);
      const other = await newMerchant(store);
      const first = await store.platformConnections.put({
        merchantId,
        platform: "woocommerce",
        configCipher: "sealed-1",
        at: at(1000),
      });
      expect(first).toEqual({
        merchantId,
        platform: "woocommerce",
        configCipher: "sealed-1",
        active: true,
        createdAt: at(1000),
        updatedAt: at(1000),
      });
      expect(await store.platformConnections.get(merchantId)).toEqual(first);
      expect(await store.platformConnections.get(other)).toBeUndefined();

      const second = await store.platformConnections.put({
        merchantId,
        platform: "magento",
        configCipher: "sealed-2",
        at: at(2000),
      });
      expect(second).toEqual({
        ...first,
        platform: "magento",
        configCipher: "sealed-2",
        updatedAt: at(2000),
      });
      expect(await store.platformConnections.get(merchantId)).toEqual(second);

      expect(await store.platformConnections.remove(other)).toBe(false);
      expect(await store.platformConnections.remove(merchantId)).toBe(true);
      expect(await store.platformConnections.get(merchantId)).toBeUndefined();
      expect(await store.platformConnections.remove(merchantId)).toBe(false);
    });
  });

  describe("effects as a ledger", () => {
    // Claims take whatever is due: each test starts from an empty store.
    let own: ContractStore;
    beforeEach(async () => {
      own = await factory();
    }, HOOK_TIMEOUT_MS);
    afterEach(() => own.close(), HOOK_TIMEOUT_MS);

    const enqueue = async (effect: Omit<NewEffect, "id">): Promise<string> => {
      const id = uid("eff");
      await own.store.effects.enqueue({ ...effect, id } as NewEffect);
      return id;
    };
    const webhookEffect = (paymentId: string | null, runAt: Date) =>
      enqueue({
        kind: "deliver_webhook",
        payload: { eventId: uid("evt"), endpointId: uid("we") },
        paymentId,
        runAt,
      });

    it("gives back each kind's payload as enqueued", async () => {
      const payloads: Omit<NewEffect, "id">[] = [
        {
          kind: "deliver_webhook",
          payload: { eventId: "evt_1", endpointId: "we_1" },
          paymentId: null,
          runAt: T0,
        },
        {
          kind: "notify_platform",
          payload: { paymentId: "pay_1", event: "payment.canceled", eventId: "evt_2" },
          paymentId: null,
          runAt: T0,
        },
      ];
      for (const effect of payloads) await enqueue(effect);
      const claimed = await own.store.effects.claim({ now: T0, limit: 10, leaseMs: 1000 });
      expect(claimed.map((e) => [e.kind, e.payload]).sort()).toEqual(
        payloads.map((e) => [e.kind, e.payload]).sort(),
      );
    });

    it("lists effects by status, newest first, and a merchant sees its payments' only", async () => {
      const merchantId = await newMerchant(own.store);
      const other = await newMerchant(own.store);
      const mine = await newPayment(own.store, merchantId);
      const theirs = await newPayment(own.store, other);
      const older = await webhookEffect(mine.id, at(0));
      const newer = await webhookEffect(mine.id, at(0));
      const foreign = await webhookEffect(theirs.id, at(0));
      const unowned = await webhookEffect(null, at(0));
      await own.store.effects.claim({ now: at(0), limit: 10, leaseMs: 1000 });
      for (const [i, id] of [older, newer, foreign, unowned].entries()) {
        await own.store.effects.bury({ id, error: `gave up ${i}`, at: at(10 + i) });
      }
      const dead = await own.store.effects.list({ status: "dead", merchantId, limit: 10 });
      expect(dead.map((e) => e.id).sort()).toEqual([older, newer].sort());
      expect(dead[0]).toMatchObject({
        kind: "deliver_webhook",
        status: "dead",
        attempts: 1,
        paymentId: mine.id,
        doneAt: expect.any(Date),
      });
      expect(dead.map((e) => e.lastError).sort()).toEqual(["gave up 0", "gave up 1"]);
      const all = await own.store.effects.list({ status: "dead", limit: 10 });
      expect(all.map((e) => e.id).sort()).toEqual([older, newer, foreign, unowned].sort());
      expect(await own.store.effects.list({ status: "dead", limit: 3 })).toHaveLength(3);
      expect(await own.store.effects.list({ status: "pending", merchantId, limit: 10 })).toEqual(
        [],
      );
      // Creation times come from the database clock: newest first means in insertion order reversed.
      const times = all.map((e) => e.createdAt.getTime());
      expect([...times].sort((a, b) => b - a)).toEqual(times);
    });

    it("finds one effect, for its merchant only", async () => {
      const merchantId = await newMerchant(own.store);
      const other = await newMerchant(own.store);
      const p = await newPayment(own.store, merchantId);
      const id = await webhookEffect(p.id, at(0));
      expect(await own.store.effects.get({ id })).toMatchObject({
        id,
        status: "pending",
        attempts: 0,
        lastError: null,
        paymentId: p.id,
        nextAttemptAt: at(0),
        doneAt: null,
      });
      expect(await own.store.effects.get({ id, merchantId })).toMatchObject({ id });
      expect(await own.store.effects.get({ id, merchantId: other })).toBeUndefined();
      expect(await own.store.effects.get({ id: uid("eff") })).toBeUndefined();
    });

    it("replays a dead effect only: pending again, attempts reset, due at the time given", async () => {
      const id = await webhookEffect(null, at(0));
      expect(await own.store.effects.replay({ id, at: at(1) })).toBe(false);
      await own.store.effects.claim({ now: at(0), limit: 10, leaseMs: 1000 });
      await own.store.effects.bury({ id, error: "gave up", at: at(5) });
      expect(await own.store.effects.claim({ now: at(9_999_999), limit: 10, leaseMs: 1 })).toEqual(
        [],
      );
      expect(await own.store.effects.replay({ id, at: at(100) })).toBe(true);
      expect(await own.store.effects.replay({ id, at: at(100) })).toBe(false);
      expect(await own.store.effects.get({ id })).toMatchObject({
        status: "pending",
        attempts: 0,
        nextAttemptAt: at(100),
        doneAt: null,
        lastError: "gave up",
      });
      expect(await own.store.effects.claim({ now: at(99), limit: 10, leaseMs: 1000 })).toEqual([]);
      const again = await own.store.effects.claim({ now: at(100), limit: 10, leaseMs: 1000 });
      expect(again.map((e) => [e.id, e.attempts])).toEqual([[id, 1]]);
    });

    it("completes many effects in one call, each at its own time", async () => {
      const ids = await Promise.all([0, 1, 2].map(() => webhookEffect(null, at(0))));
      const [first, second, untouched] = ids as [string, string, string];
      await own.store.effects.claim({ now: at(0), limit: 10, leaseMs: 1000 });
      await own.store.effects.completeMany([]);
      await own.store.effects.completeMany([
        { id: first, at: at(10) },
        { id: second, at: at(20) },
      ]);
      expect(await own.store.effects.get({ id: first })).toMatchObject({
        status: "done",
        doneAt: at(10),
      });
      expect(await own.store.effects.get({ id: second })).toMatchObject({
        status: "done",
        doneAt: at(20),
      });
      const due = await own.store.effects.claim({ now: at(1000), limit: 10, leaseMs: 1000 });
      expect(due.map((e) => e.id)).toEqual([untouched]);
    });

    it("keeps a completed effect completed when a worker that lost its lease reports late", async () => {
      const id = await webhookEffect(null, at(0));
      await own.store.effects.claim({ now: at(0), limit: 10, leaseMs: 1000 });
      // The lease ran out, another worker took over and finished.
      await own.store.effects.claim({ now: at(1000), limit: 10, leaseMs: 1000 });
      await own.store.effects.complete({ id, at: at(1500) });
      await own.store.effects.retryLater({ id, runAt: at(2000), error: "late failure" });
      await own.store.effects.bury({ id, error: "late give-up", at: at(2000) });
      expect(await own.store.effects.get({ id })).toMatchObject({
        status: "done",
        attempts: 2,
        lastError: null,
        doneAt: at(1500),
      });
      expect(await own.store.effects.claim({ now: at(9_999_999), limit: 10, leaseMs: 1 })).toEqual(
        [],
      );
    });
  });
}

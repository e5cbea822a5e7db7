// The contract of parked delivery receipts (receipts faster than the send
// that records their MT's provider id) and of markSent recording the
// transport that carried an MT. Every test uses its own ids, so one database
// serves a whole block. Runs on every database kind:
//
//   describe.each(testDatabases())("on $kind", (database) => {
//     parkedReceiptContract(async () => ({ store, close }));
//   });

import type { DeliveryReceipt } from "@smspay/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturesAt, uid } from "./fixtures.ts";
import type { ContractStore, ContractStoreFactory } from "./repository-contract.ts";

const { at } = fixturesAt(new Date("2026-03-14T09:00:00.000Z"));

function receipt(overrides: Partial<DeliveryReceipt> = {}): DeliveryReceipt {
  return {
    type: "dlr_received",
    transport: "smpp",
    providerMessageId: uid("smsc"),
    outcome: "delivered",
    receivedAt: at(0),
    ...overrides,
  } as DeliveryReceipt;
}

export function parkedReceiptContract(open: ContractStoreFactory): void {
  describe("parked receipts", () => {
    let db: ContractStore;
    beforeAll(async () => {
      db = await open();
    });
    afterAll(() => db.close());

    it("gives a parked receipt back once, with every field", async () => {
      const parked = receipt({
        outcome: "failed",
        failure: "insufficient_funds",
        providerError: "stat:UNDELIV err:069",
        messageId: "mt_1",
      });
      await db.store.parkedReceipts.park({ receipt: parked, at: at(1) });
      const key = { transport: parked.transport, providerMessageId: parked.providerMessageId };
      expect(await db.store.parkedReceipts.take(key)).toEqual([parked]);
      expect(await db.store.parkedReceipts.take(key)).toEqual([]);
    });

    it("keeps one receipt per outcome, oldest first, and only for its transport and id", async () => {
      const id = uid("smsc");
      const failed = receipt({ providerMessageId: id, outcome: "failed", receivedAt: at(2_000) });
      const delivered = receipt({ providerMessageId: id, receivedAt: at(1_000) });
      const otherTransport = receipt({ providerMessageId: id, transport: "kannel" });
      for (const r of [
        failed,
        delivered,
        { ...delivered, receivedAt: at(3_000) },
        otherTransport,
      ]) {
        await db.store.parkedReceipts.park({ receipt: r, at: at(5_000) });
      }
      expect(
        await db.store.parkedReceipts.take({ transport: "smpp", providerMessageId: id }),
      ).toEqual([delivered, failed]);
      expect(
        await db.store.parkedReceipts.take({ transport: "kannel", providerMessageId: id }),
      ).toEqual([otherTransport]);
    });

    it("drops receipts parked for more than a day", async () => {
      const old = receipt();
      const recent = receipt();
      await db.store.parkedReceipts.park({ receipt: old, at: at(0) });
      await db.store.parkedReceipts.park({ receipt: recent, at: at(25 * 60 * 60_000) });
      const keyOf = (r: DeliveryReceipt) => ({
        transport: r.transport,
        providerMessageId: r.providerMessageId,
      });
      expect(await db.store.parkedReceipts.take(keyOf(old))).toEqual([]);
      expect(await db.store.parkedReceipts.take(keyOf(recent))).toEqual([recent]);
    });

    it("holds the provider-id lock until the transaction ends", async () => {
      const key = { transport: "smpp", providerMessageId: uid("smsc") };
      const order: string[] = [];
      let release: () => void = () => {};
      let locked: () => void = () => {};
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const first = db.store.transaction(async (tx) => {
        await tx.parkedReceipts.lockProviderId(key);
        order.push("first locked");
        locked();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        await tx.parkedReceipts.park({ receipt: receipt(key), at: at(0) });
        order.push("first parked");
      });
      await isLocked;
      const second = db.store.transaction(async (tx) => {
        await tx.parkedReceipts.lockProviderId(key);
        order.push("second locked");
        return tx.parkedReceipts.take(key);
      });
      // Give the second transaction every chance to get ahead if the lock did not hold.
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      const [, taken] = await Promise.all([first, second]);
      expect(order).toEqual(["first locked", "first parked", "second locked"]);
      expect(taken).toHaveLength(1);
    });
  });

  describe("markSent", () => {
    let db: ContractStore;
    beforeAll(async () => {
      db = await open();
    });
    afterAll(() => db.close());

    const queued = async () => {
      const id = uid("mt");
      await db.store.outbound.create({
        id,
        merchantId: null,
        paymentId: null,
        purpose: "service_reply",
        transport: "smpp-primary",
        sender: "84500",
        toHash: "hash",
        toCipher: "cipher",
        text: "hello",
        billedAmount: null,
        currency: null,
        status: "queued",
        providerMessageId: null,
        createdAt: at(0),
        sentAt: null,
      });
      return id;
    };

    it("records the transport that carried the MT, so its receipts find it", async () => {
      const id = await queued();
      await db.store.outbound.markSent({
        id,
        providerMessageId: "5a000001",
        transport: "smpp-backup",
        at: at(1),
      });
      const found = await db.store.outbound.findByProviderId({
        transport: "smpp-backup",
        providerMessageId: "5a000001",
      });
      expect(found).toMatchObject({ id, transport: "smpp-backup", status: "sent" });
    });

    it("keeps the queued transport when none is given", async () => {
      const id = await queued();
      await db.store.outbound.markSent({ id, providerMessageId: "5a000002", at: at(1) });
      expect(await db.store.outbound.get(id)).toMatchObject({
        transport: "smpp-primary",
        providerMessageId: "5a000002",
      });
    });
  });
}

import { createPrismaStore } from "@smspay/db";
import { pgliteTestDatabase, type TestDatabase } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchedCompletions } from "./batched-completions.ts";

describe("batchedCompletions", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await pgliteTestDatabase().open();
  });
  afterAll(() => db.close());

  it("writes the completions asked for in one turn as one statement, each at its own time", async () => {
    const store = createPrismaStore(db.prisma);
    const statements: number[] = [];
    const effects = batchedCompletions({
      ...store.effects,
      completeMany: (items) => {
        statements.push(items.length);
        return store.effects.completeMany(items);
      },
    });
    const now = new Date();
    const ids = ["eff_b1", "eff_b2", "eff_b3"];
    for (const id of ids) {
      await store.effects.enqueue({
        id,
        kind: "deliver_webhook",
        payload: { eventId: `evt_${id}`, endpointId: "we_1" },
        paymentId: null,
        runAt: now,
      });
    }
    await Promise.all(
      ids.map((id, i) => effects.complete({ id, at: new Date(now.getTime() + i) })),
    );
    expect(statements).toEqual([3]);
    for (const [i, id] of ids.entries()) {
      expect(await store.effects.get({ id })).toMatchObject({
        status: "done",
        doneAt: new Date(now.getTime() + i),
      });
    }
    await effects.complete({ id: "eff_b1", at: now });
    expect(statements).toEqual([3, 1]);
  });

  it("fails every caller of a statement that failed", async () => {
    const store = createPrismaStore(db.prisma);
    const failure = new Error("connection lost");
    const effects = batchedCompletions({
      ...store.effects,
      completeMany: () => Promise.reject(failure),
    });
    const results = await Promise.allSettled([
      effects.complete({ id: "eff_x1", at: new Date() }),
      effects.complete({ id: "eff_x2", at: new Date() }),
    ]);
    expect(results).toEqual([
      { status: "rejected", reason: failure },
      { status: "rejected", reason: failure },
    ]);
  });
});

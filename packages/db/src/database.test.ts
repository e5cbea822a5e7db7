import { type TestDatabase, testDatabases } from "@smspay/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DbClient } from "./types.ts";

const MERCHANT = "m_test";

function paymentData(id: string, extra: { shortCode?: string; reference?: string } = {}) {
  return {
    id,
    merchantId: MERCHANT,
    status: "pending",
    flow: "short_code",
    amount: 300,
    currency: "EUR",
    orderRef: `order-${id}`,
    returnUrl: "https://shop.example/return",
    expiresAt: new Date("2030-01-01T12:00:00.123Z"),
    ...extra,
  };
}

function only<T>(rows: T[]): T {
  expect(rows).toHaveLength(1);
  return rows[0] as T;
}

const pendingEffects = (tx: DbClient) =>
  tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM effects WHERE status = 'pending'
    ORDER BY id LIMIT 2 FOR UPDATE SKIP LOCKED`;

describe.each(testDatabases())("database on $kind", (factory) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await factory.open();
    await t.prisma.merchant.create({
      data: { id: MERCHANT, name: "Shop", limits: { EUR: { perTransaction: 5000 } } },
    });
  });
  afterEach(() => t.close());

  it("round-trips a payment with its events", async () => {
    await t.prisma.payment.create({
      data: {
        ...paymentData("pay_1"),
        metadata: { cart: [{ sku: "A-1", qty: 2 }], note: "é ✓" },
        events: {
          create: [
            { type: "created", data: { by: "api" } },
            { type: "sms_sent", data: {} },
          ],
        },
      },
    });

    const payment = await t.prisma.payment.findUniqueOrThrow({
      where: { id: "pay_1" },
      include: { events: { orderBy: { id: "asc" } } },
    });

    expect(payment).toMatchObject({
      ...paymentData("pay_1"),
      metadata: { cart: [{ sku: "A-1", qty: 2 }], note: "é ✓" },
      description: null,
      test: false,
      refundedAmount: 0,
    });
    expect(payment.createdAt).toBeInstanceOf(Date);
    expect(payment.events.map((e) => [e.type, e.data])).toEqual([
      ["created", { by: "api" }],
      ["sms_sent", {}],
    ]);
    const [first, second] = payment.events;
    expect(typeof first?.id).toBe("bigint");
    expect((second?.id ?? 0n) > (first?.id ?? 0n)).toBe(true);
  });

  it("keeps a reference unique among the live payments of a short code", async () => {
    const ref = { shortCode: "84000", reference: "AB12" };
    await t.prisma.payment.create({ data: paymentData("pay_1", ref) });
    await expect(
      t.prisma.payment.create({ data: paymentData("pay_2", ref) }),
    ).rejects.toMatchObject({ code: "P2002" });

    await t.prisma.payment.update({ where: { id: "pay_1" }, data: { status: "succeeded" } });
    await t.prisma.payment.create({ data: paymentData("pay_2", ref) });
  });

  it("reports constraint violations as Prisma's known errors", async () => {
    await t.prisma.payment.create({ data: paymentData("pay_1") });
    await expect(t.prisma.payment.create({ data: paymentData("pay_1") })).rejects.toMatchObject({
      code: "P2002",
    });
    await expect(
      t.prisma.paymentEvent.create({ data: { paymentId: "nope", type: "x", data: {} } }),
    ).rejects.toMatchObject({ code: "P2003" });
  });

  it("runs raw SQL inside interactive transactions", async () => {
    await t.prisma.effect.createMany({
      data: ["e1", "e2", "e3"].map((id) => ({ id, kind: "notify", payload: {} })),
    });
    const upsert = (tx: DbClient, amount: number) =>
      tx.$queryRaw<{ amount: number }[]>`
        INSERT INTO monthly_spend (merchant_id, phone_hash, period, currency, amount)
        VALUES (${MERCHANT}, 'h1', '2030-01', 'EUR', ${amount})
        ON CONFLICT (merchant_id, phone_hash, period, currency)
        DO UPDATE SET amount = monthly_spend.amount + EXCLUDED.amount
        WHERE monthly_spend.amount + EXCLUDED.amount <= 500
        RETURNING amount`;

    const result = await t.prisma.$transaction(async (tx) => ({
      claimed: await pendingEffects(tx),
      spends: [await upsert(tx, 200), await upsert(tx, 200), await upsert(tx, 200)],
    }));

    expect(result.claimed).toEqual([{ id: "e1" }, { id: "e2" }]);
    // The third would overshoot the cap: no row, nothing written.
    expect(result.spends).toEqual([[{ amount: 200 }], [{ amount: 400 }], []]);
  });

  it("rolls back an interactive transaction that throws", async () => {
    await expect(
      t.prisma.$transaction(async (tx) => {
        await tx.payment.create({ data: paymentData("pay_1") });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await t.prisma.payment.count()).toBe(0);
  });

  it("keeps 50 concurrent read-modify-write transactions on one row correct", async () => {
    await t.prisma.payment.create({ data: paymentData("pay_1") });

    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.prisma.$transaction(
          async (tx) => {
            const row = only(
              await tx.$queryRaw<{ refunded_amount: number }[]>`
                SELECT refunded_amount FROM payments WHERE id = 'pay_1' FOR UPDATE`,
            );
            await tx.payment.update({
              where: { id: "pay_1" },
              data: { refundedAmount: row.refunded_amount + 1 },
            });
            await tx.paymentEvent.create({
              data: { paymentId: "pay_1", type: "refunded", data: { n: i } },
            });
          },
          { maxWait: 30_000, timeout: 30_000 },
        ),
      ),
    );

    const payment = await t.prisma.payment.findUniqueOrThrow({ where: { id: "pay_1" } });
    expect(payment.refundedAmount).toBe(50);
    expect(await t.prisma.paymentEvent.count({ where: { paymentId: "pay_1" } })).toBe(50);
  });
});

// PGlite has one connection, so its transactions never overlap: only
// PostgreSQL can show SKIP LOCKED handing concurrent workers disjoint rows.
describe.each(testDatabases().filter((f) => f.kind === "postgres"))(
  "database on $kind, concurrently",
  (factory) => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await factory.open();
    });
    afterEach(() => t.close());

    it("gives concurrent SKIP LOCKED claims disjoint rows", async () => {
      await t.prisma.effect.createMany({
        data: ["e1", "e2", "e3", "e4"].map((id) => ({ id, kind: "notify", payload: {} })),
      });
      let claimed!: () => void;
      const firstClaimed = new Promise<void>((resolve) => {
        claimed = resolve;
      });
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });

      const first = t.prisma.$transaction(async (tx) => {
        const rows = await pendingEffects(tx);
        claimed();
        await released; // hold the row locks while the second worker claims
        return rows;
      });
      await firstClaimed;
      const second = await t.prisma.$transaction((tx) => pendingEffects(tx));
      release();

      expect(await first).toEqual([{ id: "e1" }, { id: "e2" }]);
      expect(second).toEqual([{ id: "e3" }, { id: "e4" }]);
    });
  },
);

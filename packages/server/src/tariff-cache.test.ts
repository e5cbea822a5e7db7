import type { ShortCodeRepository, Tariff } from "@smspay/core";
import { describe, expect, it } from "vitest";
import { cachedShortCodes } from "./tariff-cache.ts";

const tariff = (amount: number): Tariff => ({
  shortCode: "81450",
  keyword: "PAY",
  amount,
  currency: "EUR",
  country: "FR",
  transport: "sandbox",
});

function countingRepository(tariffs: Tariff[]) {
  const reads = { list: 0, keywords: 0 };
  let failNext = false;
  const repository: ShortCodeRepository = {
    async listForMerchant() {
      reads.list += 1;
      if (failNext) {
        failNext = false;
        throw new Error("database down");
      }
      return [...tariffs];
    },
    async keywordsFor() {
      reads.keywords += 1;
      return ["PAY"];
    },
    async upsert(t) {
      tariffs.push(t);
    },
  };
  return { repository, reads, failOnce: () => (failNext = true) };
}

describe("cachedShortCodes", () => {
  it("reads each merchant's tariffs once per TTL, again after it", async () => {
    let clock = 0;
    const { repository, reads } = countingRepository([tariff(450)]);
    const cached = cachedShortCodes(repository, () => clock);
    await cached.listForMerchant("mer_a");
    await cached.listForMerchant("mer_a");
    await cached.keywordsFor("81450");
    await cached.keywordsFor("81450");
    expect(reads).toEqual({ list: 1, keywords: 1 });
    await cached.listForMerchant("mer_b");
    expect(reads.list).toBe(2);
    clock = 10_001;
    await cached.listForMerchant("mer_a");
    expect(reads.list).toBe(3);
  });

  it("applies a change made through it at once", async () => {
    const { repository } = countingRepository([tariff(450)]);
    const cached = cachedShortCodes(repository, () => 0);
    expect(await cached.listForMerchant("mer_a")).toHaveLength(1);
    await cached.upsert({ ...tariff(200), id: "sc_2", merchantId: null });
    expect(await cached.listForMerchant("mer_a")).toHaveLength(2);
  });

  it("does not keep a failed read", async () => {
    const { repository, reads, failOnce } = countingRepository([tariff(450)]);
    const cached = cachedShortCodes(repository, () => 0);
    failOnce();
    await expect(cached.listForMerchant("mer_a")).rejects.toThrow("database down");
    await new Promise((r) => setImmediate(r));
    expect(await cached.listForMerchant("mer_a")).toHaveLength(1);
    expect(reads.list).toBe(2);
  });
});

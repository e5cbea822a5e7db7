// Tariffs are read on every payment creation and every MO, and change rarely
// (a new short code is an administrative act). A short in-process cache keeps
// those reads off the database; a change made through this process applies at
// once, one made by another process within TTL_MS.

import type { ShortCodeRepository, Tariff } from "@smspay/core";

const TTL_MS = 10_000;

type Entry<T> = { value: Promise<T>; until: number };

export function cachedShortCodes(
  inner: ShortCodeRepository,
  now: () => number = Date.now,
): ShortCodeRepository {
  const byMerchant = new Map<string, Entry<Tariff[]>>();
  const byCode = new Map<string, Entry<string[]>>();
  const read = <T>(
    cache: Map<string, Entry<T>>,
    key: string,
    load: () => Promise<T>,
  ): Promise<T> => {
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.value;
    const value = load();
    cache.set(key, { value, until: now() + TTL_MS });
    // A failed read must not be served from the cache.
    value.catch(() => cache.delete(key));
    return value;
  };
  return {
    listForMerchant: (merchantId) =>
      read(byMerchant, merchantId, () => inner.listForMerchant(merchantId)),
    keywordsFor: (shortCode) => read(byCode, shortCode, () => inner.keywordsFor(shortCode)),
    async upsert(tariff) {
      await inner.upsert(tariff);
      byMerchant.clear();
      byCode.clear();
    },
  };
}

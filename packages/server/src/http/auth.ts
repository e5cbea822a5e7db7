// Merchant API authentication: `Authorization: Bearer <api key>`, looked up by
// the key's hash. The merchant behind a key is cached briefly because every API
// request needs it.

import type { Merchant, Store } from "@smspay/core";
import { hashApiKey, SmspayError } from "@smspay/core";
import type { RequestHandler } from "express";

const CACHE_MS = 5_000;
// Writing last-used on every request would add a write to every read.
const TOUCH_EVERY_MS = 60_000;

type Cached = { merchant: Merchant; keyId: string; until: number; touchedAt: number };

export function apiKeyAuth(store: Store): RequestHandler {
  const cache = new Map<string, Cached>();
  return async (req, res, next) => {
    const header = req.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      res.set("WWW-Authenticate", 'Bearer realm="smspay"');
      throw new SmspayError("unauthorized", "send your API key as `Authorization: Bearer <key>`");
    }
    const hash = hashApiKey(match[1]);
    const now = Date.now();
    let entry = cache.get(hash);
    if (!entry || entry.until < now) {
      const key = await store.apiKeys.findActiveByHash(hash);
      const merchant = key ? await store.merchants.get(key.merchantId) : undefined;
      if (!key || !merchant?.active) {
        cache.delete(hash);
        throw new SmspayError("unauthorized", "unknown or revoked API key");
      }
      entry = { merchant, keyId: key.id, until: now + CACHE_MS, touchedAt: entry?.touchedAt ?? 0 };
      if (cache.size > 10_000) cache.clear();
      cache.set(hash, entry);
    }
    if (now - entry.touchedAt > TOUCH_EVERY_MS) {
      entry.touchedAt = now;
      await store.apiKeys.touch({ id: entry.keyId, at: new Date(now) });
    }
    res.locals.merchant = entry.merchant;
    next();
  };
}

export function merchantOf(locals: Record<string, unknown>): Merchant {
  return locals.merchant as Merchant;
}

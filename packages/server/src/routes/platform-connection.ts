// Merchant API: the shop platform smspay notifies (/v1/platform-connection).
// The config (API credentials) is validated by the platform's own factory,
// stored sealed, and shown back with its credentials masked.

import { type PlatformConnection, parseOrThrow, SmspayError, type Store } from "@smspay/core";
import { Router } from "express";
import { z } from "zod";
import { merchantOf } from "../http/auth.ts";
import type { PlatformRegistry } from "../platform-registry.ts";

export const connectSchema = z
  .object({
    platform: z.string().min(1).max(32),
    config: z.record(z.string(), z.unknown()),
  })
  .strict();

export function platformConnectionRoutes(options: {
  store: Store;
  platforms: PlatformRegistry;
}): Router {
  const { store, platforms } = options;
  const router = Router();
  const resource = (connection: PlatformConnection) => ({
    platform: connection.platform,
    config: platforms.visibleConfig(connection),
    active: connection.active,
    createdAt: connection.createdAt.toISOString(),
    updatedAt: connection.updatedAt.toISOString(),
  });

  router.put("/platform-connection", async (req, res) => {
    const merchantId = merchantOf(res.locals).id;
    const input = parseOrThrow(connectSchema, req.body, "platform connection");
    const sealed = await platforms.sealConfig(merchantId, input.platform, input.config);
    const connection = await store.platformConnections.put({
      merchantId,
      ...sealed,
      at: new Date(),
    });
    res.json(resource(connection));
  });

  router.get("/platform-connection", async (_req, res) => {
    const connection = await store.platformConnections.get(merchantOf(res.locals).id);
    if (!connection) throw new SmspayError("not_found", "no platform is connected");
    res.json(resource(connection));
  });

  router.delete("/platform-connection", async (_req, res) => {
    if (!(await store.platformConnections.remove(merchantOf(res.locals).id))) {
      throw new SmspayError("not_found", "no platform is connected");
    }
    res.status(204).end();
  });

  return router;
}

// The sandbox: virtual phones talking to the built-in fake operator.

import { parseOrThrow } from "@smspay/core";
import type { SandboxOperator } from "@smspay/sms";
import { SANDBOX_TARIFFS } from "@smspay/sms";
import { Router } from "express";
import { z } from "zod";
import { sandboxPage } from "../views/sandbox-page.ts";

const moSchema = z
  .object({
    from: z.string().min(3).max(32),
    to: z.string().regex(/^\d{3,8}$/, "must be a short code"),
    text: z.string().min(1).max(918),
    messageId: z.string().min(1).max(100).optional(),
  })
  .strict();

export function sandboxRoutes(operator: SandboxOperator): Router {
  const router = Router();

  router.get("/", (_req, res) => {
    res.type("html").send(sandboxPage(SANDBOX_TARIFFS));
  });

  router.post("/sms", async (req, res) => {
    const mo = parseOrThrow(moSchema, req.body, "sandbox SMS");
    const { messageId } = await operator.receiveMo({
      from: mo.from,
      to: mo.to,
      text: mo.text,
      ...(mo.messageId ? { messageId: mo.messageId } : {}),
    });
    res.status(202).json({ messageId });
  });

  router.get("/phones/:msisdn/messages", async (req, res) => {
    const messages = await operator.messages(req.params.msisdn);
    res.set("Cache-Control", "no-store").json({
      data: messages.map((m) => ({ ...m, at: m.at.toISOString() })),
    });
  });

  return router;
}

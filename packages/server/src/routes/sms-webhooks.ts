// /webhooks/sms/:transport — where SMS providers deliver MOs and receipts.
// The body stays raw bytes (this router parses it itself, so mount it before
// express.json()): the transport verifies authenticity over exactly what
// arrived before anything is parsed, and a forged request changes nothing.
// Each classified event goes to the InboundHandler (which de-duplicates on
// the provider's message id); the provider gets its acknowledgement as soon as
// the events are recorded.

import type { InboundEvent, InboundHttpRequest, InboundWebhookTransport } from "@smspay/core";
import express, { type Request, type RequestHandler, Router } from "express";
import { sendProblem } from "../http/problem.ts";
import type { Logger } from "../logger.ts";

export type SmsWebhookDeps = {
  readonly transports: ReadonlyMap<string, InboundWebhookTransport>;
  readonly inbound: { handle(event: InboundEvent): Promise<unknown> };
  /** Providers sign the URL they called: the public one, not the address behind a proxy. */
  readonly publicUrl: string;
  readonly log: Logger;
};

export function smsWebhookRoutes(deps: SmsWebhookDeps): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: "64kb" });

  // Kannel's get-url and dlr-url are GETs; the cloud providers POST.
  const receive: RequestHandler = async (req, res) => {
    const name = String(req.params.transport);
    const transport = deps.transports.get(name);
    if (!transport) {
      sendProblem(res, {
        status: 404,
        code: "not_found",
        detail: `no SMS transport named ${name}`,
      });
      return;
    }
    const result = await transport.classify(inboundRequest(req, deps.publicUrl));
    if (result === "unauthenticated") {
      deps.log.warn(
        { transport: name, remoteAddress: req.socket.remoteAddress },
        "SMS webhook refused: not authentic",
      );
      sendProblem(res, {
        status: 401,
        code: "unauthorized",
        detail: "the request is not signed by this transport's provider",
      });
      return;
    }
    for (const event of result) await deps.inbound.handle(event);
    const ack = transport.acknowledgement;
    res
      .status(200)
      .type(ack?.contentType ?? "text/plain")
      .send(ack?.body ?? "");
  };
  router.get("/:transport", raw, receive);
  router.post("/:transport", raw, receive);

  return router;
}

function inboundRequest(req: Request, publicUrl: string): InboundHttpRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    headers[key] = Array.isArray(value) ? value.join(", ") : value;
  }
  return {
    method: req.method,
    url: `${publicUrl.replace(/\/$/, "")}${req.originalUrl}`,
    headers,
    rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    remoteAddress: req.socket.remoteAddress ?? "",
  };
}

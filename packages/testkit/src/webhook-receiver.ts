// A merchant's webhook endpoint for tests: a real HTTP server on 127.0.0.1
// that records every request as received (raw body, headers) and answers
// what the test tells it to, per path: a status, or "stall" (never answers,
// like a hung shop). Receivers de-duplicate on the event id, so tests count
// deliveries per id.

import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedWebhook = {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  readonly eventId: string | undefined;
  /** What the receiver answered (undefined: it stalled). */
  readonly status: number | undefined;
};

export type WebhookAnswer = number | "stall";

export type WebhookReceiver = {
  /** The URL of `path` on this receiver. */
  url(path: string): string;
  /** Requests received on `path` (every path when omitted), in arrival order. */
  received(path?: string): ReceivedWebhook[];
  /** How many times each event id arrived on `path`. */
  deliveriesByEvent(path?: string): Map<string, number>;
  /** How many times each event id arrived on `path` and was answered 2xx (accepted). */
  acceptedByEvent(path?: string): Map<string, number>;
  /** What `path` answers from now on (default 200). */
  answer(path: string, answer: WebhookAnswer): void;
  close(): Promise<void>;
};

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const answers = new Map<string, WebhookAnswer>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      const eventId = req.headers["smspay-event-id"];
      const answer = answers.get(path) ?? 200;
      received.push({
        path,
        headers: req.headers,
        rawBody: Buffer.concat(chunks).toString("utf8"),
        eventId: typeof eventId === "string" ? eventId : undefined,
        status: answer === "stall" ? undefined : answer,
      });
      if (answer === "stall") return;
      res.writeHead(answer, { "content-type": "text/plain" }).end("ok");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const on = (path?: string) =>
    path === undefined ? received : received.filter((r) => r.path === path);
  const countByEvent = (requests: ReceivedWebhook[]) => {
    const counts = new Map<string, number>();
    for (const r of requests) {
      if (r.eventId) counts.set(r.eventId, (counts.get(r.eventId) ?? 0) + 1);
    }
    return counts;
  };
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received: (path) => [...on(path)],
    deliveriesByEvent: (path) => countByEvent(on(path)),
    acceptedByEvent: (path) =>
      countByEvent(on(path).filter((r) => r.status !== undefined && r.status < 300)),
    answer: (path, answer) => {
      answers.set(path, answer);
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

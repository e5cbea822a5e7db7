// A shop's webhook endpoint on loopback that counts every delivery by event
// id, so a run can prove each notification arrived exactly once.

import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Receiver = {
  readonly url: string;
  /** Deliveries per event id (more than 1: a duplicate). */
  readonly deliveries: Map<string, number>;
  /** Resolves when a `payment.succeeded` for this payment arrives, with its succeededAt (ms). */
  succeeded(paymentId: string): Promise<number>;
  close(): Promise<void>;
};

type Waiter = { resolve: (succeededAtMs: number) => void };

export async function startReceiver(): Promise<Receiver> {
  const deliveries = new Map<string, number>();
  const arrived = new Map<string, number>();
  const waiters = new Map<string, Waiter[]>();
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      raw += chunk;
    });
    req.on("end", () => {
      res.writeHead(204).end();
      const event = JSON.parse(raw) as {
        id: string;
        type: string;
        data: { payment: { id: string; succeededAt: string | null } };
      };
      deliveries.set(event.id, (deliveries.get(event.id) ?? 0) + 1);
      if (event.type !== "payment.succeeded") return;
      const { id, succeededAt } = event.data.payment;
      const at = succeededAt ? Date.parse(succeededAt) : Date.now();
      arrived.set(id, at);
      for (const waiter of waiters.get(id) ?? []) waiter.resolve(at);
      waiters.delete(id);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/smspay`,
    deliveries,
    succeeded(paymentId) {
      const at = arrived.get(paymentId);
      if (at !== undefined) return Promise.resolve(at);
      return new Promise((resolve) => {
        waiters.set(paymentId, [...(waiters.get(paymentId) ?? []), { resolve }]);
      });
    },
    async close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

// The plumbing every provider fake shares: a loopback HTTP server that can go
// down (connection refused) and come back on the same port, and a way to call
// smspay's webhook as the provider would.

import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { InboundEvent, InboundWebhookTransport } from "@smspay/core";

export type FakeRequest = {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
};

export type FakeResponse = {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Objects are sent as JSON. */
  readonly body?: string | object;
};

export type FakeHandler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export class FakeHttpServer {
  readonly #handler: FakeHandler;
  #server: Server;
  #port = 0;

  private constructor(handler: FakeHandler) {
    this.#handler = handler;
    this.#server = this.#create();
  }

  static async start(handler: FakeHandler): Promise<FakeHttpServer> {
    const fake = new FakeHttpServer(handler);
    await fake.#listen();
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Stops answering (connections are refused) until the returned function listens again. */
  async goDown(): Promise<() => Promise<void>> {
    await this.close();
    return async () => {
      this.#server = this.#create();
      await this.#listen();
    };
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.closeAllConnections();
      this.#server.close(() => resolve());
    });
  }

  #create(): Server {
    return createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const url = new URL(req.url ?? "/", "http://fake");
      let answer: FakeResponse;
      try {
        answer = await this.#handler({
          method: req.method ?? "GET",
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks),
        });
      } catch (error) {
        answer = { status: 500, body: { error: String(error) } };
      }
      const json = typeof answer.body === "object";
      res.writeHead(answer.status, {
        ...(json ? { "content-type": "application/json" } : {}),
        ...answer.headers,
      });
      res.end(json ? JSON.stringify(answer.body) : (answer.body ?? ""));
    });
  }

  async #listen(): Promise<void> {
    this.#server.listen(this.#port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => {
      this.#server.once("listening", resolve);
      this.#server.once("error", reject);
    });
    this.#port = (this.#server.address() as AddressInfo).port;
  }
}

/** Calls smspay's webhook as a provider does; resolves with the answer's status. */
export async function callWebhook(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<number> {
  const response = await fetch(url, { method: init.method ?? "POST", ...init });
  await response.arrayBuffer();
  return response.status;
}

/** Random lower-case hex, for provider ids. */
export function hex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString("hex")
    .slice(0, length);
}

/** The value of a header that may repeat (as Node gives it), or undefined. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export type RecordingWebhook = {
  readonly url: string;
  /** What `classify` returned for each request, in order. */
  readonly results: (InboundEvent[] | "unauthenticated")[];
  close(): Promise<void>;
};

/**
 * smspay's webhook reduced to what a transport's own tests look at: serves
 * `classify` on loopback (401 when unauthenticated) and records its results.
 */
export async function recordingWebhook(
  /** Read on each request: the transport may need the webhook's URL to be built. */
  transport: () => InboundWebhookTransport,
  path = "/webhooks/sms/test",
): Promise<RecordingWebhook> {
  const results: (InboundEvent[] | "unauthenticated")[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const { port } = server.address() as AddressInfo;
    try {
      const result = await transport().classify({
        method: req.method ?? "POST",
        url: `http://127.0.0.1:${port}${req.url ?? "/"}`,
        headers,
        rawBody: Buffer.concat(chunks),
        remoteAddress: req.socket.remoteAddress ?? "",
      });
      results.push(result);
      res.statusCode = result === "unauthenticated" ? 401 : 200;
    } catch {
      res.statusCode = 400;
    }
    res.end();
  });
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    results,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

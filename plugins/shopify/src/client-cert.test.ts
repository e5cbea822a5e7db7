// The mTLS check behind a proxy, on a real HTTP server on loopback.

import { once } from "node:events";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { requireShopifyClientCert } from "./client-cert.ts";
import type { ClientCertCheck } from "./shopify-config.ts";

describe("Shopify client certificate check", () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  async function serve(check: ClientCertCheck): Promise<string> {
    const app = express();
    app.post("/session", requireShopifyClientCert(check), (_req, res) => {
      res.status(201).end();
    });
    app.use(
      (error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        res.status(401).send(error.message);
      },
    );
    const server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    close = () => server.close();
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/session`;
  }

  const proxy = (trustedProxies: string[]): ClientCertCheck => ({
    mode: "proxy",
    header: "x-client-verify",
    trustedProxies,
  });

  it("lets a request through when the trusted proxy verified the certificate", async () => {
    const url = await serve(proxy(["127.0.0.1", "::ffff:127.0.0.1"]));
    expect(
      (await fetch(url, { method: "POST", headers: { "x-client-verify": "SUCCESS" } })).status,
    ).toBe(201);
  });

  it("refuses a request without a verified certificate", async () => {
    const url = await serve(proxy(["127.0.0.1", "::ffff:127.0.0.1"]));
    expect((await fetch(url, { method: "POST" })).status).toBe(401);
    const failed = await fetch(url, {
      method: "POST",
      headers: { "x-client-verify": "FAILED:unable to verify" },
    });
    expect(failed.status).toBe(401);
  });

  it("ignores the header from anyone but the proxy", async () => {
    const url = await serve(proxy(["10.0.0.5"]));
    expect(
      (await fetch(url, { method: "POST", headers: { "x-client-verify": "SUCCESS" } })).status,
    ).toBe(401);
  });
});

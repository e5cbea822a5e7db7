// The outbound guard against real loopback servers: what it refuses never
// reaches them, what it allows does, and names resolve through the resolver
// the guard was given (so a made-up name reaching 127.0.0.1 proves the checked
// address is the one dialled).

import { once } from "node:events";
import { createServer, get, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isSmspayError } from "@smspay/core";
import { afterEach, describe, expect, it } from "vitest";
import { AddressPolicy, LOOPBACK_CIDRS } from "./outbound-addresses.ts";
import { OutboundAddressRefused, OutboundUrlGuard, type Resolve } from "./outbound-url-guard.ts";

const PUBLIC = "93.184.215.14";

/** A resolver that knows a few names (each answer may change per call, like DNS). */
function resolver(names: Record<string, string | (() => string)>): Resolve & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    const entry = names[host];
    if (entry === undefined)
      throw Object.assign(new Error(`${host} not found`), { code: "ENOTFOUND" });
    const address = typeof entry === "function" ? entry() : entry;
    return [{ address, family: address.includes(":") ? 6 : 4 }];
  };
  return Object.assign(resolve, { calls });
}

const guards: OutboundUrlGuard[] = [];
const servers: Server[] = [];

function guard(allow: readonly string[], names: Record<string, string | (() => string)> = {}) {
  const resolve = resolver(names);
  const created = new OutboundUrlGuard({
    policy: new AddressPolicy(allow),
    resolve,
    resolveTimeoutMs: 200,
  });
  guards.push(created);
  return Object.assign(created, { resolve });
}

/** A loopback server that counts requests and answers with `answer`. */
async function server(
  answer: (path: string, res: import("node:http").ServerResponse) => void = (_p, res) =>
    res.end("ok"),
) {
  const requests: { path: string; host: string | undefined }[] = [];
  const srv = createServer((req, res) => {
    requests.push({ path: req.url ?? "", host: req.headers.host });
    answer(req.url ?? "", res);
  });
  srv.listen(0, "127.0.0.1");
  await once(srv, "listening");
  servers.push(srv);
  return { port: (srv.address() as AddressInfo).port, requests };
}

afterEach(async () => {
  for (const g of guards.splice(0)) await g.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  // fetch wraps connection errors: the guard's own error is the cause.
  return (error as { cause?: unknown }).cause ?? error;
}

describe("checking a URL a merchant registers", () => {
  it.each([
    ["http://10.0.0.1/hook", "10.0.0.1: smspay does not call private addresses"],
    [
      "http://169.254.169.254/latest/meta-data",
      "169.254.169.254: smspay does not call link-local addresses",
    ],
    ["http://127.0.0.1:8080/", "127.0.0.1: smspay does not call loopback addresses"],
    ["http://2130706433/", "127.0.0.1: smspay does not call loopback addresses"],
    ["http://0x7f.1/", "127.0.0.1: smspay does not call loopback addresses"],
    ["http://[::1]/", "::1: smspay does not call loopback addresses"],
    ["https://[::ffff:10.0.0.1]/", "::ffff:a00:1: smspay does not call private addresses"],
    ["http://[fd00::1]/", "fd00::1: smspay does not call unique local (private) addresses"],
    [
      "http://100.100.100.200/",
      "100.100.100.200: smspay does not call shared (carrier-grade NAT) addresses",
    ],
  ])("refuses %s in production, naming the field", async (url, message) => {
    const error = await guard([])
      .checkUrl(url, "config.url")
      .catch((e: unknown) => e);
    expect(isSmspayError(error) && error.code).toBe("invalid_request");
    expect(isSmspayError(error) && error.fields).toEqual([{ path: "config.url", message }]);
  });

  it("refuses a name that resolves to a private address, naming both", async () => {
    const g = guard([], { "shop.example": "10.1.2.3" });
    const error = await g.checkUrl("https://shop.example/wp", "url").catch((e: unknown) => e);
    expect(isSmspayError(error) && error.fields).toEqual([
      {
        path: "url",
        message: "shop.example resolves to 10.1.2.3: smspay does not call private addresses",
      },
    ]);
  });

  it("refuses a name when any of its addresses is refused", async () => {
    const g = new OutboundUrlGuard({
      policy: new AddressPolicy([]),
      resolve: async () => [
        { address: PUBLIC, family: 4 },
        { address: "fe80::1", family: 6 },
      ],
    });
    guards.push(g);
    const error = await g.checkUrl("https://mixed.example/", "url").catch((e: unknown) => e);
    expect(isSmspayError(error) && error.code).toBe("invalid_request");
  });

  it("accepts public addresses and names, and names that do not resolve yet", async () => {
    const g = guard([], { "shop.example": PUBLIC });
    await expect(g.checkUrl("https://shop.example/hook", "url")).resolves.toBeUndefined();
    await expect(g.checkUrl(`http://${PUBLIC}:8080/`, "url")).resolves.toBeUndefined();
    await expect(g.checkUrl("https://not-yet.example/", "url")).resolves.toBeUndefined();
  });

  it("accepts a name whose resolver hangs once the resolution times out (checked again at each call)", async () => {
    const g = new OutboundUrlGuard({
      policy: new AddressPolicy([]),
      resolve: () => new Promise(() => {}),
      resolveTimeoutMs: 50,
    });
    guards.push(g);
    await expect(g.checkUrl("https://slow-dns.example/", "url")).resolves.toBeUndefined();
  });

  it("refuses what is not an http(s) URL", async () => {
    for (const url of [
      "file:///etc/passwd",
      "gopher://shop.example/",
      "ftp://shop.example/",
      "shop",
    ]) {
      const error = await guard([])
        .checkUrl(url, "url")
        .catch((e: unknown) => e);
      expect(isSmspayError(error) && error.fields).toEqual([
        { path: "url", message: "must be an absolute http(s) URL" },
      ]);
    }
  });

  it("lets loopback through with the development allow-list, and nothing else private", async () => {
    const g = guard(LOOPBACK_CIDRS, { "shop.example": "192.168.0.10" });
    await expect(g.checkUrl("http://127.0.0.1:9000/hook", "url")).resolves.toBeUndefined();
    await expect(g.checkUrl("http://[::1]:9000/hook", "url")).resolves.toBeUndefined();
    await expect(g.checkUrl("http://shop.example/", "url")).rejects.toThrow(/192\.168\.0\.10/);
  });
});

describe("calling a merchant's URL (fetch)", () => {
  it("never connects to a refused address literal", async () => {
    const target = await server();
    const cause = await refusal(guard([]).fetch(`http://127.0.0.1:${target.port}/`));
    expect(cause).toBeInstanceOf(OutboundAddressRefused);
    expect(target.requests).toEqual([]);
  });

  it("resolves names itself and dials the address it checked", async () => {
    const target = await server();
    const refused = guard([], { "shop.test": "127.0.0.1" });
    expect(await refusal(refused.fetch(`http://shop.test:${target.port}/`))).toBeInstanceOf(
      OutboundAddressRefused,
    );
    expect(target.requests).toEqual([]);

    // shop.test exists only in this resolver: reaching the server proves its answer was dialled.
    const allowed = guard(LOOPBACK_CIDRS, { "shop.test": "127.0.0.1" });
    const response = await allowed.fetch(`http://shop.test:${target.port}/orders`);
    expect(response.status).toBe(200);
    expect(target.requests).toEqual([{ path: "/orders", host: `shop.test:${target.port}` }]);
    expect(allowed.resolve.calls).toEqual(["shop.test"]);
  });

  it("checks again when the name's address changed since registration (DNS rebinding)", async () => {
    const target = await server();
    const answers = [PUBLIC, "127.0.0.1"];
    const g = guard([], { "rebind.test": () => answers.shift() ?? "127.0.0.1" });
    await expect(g.checkUrl(`http://rebind.test:${target.port}/`, "url")).resolves.toBeUndefined();
    const cause = await refusal(g.fetch(`http://rebind.test:${target.port}/`));
    expect(String(cause)).toContain("rebind.test resolves to 127.0.0.1");
    expect(target.requests).toEqual([]);
  });

  it("does not follow redirects", async () => {
    const inside = await server();
    const outside = await server((_path, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${inside.port}/secret` }).end();
    });
    const response = await guard(LOOPBACK_CIDRS).fetch(`http://127.0.0.1:${outside.port}/hook`, {
      method: "POST",
      body: "{}",
      redirect: "follow",
    });
    expect(response.status).toBe(302);
    expect(outside.requests).toHaveLength(1);
    expect(inside.requests).toEqual([]);
  });
});

describe("calling a merchant's URL (node:http agents)", () => {
  function request(agent: import("node:http").Agent, url: string): Promise<number> {
    return new Promise((resolve, reject) => {
      get(url, { agent }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on("error", reject);
    });
  }

  it("applies the same checks to literals and to names", async () => {
    const target = await server();
    const production = guard([], { "shop.test": "127.0.0.1" }).agents();
    await expect(
      request(production.http, `http://127.0.0.1:${target.port}/`),
    ).rejects.toBeInstanceOf(OutboundAddressRefused);
    await expect(
      request(production.http, `http://shop.test:${target.port}/`),
    ).rejects.toBeInstanceOf(OutboundAddressRefused);
    await expect(request(production.https, `https://[::1]:${target.port}/`)).rejects.toBeInstanceOf(
      OutboundAddressRefused,
    );
    expect(target.requests).toEqual([]);

    const development = guard(LOOPBACK_CIDRS, { "shop.test": "127.0.0.1" }).agents();
    expect(await request(development.http, `http://shop.test:${target.port}/`)).toBe(200);
    expect(target.requests).toHaveLength(1);
  });
});

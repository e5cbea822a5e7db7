// Calls to URLs a merchant gave smspay (webhook endpoints, shop platform base
// URLs) go only where the address policy allows (outbound-addresses.ts). A URL
// is checked when the merchant registers it, and again on every connection,
// because DNS can change after the check (rebinding): the name is resolved
// once per connection, the answer checked, and that very address dialled. An
// address literal in a URL never reaches DNS, so it is checked at connect time
// too. Redirects are never followed (a 3xx is an answer, not a new target).

import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { isIP, type LookupFunction, Socket } from "node:net";
import { SmspayError } from "@smspay/core";
import { buildConnector, Agent as UndiciAgent } from "undici";
import type { AddressPolicy } from "./outbound-addresses.ts";

/** How a host name becomes addresses: the system resolver, or a test's own. */
export type Resolve = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, order: "verbatim" }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });

/** A connection smspay refused to open: the host is, or resolves to, an address it must not call. */
export class OutboundAddressRefused extends Error {
  constructor(host: string, address: string, range: string) {
    const what = host === address ? address : `${host} resolves to ${address}`;
    super(`${what}: smspay does not call ${range} addresses`);
    this.name = "OutboundAddressRefused";
  }
}

export class OutboundUrlGuard {
  readonly #policy: AddressPolicy;
  readonly #resolve: Resolve;
  readonly #resolveTimeoutMs: number;
  readonly #dispatcher: UndiciAgent;

  constructor(options: { policy: AddressPolicy; resolve?: Resolve; resolveTimeoutMs?: number }) {
    this.#policy = options.policy;
    this.#resolve = options.resolve ?? systemResolve;
    this.#resolveTimeoutMs = options.resolveTimeoutMs ?? 5_000;
    const connect = buildConnector({ lookup: this.lookup });
    this.#dispatcher = new UndiciAgent({
      connect: (target, callback) => {
        const refused = this.#literalRefusal(target.hostname);
        if (refused) callback(refused, null);
        else connect(target, callback);
      },
    });
  }

  /**
   * At registration: throws SmspayError("invalid_request") naming `field`
   * when the URL is not http(s) or its host is, or resolves to, an address
   * smspay must not call. A host that does not resolve (yet) passes: every
   * connection checks it again.
   */
  async checkUrl(url: string, field: string): Promise<void> {
    let host: string;
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("scheme");
      host = hostOf(parsed.hostname);
    } catch {
      throw invalid(field, "must be an absolute http(s) URL");
    }
    try {
      await this.#allowedAddresses(host, AbortSignal.timeout(this.#resolveTimeoutMs));
    } catch (error) {
      if (error instanceof OutboundAddressRefused) throw invalid(field, error.message);
    }
  }

  /** node's `lookup` option: resolves, refuses the host when any of its addresses is refused. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.#allowedAddresses(hostname).then(
      (addresses) => {
        const family = familyOf(options);
        const usable = addresses.filter((a) => family === 0 || a.family === family);
        const [first] = usable;
        if (!first) {
          callback(
            Object.assign(new Error(`${hostname} has no IPv${family} address`), {
              code: "ENOTFOUND",
            }),
            "",
          );
        } else if (options.all) {
          callback(null, usable);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: Error) => callback(error, ""),
    );
  };

  /** fetch for merchant-given URLs: dials allowed addresses only, never follows a redirect. */
  readonly fetch: typeof fetch = (input, init) =>
    fetch(input, {
      ...init,
      redirect: "manual",
      // The npm undici's types and Node's copy of them (undici-types) declare the
      // same Dispatcher twice, so TypeScript cannot see that they match.
      dispatcher: this.#dispatcher as unknown as NonNullable<RequestInit["dispatcher"]>,
    });

  /** node:http(s) agents for clients built on them (axios): the same checks as `fetch`. */
  agents(): { http: HttpAgent; https: HttpsAgent } {
    const refuse = (host: string | null | undefined) => this.#literalRefusal(hostOf(host ?? ""));
    return {
      http: guardAgent(new HttpAgent({ lookup: this.lookup }), refuse),
      https: guardAgent(new HttpsAgent({ lookup: this.lookup }), refuse),
    };
  }

  close(): Promise<void> {
    return this.#dispatcher.close();
  }

  async #allowedAddresses(host: string, signal?: AbortSignal): Promise<readonly LookupAddress[]> {
    const family = isIP(host);
    const addresses = family
      ? [{ address: host, family }]
      : await withSignal(this.#resolve(host), signal);
    for (const { address } of addresses) {
      const range = this.#policy.refusal(address);
      if (range) throw new OutboundAddressRefused(host, address, range);
    }
    return addresses;
  }

  /** Address literals skip DNS, and with it `lookup`: they are checked where the socket opens. */
  #literalRefusal(host: string): OutboundAddressRefused | undefined {
    if (!isIP(host)) return undefined;
    const range = this.#policy.refusal(host);
    return range ? new OutboundAddressRefused(host, host, range) : undefined;
  }
}

/**
 * Makes `agent` refuse to open a socket to an address literal that `refuse`
 * objects to (names go through the agent's `lookup`).
 */
function guardAgent<A extends HttpAgent>(
  agent: A,
  refuse: (host: string | null | undefined) => Error | undefined,
): A {
  const base: HttpAgent = agent;
  const open = base.createConnection.bind(agent);
  base.createConnection = (options, callback) =>
    refusedSocket(refuse(options.host)) ?? open(options, callback);
  return agent;
}

/** A socket that fails with `error` as soon as the request listens to it. */
function refusedSocket(error: Error | undefined): Socket | undefined {
  if (!error) return undefined;
  const socket = new Socket();
  process.nextTick(() => socket.destroy(error));
  return socket;
}

function invalid(field: string, message: string): SmspayError {
  return new SmspayError("invalid_request", `${field}: ${message}`, {
    fields: [{ path: field, message }],
  });
}

/** URL hosts write IPv6 addresses in brackets; sockets and DNS do not. */
function hostOf(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, "$1");
}

function familyOf(options: LookupOptions): 0 | 4 | 6 {
  const family = options.family;
  if (family === 4 || family === "IPv4") return 4;
  if (family === 6 || family === "IPv6") return 6;
  return 0;
}

function withSignal<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

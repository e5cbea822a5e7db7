// Verifies an OAuth 1.0a signed request the way a Magento server does
// (RFC 5849 section 3.4.1, HMAC-SHA256 or HMAC-SHA1), written from the RFC
// rather than with the client's library so the fake cannot share its bugs.

import { createHmac, timingSafeEqual } from "node:crypto";

export type OAuthCredentials = {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly accessToken: string;
  readonly accessTokenSecret: string;
};

export type OAuthRequest = {
  readonly method: string;
  /** The full request URL as the server sees it (scheme, host, path, query). */
  readonly url: URL;
  readonly authorization: string;
};

const HASHES: Readonly<Record<string, "sha256" | "sha1">> = {
  "HMAC-SHA256": "sha256",
  "HMAC-SHA1": "sha1",
};

/** Magento refuses timestamps further than this from its clock. */
const TIMESTAMP_WINDOW_S = 600;

export class OAuth1Verifier {
  readonly #credentials: OAuthCredentials;
  readonly #seenNonces = new Set<string>();

  constructor(credentials: OAuthCredentials) {
    this.#credentials = credentials;
  }

  /** Undefined when the request is properly signed, else why not. */
  verify(request: OAuthRequest, now = Date.now()): string | undefined {
    const params = parseAuthorizationHeader(request.authorization);
    if (!params) return "not an OAuth Authorization header";
    const get = (name: string) => params.find(([key]) => key === name)?.[1];
    const signature = get("oauth_signature");
    const method = get("oauth_signature_method") ?? "";
    const hash = HASHES[method];
    if (!signature || !hash) return `unsupported signature method ${method}`;
    if (get("oauth_consumer_key") !== this.#credentials.consumerKey) return "unknown consumer";
    if (get("oauth_token") !== this.#credentials.accessToken) return "unknown token";
    const version = get("oauth_version");
    if (version !== undefined && version !== "1.0") return "oauth_version must be 1.0";
    const timestamp = Number(get("oauth_timestamp"));
    if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > TIMESTAMP_WINDOW_S) {
      return "timestamp out of range";
    }
    const nonce = get("oauth_nonce");
    if (!nonce) return "missing nonce";
    if (this.#seenNonces.has(`${timestamp}:${nonce}`)) return "nonce already used";

    const signed = [
      ...params.filter(([key]) => key !== "oauth_signature" && key !== "realm"),
      ...request.url.searchParams.entries(),
    ]
      .map(([key, value]) => [encode(key), encode(value)] as const)
      .sort(([ak, av], [bk, bv]) => (ak === bk ? compare(av, bv) : compare(ak, bk)))
      .map(([key, value]) => `${key}=${value}`)
      .join("&");
    const base = [request.method.toUpperCase(), encode(baseUri(request.url)), encode(signed)].join(
      "&",
    );
    const key = `${encode(this.#credentials.consumerSecret)}&${encode(this.#credentials.accessTokenSecret)}`;
    const expected = createHmac(hash, key).update(base).digest();
    const given = Buffer.from(signature, "base64");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return "signature mismatch";
    }
    this.#seenNonces.add(`${timestamp}:${nonce}`);
    return undefined;
  }
}

/** `OAuth k1="v1", k2="v2"` -> decoded pairs; undefined when malformed. */
function parseAuthorizationHeader(header: string): [string, string][] | undefined {
  const match = /^OAuth\s+(.*)$/is.exec(header.trim());
  if (!match?.[1]) return undefined;
  const pairs: [string, string][] = [];
  for (const part of match[1].split(",")) {
    const pair = /^\s*([^=\s]+)="([^"]*)"\s*$/.exec(part);
    if (!pair?.[1] || pair[2] === undefined) return undefined;
    try {
      pairs.push([decodeURIComponent(pair[1]), decodeURIComponent(pair[2])]);
    } catch {
      return undefined;
    }
  }
  return pairs;
}

/** RFC 3986 unreserved characters stay, everything else is %XX (section 3.6). */
function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function baseUri(url: URL): string {
  // URL already lowercases scheme and host and drops default ports.
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

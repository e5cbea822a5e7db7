// Which network addresses smspay may call at a merchant's request (webhook
// endpoints, shop platform URLs). Without this a merchant could point smspay
// at its own network: the database, a cloud metadata service
// (169.254.169.254), an admin port on loopback (server-side request forgery).
// Addresses outside the public internet are refused unless the operator's
// allow-list names them. Pure: resolving names is outbound-url-guard.ts's job.

import { isIP } from "node:net";

/** A prefix of an address in its 16-byte IPv6 form (IPv4 as ::ffff:a.b.c.d). */
type Prefix = { readonly bytes: Uint8Array; readonly bits: number };

// IPv4 ranges are written as IPv4 and kept IPv4-mapped, so one table covers both families.
const REFUSED: readonly (Prefix & { readonly name: string })[] = [
  ["0.0.0.0/8", "unspecified"],
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "shared (carrier-grade NAT)"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "IETF protocol assignment"],
  ["192.0.2.0/24", "documentation"],
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "benchmarking"],
  ["198.51.100.0/24", "documentation"],
  ["203.0.113.0/24", "documentation"],
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved"],
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["100::/64", "discard-only"],
  ["2001:db8::/32", "documentation"],
  ["fc00::/7", "unique local (private)"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "site-local"],
  ["ff00::/8", "multicast"],
].map(([cidr = "", name = ""]) => ({ ...prefix(cidr), name }));

/** Loopback, which development and tests call (fake shops and endpoints on 127.0.0.1). */
export const LOOPBACK_CIDRS: readonly string[] = ["127.0.0.0/8", "::1/128"];

/**
 * IPv6 forms that carry the IPv4 address a packet ends up at: checked as that
 * IPv4 address (::ffff:10.0.0.1 is 10.0.0.1, and so is 64:ff9b::a00:1 through NAT64).
 */
const EMBEDDING: readonly { readonly within: Prefix; readonly at: number }[] = [
  { within: prefix("::ffff:0:0/96"), at: 12 },
  { within: prefix("64:ff9b::/96"), at: 12 },
  { within: prefix("2002::/16"), at: 2 }, // 6to4
  { within: prefix("::/96"), at: 12 }, // IPv4-compatible (deprecated)
];

/** Where an allow-list is not a list of CIDRs: the operator allows every address. */
export type OutboundAllowList = "all" | readonly string[];

export class AddressPolicy {
  readonly #allowAll: boolean;
  readonly #allowed: readonly Prefix[];

  /** `allow`: CIDRs (or single addresses) that may be called although they are not public. */
  constructor(allow: OutboundAllowList) {
    this.#allowAll = allow === "all";
    this.#allowed = allow === "all" ? [] : allow.map(prefix);
  }

  /** Why `address` must not be called (its range: "private", "loopback"…), or undefined when it may be. */
  refusal(address: string): string | undefined {
    if (this.#allowAll) return undefined;
    const bytes = parseAddress(address);
    if (!bytes) return "not an IP address";
    const forms = [bytes, embeddedIpv4(bytes)].filter((form) => form !== undefined);
    const within = (range: Prefix) => forms.some((form) => contains(range, form));
    if (this.#allowed.some(within)) return undefined;
    const refused = REFUSED.find(within);
    return refused?.name;
  }
}

/** Whether `text` is an allow-list entry: an address, or an address and a prefix length. */
export function isCidr(text: string): boolean {
  return parseCidr(text) !== undefined;
}

function prefix(cidr: string): Prefix {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`not an IP address or CIDR range: ${cidr}`);
  return parsed;
}

function parseCidr(text: string): Prefix | undefined {
  const [address = "", length, ...rest] = text.trim().split("/");
  const bytes = parseAddress(address);
  if (!bytes || rest.length > 0) return undefined;
  const max = isIP(address) === 4 ? 32 : 128;
  if (length !== undefined && !/^\d{1,3}$/.test(length)) return undefined;
  const bits = length === undefined ? max : Number(length);
  if (bits > max) return undefined;
  return { bytes, bits: max === 32 ? 96 + bits : bits };
}

function contains(range: Prefix, bytes: Uint8Array): boolean {
  for (let bit = 0; bit < range.bits; bit += 8) {
    const left = range.bits - bit;
    const mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
    if (((bytes[bit / 8] ?? 0) & mask) !== ((range.bytes[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

function embeddedIpv4(bytes: Uint8Array): Uint8Array | undefined {
  const embedding = EMBEDDING.find(({ within }) => contains(within, bytes));
  if (!embedding) return undefined;
  const v4 = [...bytes.subarray(embedding.at, embedding.at + 4)];
  // 0.0.0.0/8 is nobody's destination; it also keeps :: and ::1 (inside ::/96) as they are.
  return v4[0] === 0 ? undefined : mapped(v4);
}

/** 16 bytes for an IPv4 or IPv6 address (IPv4 mapped into ::ffff:0:0/96); undefined otherwise. */
export function parseAddress(text: string): Uint8Array | undefined {
  const address = text.replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  const family = isIP(address);
  if (family === 4) return mapped(address.split(".").map(Number));
  if (family !== 6) return undefined;
  const [head = "", tail] = withoutDottedQuad(address).split("::");
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  const left = groups(head);
  const right = groups(tail);
  const zeros = Array<string>(8 - left.length - right.length).fill("0");
  const bytes = new Uint8Array(16);
  [...left, ...(tail === undefined ? [] : zeros), ...right].forEach((group, i) => {
    const value = Number.parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  return bytes;
}

/** "::ffff:10.0.0.1" -> "::ffff:a00:1": a trailing dotted quad is the last two groups. */
function withoutDottedQuad(address: string): string {
  return address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_quad, a, b, c, d) =>
    [
      [a, b],
      [c, d],
    ]
      .map(([high, low]) => ((Number(high) << 8) | Number(low)).toString(16))
      .join(":"),
  );
}

function mapped(octets: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(16);
  bytes[10] = 0xff;
  bytes[11] = 0xff;
  bytes.set(octets, 12);
  return bytes;
}

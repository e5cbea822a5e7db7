import { describe, expect, it } from "vitest";
import { AddressPolicy, isCidr, LOOPBACK_CIDRS, parseAddress } from "./outbound-addresses.ts";

const production = new AddressPolicy([]);

describe("outbound address policy", () => {
  it.each([
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["100.64.0.1", "shared (carrier-grade NAT)"],
    ["100.127.255.254", "shared (carrier-grade NAT)"],
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["169.254.169.254", "link-local"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["192.0.0.8", "IETF protocol assignment"],
    ["198.18.0.1", "benchmarking"],
    ["224.0.0.251", "multicast"],
    ["239.255.255.250", "multicast"],
    ["255.255.255.255", "reserved"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fc00::1", "unique local (private)"],
    ["fd12:3456:789a::1", "unique local (private)"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf:ffff::1", "link-local"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["100::1", "discard-only"],
  ])("refuses %s in production (%s)", (address, name) => {
    expect(production.refusal(address)).toBe(name);
  });

  it.each([
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:169.254.169.254", "link-local"],
    ["[::ffff:192.168.0.1]", "private"],
    ["64:ff9b::10.0.0.1", "private"],
    ["64:ff9b::a9fe:a9fe", "link-local"],
    ["2002:7f00:1::", "loopback"],
    ["2002:a00:1::1", "private"],
    ["::10.0.0.1", "private"],
  ])("refuses IPv6 forms of IPv4 addresses: %s is %s", (address, name) => {
    expect(production.refusal(address)).toBe(name);
  });

  it.each([
    "93.184.215.14",
    "8.8.8.8",
    "1.1.1.1",
    "100.63.255.255",
    "100.128.0.0",
    "172.15.255.255",
    "172.32.0.0",
    "169.253.255.255",
    "223.255.255.255",
    "2606:4700:4700::1111",
    "2a00:1450:4007:80f::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
    "fbff::1",
  ])("lets a public address through: %s", (address) => {
    expect(production.refusal(address)).toBeUndefined();
  });

  it("refuses what is not an address at all", () => {
    expect(production.refusal("shop.example")).toBe("not an IP address");
    expect(production.refusal("10.0.0")).toBe("not an IP address");
    expect(production.refusal("")).toBe("not an IP address");
  });

  it("allows loopback, and only loopback, with the development allow-list", () => {
    const development = new AddressPolicy(LOOPBACK_CIDRS);
    for (const address of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) {
      expect(development.refusal(address)).toBeUndefined();
    }
    expect(development.refusal("10.0.0.1")).toBe("private");
    expect(development.refusal("169.254.169.254")).toBe("link-local");
    expect(development.refusal("::")).toBe("unspecified");
  });

  it("allows the ranges an operator lists, IPv4 (and its IPv6 forms) and IPv6", () => {
    const policy = new AddressPolicy(["10.20.0.0/16", "fd00:1::/32", "192.168.1.7"]);
    expect(policy.refusal("10.20.3.4")).toBeUndefined();
    expect(policy.refusal("::ffff:10.20.3.4")).toBeUndefined();
    expect(policy.refusal("10.21.0.1")).toBe("private");
    expect(policy.refusal("fd00:1:2::3")).toBeUndefined();
    expect(policy.refusal("fd00:2::3")).toBe("unique local (private)");
    expect(policy.refusal("192.168.1.7")).toBeUndefined();
    expect(policy.refusal("192.168.1.8")).toBe("private");
    expect(policy.refusal("127.0.0.1")).toBe("loopback");
  });

  it("allows everything when the operator says so", () => {
    const all = new AddressPolicy("all");
    for (const address of ["127.0.0.1", "10.0.0.1", "169.254.169.254", "::1", "fe80::1"]) {
      expect(all.refusal(address)).toBeUndefined();
    }
  });

  it("reads allow-list entries strictly", () => {
    for (const good of ["10.0.0.0/8", "10.0.0.1", "fd00::/8", "::1", "0.0.0.0/0", "::/0"]) {
      expect(isCidr(good)).toBe(true);
    }
    for (const bad of [
      "10.0.0.0/33",
      "fd00::/129",
      "10.0.0/8",
      "shop.example",
      "10.0.0.0/8/1",
      "",
    ]) {
      expect(isCidr(bad)).toBe(false);
    }
    expect(() => new AddressPolicy(["10.0.0.0/33"])).toThrow(/10\.0\.0\.0\/33/);
  });

  it("parses every IPv6 spelling to the same bytes", () => {
    const canonical = parseAddress("::ffff:7f00:1");
    for (const spelling of ["::ffff:127.0.0.1", "0:0:0:0:0:ffff:7f00:1", "[::ffff:127.0.0.1]"]) {
      expect(parseAddress(spelling)).toEqual(canonical);
    }
    expect(parseAddress("127.0.0.1")).toEqual(canonical);
    expect(parseAddress("1::")).toEqual(Uint8Array.from([0, 1, ...Array(14).fill(0)]));
  });
});

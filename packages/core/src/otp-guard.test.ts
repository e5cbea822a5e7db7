import { describe, expect, it } from "vitest";
import { exceededFor, type OtpWindowLimit, type OtpWindowUsage } from "./otp-guard.ts";

const NOW = new Date("2026-05-04T10:00:00.000Z");
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
const limits: OtpWindowLimit[] = [
  { dimension: "phone", windowSeconds: 3_600, max: 5 },
  { dimension: "ip", windowSeconds: 600, max: 10 },
];
const usage = (phone: [number, Date | null], ip: [number, Date | null]): OtpWindowUsage[] => [
  { dimension: "phone", windowSeconds: 3_600, count: phone[0], oldest: phone[1] },
  { dimension: "ip", windowSeconds: 600, count: ip[0], oldest: ip[1] },
];

describe("OTP sliding windows", () => {
  it("lets a send through while every window has room", () => {
    expect(exceededFor(limits, usage([4, ago(3_000)], [9, ago(500)]), NOW)).toBeUndefined();
    expect(exceededFor(limits, usage([0, null], [0, null]), NOW)).toBeUndefined();
  });

  it("waits until the oldest send of a full window leaves it", () => {
    expect(exceededFor(limits, usage([5, ago(3_000)], [0, null]), NOW)).toBe(600);
  });

  it("waits for the slowest of several full windows", () => {
    expect(exceededFor(limits, usage([5, ago(3_590)], [10, ago(100)]), NOW)).toBe(500);
  });

  it("never answers less than a second", () => {
    expect(exceededFor(limits, usage([5, ago(3_600)], [0, null]), NOW)).toBe(1);
  });
});

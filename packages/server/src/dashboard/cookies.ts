// The dashboard's cookies, without a cookie library: one session cookie
// (HttpOnly, SameSite=Lax, Secure and `__Host-` behind HTTPS) and the
// language choice.

import type { Request, Response } from "express";

export type CookiePolicy = { readonly secure: boolean };

export function sessionCookieName(policy: CookiePolicy): string {
  // `__Host-`: the browser only keeps it from HTTPS, for this host, on path /.
  return policy.secure ? "__Host-smspay_session" : "smspay_session";
}

export const LANGUAGE_COOKIE = "smspay_lang";

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.get("cookie") ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function setCookie(
  res: Response,
  policy: CookiePolicy,
  name: string,
  value: string,
  options: { maxAgeSeconds?: number; httpOnly?: boolean } = {},
): void {
  const attributes = [
    `${name}=${encodeURIComponent(value)}`,
    "Path=/",
    "SameSite=Lax",
    ...(options.httpOnly === false ? [] : ["HttpOnly"]),
    ...(policy.secure ? ["Secure"] : []),
    ...(options.maxAgeSeconds === undefined ? [] : [`Max-Age=${options.maxAgeSeconds}`]),
  ];
  res.append("Set-Cookie", attributes.join("; "));
}

export function clearCookie(res: Response, policy: CookiePolicy, name: string): void {
  setCookie(res, policy, name, "", { maxAgeSeconds: 0 });
}

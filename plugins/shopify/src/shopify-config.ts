// The Shopify app's configuration, from the environment. The app is optional:
// without its three required variables it is simply not mounted (the server
// logs why); with some but not all of them, start-up fails rather than run a
// half-configured app. There is never a default secret.

import { z } from "zod";
import { type ApiVersion, isSupportedApiVersion, LATEST_API_VERSION } from "./api-versions.ts";
import type { ShopOrigin } from "./payments-client.ts";

/** How the session endpoints check Shopify's client certificate (mTLS). */
export type ClientCertCheck =
  /** Development only: no check. */
  | { readonly mode: "off" }
  /**
   * A proxy in front terminates TLS and verifies the certificate (nginx
   * `ssl_verify_client on`); it reports the outcome in a header, trusted only
   * from the proxy's own addresses.
   */
  | {
      readonly mode: "proxy";
      readonly header: string;
      readonly trustedProxies: readonly string[];
    };

export type ShopifyAppConfig = {
  readonly apiKey: string;
  readonly apiSecret: string;
  /** Where Shopify reaches the app: OAuth redirects, the extension's session URLs. */
  readonly appUrl: URL;
  /** The Payments Apps API version used outside a payment session (onboarding). */
  readonly apiVersion: ApiVersion;
  readonly clientCert: ClientCertCheck;
  /**
   * How long the operator may take to confirm before Shopify is told the
   * payment is pending (when the buyer heads back meanwhile).
   */
  readonly pendingAfterMs: number;
  /** Where shops' APIs are reached (https://{shop}); never from the environment: tests only. */
  readonly origin?: ShopOrigin;
};

const REQUIRED = ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"] as const;

const envSchema = z.object({
  SHOPIFY_API_KEY: z.string().min(1),
  SHOPIFY_API_SECRET: z.string().min(16, "must be the app's client secret"),
  SHOPIFY_APP_URL: z.url({ protocol: /^https?$/ }),
  SHOPIFY_API_VERSION: z
    .string()
    .refine(isSupportedApiVersion, "not a Payments Apps API version this app speaks")
    .default(LATEST_API_VERSION),
  SHOPIFY_MTLS: z.enum(["off", "proxy"]).optional(),
  // The average SMS payment takes about 15 s end to end (DOMAIN.md).
  SHOPIFY_PENDING_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(20),
  SHOPIFY_MTLS_PROXY_HEADER: z.string().min(1).default("x-client-verify"),
  SHOPIFY_MTLS_TRUSTED_PROXIES: z.string().default("127.0.0.1,::1,::ffff:127.0.0.1"),
});

/**
 * The app's config, or `missing` naming the unset variables when none of the
 * required ones is set (the app stays off). Throws on a partial or invalid setup.
 */
export function loadShopifyConfig(
  env: NodeJS.ProcessEnv,
  options: { production: boolean },
): ShopifyAppConfig | { readonly missing: readonly string[] } {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length === REQUIRED.length) return { missing };
  const parsed = envSchema.safeParse(env);
  if (missing.length > 0 || !parsed.success) {
    const problems = parsed.success
      ? missing.map((name) => `${name}: required with the other SHOPIFY_* variables`)
      : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid Shopify app configuration: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  // Production verifies Shopify's client certificate, also when told "off": without
  // it anyone could post payment, refund and void sessions in any shop's name.
  if (options.production && e.SHOPIFY_MTLS !== "proxy") {
    throw new Error("SHOPIFY_MTLS must be proxy in production (see README, Shopify: mTLS)");
  }
  const mode = e.SHOPIFY_MTLS ?? "off";
  return {
    apiKey: e.SHOPIFY_API_KEY,
    apiSecret: e.SHOPIFY_API_SECRET,
    appUrl: new URL(e.SHOPIFY_APP_URL),
    apiVersion: e.SHOPIFY_API_VERSION as ApiVersion,
    clientCert: clientCertCheck(mode, e),
    pendingAfterMs: e.SHOPIFY_PENDING_AFTER_SECONDS * 1000,
  };
}

function clientCertCheck(mode: "off" | "proxy", e: z.infer<typeof envSchema>): ClientCertCheck {
  if (mode === "off") return { mode };
  return {
    mode,
    header: e.SHOPIFY_MTLS_PROXY_HEADER.toLowerCase(),
    trustedProxies: e.SHOPIFY_MTLS_TRUSTED_PROXIES.split(",").map((a) => a.trim()),
  };
}

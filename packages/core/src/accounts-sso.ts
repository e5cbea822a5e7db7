// Single sign-on from a shop platform's admin (shared/sso.md). The plugin
// asks for a link with its API key (POST /v1/sso-tokens); the link carries a
// token `v1.<jti>.<expires unix s>.<hex HMAC-SHA256(key, "v1.<jti>.<expires>")>`,
// good for one sign-in within minutes. The signature is checked before any
// lookup, and the jti row is consumed atomically, so a replayed, forged or
// stale link opens nothing.

import { createHmac, randomBytes } from "node:crypto";
import { z } from "zod";
import {
  type AccountService,
  DASHBOARD_ROLES,
  type DashboardRole,
  type NewSession,
  sameSecret,
} from "./accounts.ts";
import { SmspayError } from "./errors.ts";
import { parseOrThrow } from "./payment-input.ts";
import type { Clock, Store } from "./ports.ts";

/** At most five minutes between the link's creation and its use. */
export const SSO_TOKEN_TTL_MS = 5 * 60_000;

export type SsoGrant = {
  readonly jti: string;
  readonly merchantId: string;
  readonly role: DashboardRole;
  readonly label: string;
  /** A dashboard path to land on. */
  readonly returnTo: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
};

export interface SsoTokenRepository {
  create(grant: SsoGrant): Promise<void>;
  /** Marks the grant used and returns it, unless it was used already or ended before `at`. */
  consume(input: { jti: string; at: Date }): Promise<SsoGrant | undefined>;
  /** Drops grants that ended before `now`; returns how many. */
  deleteExpired(now: Date): Promise<number>;
}

/** What a plugin asks for (the body of POST /v1/sso-tokens). */
export const ssoTokenRequestSchema = z
  .object({
    role: z.enum(DASHBOARD_ROLES).default("owner").describe("staff: read-only"),
    label: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .optional()
      .describe("who signs in, as the dashboard shows it (e.g. the WordPress user)"),
    returnTo: z
      .string()
      .max(200)
      .regex(
        /^\/dashboard(\/[A-Za-z0-9_\-/.]*)?(\?[A-Za-z0-9_\-=&.%]*)?$/,
        "must be a /dashboard path",
      )
      .refine((path) => !path.includes(".."), "must be a /dashboard path")
      .optional()
      .describe("the dashboard page to land on"),
  })
  .strict();

export type SsoLink = { readonly token: string; readonly expiresAt: Date };

export class SingleSignOn {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #key: Buffer;
  readonly #accounts: AccountService;

  /** `key`: 32 secret bytes of the server's (derived from its configured keys). */
  constructor(deps: { store: Store; clock: Clock; key: Buffer; accounts: AccountService }) {
    if (deps.key.length < 32) throw new RangeError("the SSO key must be at least 32 bytes");
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#key = deps.key;
    this.#accounts = deps.accounts;
  }

  async mint(input: {
    merchantId: string;
    platformLabel: string;
    body: unknown;
  }): Promise<SsoLink> {
    const request = parseOrThrow(ssoTokenRequestSchema, input.body ?? {}, "SSO request");
    const now = this.#clock.now();
    const jti = randomBytes(18).toString("base64url");
    const expiresAt = new Date(now.getTime() + SSO_TOKEN_TTL_MS);
    // Links are minted a few times a day at most: each sweeps the stale ones.
    await this.#store.ssoTokens.deleteExpired(now);
    await this.#store.ssoTokens.create({
      jti,
      merchantId: input.merchantId,
      role: request.role,
      label: request.label ? `${request.label} (${input.platformLabel})` : input.platformLabel,
      returnTo: request.returnTo ?? null,
      createdAt: now,
      expiresAt,
    });
    return { token: this.#sign(jti, Math.floor(expiresAt.getTime() / 1000)), expiresAt };
  }

  /** Opens a dashboard session for a valid, unused token; throws `unauthorized` otherwise. */
  async redeem(
    token: string,
    previousToken?: string,
  ): Promise<NewSession & { returnTo: string | null }> {
    const invalid = () =>
      new SmspayError("unauthorized", "this sign-in link is invalid or was used");
    const parts = /^v1\.([A-Za-z0-9_-]{24})\.(\d{1,12})\.([0-9a-f]{64})$/.exec(token);
    if (!parts?.[1] || !parts[2]) throw invalid();
    const [, jti, expires] = parts;
    if (!sameSecret(this.#sign(jti, Number(expires)), token)) throw invalid();
    const now = this.#clock.now();
    if (Number(expires) * 1000 <= now.getTime()) throw invalid();
    const grant = await this.#store.ssoTokens.consume({ jti, at: now });
    if (!grant) throw invalid();
    if (previousToken) await this.#accounts.logout(previousToken);
    const opened = await this.#accounts.startSession({
      merchantId: grant.merchantId,
      userId: null,
      role: grant.role,
      label: grant.label,
    });
    return { ...opened, returnTo: grant.returnTo };
  }

  #sign(jti: string, expires: number): string {
    const payload = `v1.${jti}.${expires}`;
    return `${payload}.${createHmac("sha256", this.#key).update(payload).digest("hex")}`;
  }
}

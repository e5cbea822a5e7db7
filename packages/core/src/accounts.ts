// The people behind a merchant's dashboard and their sessions. Passwords are
// hashed by a PasswordHasher (argon2id in the server); sessions live in
// storage, found by the SHA-256 of the cookie's random token, so a leaked
// table opens nothing. Owners may do everything; staff only look.

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { SmspayError } from "./errors.ts";
import { newId } from "./ids.ts";
import { parseOrThrow } from "./payment-input.ts";
import type { PhoneVault } from "./phone.ts";
import type { Clock, Store } from "./ports.ts";

export const DASHBOARD_ROLES = ["owner", "staff"] as const;
export type DashboardRole = (typeof DASHBOARD_ROLES)[number];

export type MerchantUser = {
  readonly id: string;
  readonly merchantId: string;
  /** Lower case, trimmed. */
  readonly email: string;
  readonly role: DashboardRole;
  readonly createdAt: Date;
  readonly lastLoginAt: Date | null;
};

export type DashboardSession = {
  /** SHA-256 (hex) of the token the cookie carries. */
  readonly id: string;
  readonly merchantId: string;
  /** null when signed in from a shop platform's admin (single sign-on). */
  readonly userId: string | null;
  readonly role: DashboardRole;
  /** Who is signed in, as the dashboard shows it. */
  readonly label: string;
  /** The synchronizer token every state-changing request carries back. */
  readonly csrfToken: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  /** Absolute end, whatever the activity. */
  readonly expiresAt: Date;
};

export interface MerchantUserRepository {
  /** false when the email is taken (by any merchant). */
  create(user: MerchantUser & { passwordHash: string }): Promise<boolean>;
  findByEmail(email: string): Promise<(MerchantUser & { passwordHash: string }) | undefined>;
  listForMerchant(merchantId: string): Promise<MerchantUser[]>;
  recordLogin(input: { id: string; at: Date }): Promise<void>;
}

export interface DashboardSessionRepository {
  create(session: DashboardSession): Promise<void>;
  get(id: string): Promise<DashboardSession | undefined>;
  touch(input: { id: string; at: Date }): Promise<void>;
  delete(id: string): Promise<void>;
  /** Drops sessions that ended before `now`; returns how many. */
  deleteExpired(now: Date): Promise<number>;
}

export interface LoginThrottleRepository {
  recordFailure(input: { keys: readonly string[]; at: Date }): Promise<void>;
  /** Failures under `key` since `since`, and the oldest of them. */
  failures(input: { key: string; since: Date }): Promise<{ count: number; oldest: Date | null }>;
  clear(key: string): Promise<void>;
  /** Forgets failures older than `before` (they no longer count); returns how many. */
  prune(before: Date): Promise<number>;
}

/** Hashes and checks passwords (argon2id); implemented outside the core. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export type SessionPolicy = {
  /** A session ends this long after sign-in, whatever the activity. */
  readonly absoluteMs: number;
  /** ... and this long after its last request. */
  readonly idleMs: number;
  /** Failed sign-ins allowed per window, per email and per client address. */
  readonly throttle: {
    readonly windowMs: number;
    readonly perEmail: number;
    readonly perAddress: number;
  };
};

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  absoluteMs: 12 * 3600_000,
  idleMs: 2 * 3600_000,
  throttle: { windowMs: 15 * 60_000, perEmail: 5, perAddress: 30 },
};

// Writing last-seen on every page view would add a write to every read.
const TOUCH_EVERY_MS = 60_000;

export const newUserSchema = z
  .object({
    merchantId: z.string().min(1).max(64),
    email: z
      .email()
      .max(254)
      .transform((email) => email.trim().toLowerCase()),
    role: z.enum(DASHBOARD_ROLES),
    // NIST SP 800-63B: length over composition rules; a cap keeps hashing bounded.
    password: z.string().min(12, "at least 12 characters").max(256),
  })
  .strict();

export type NewSession = { readonly token: string; readonly session: DashboardSession };

export type AccountDeps = {
  readonly store: Store;
  readonly clock: Clock;
  readonly passwords: PasswordHasher;
  /** Keys the throttle's records (emails and addresses are personal data). */
  readonly vault: Pick<PhoneVault, "hash">;
  readonly policy?: SessionPolicy;
};

/** A random password for `smspay user create` when none is given: 20 characters, 120 bits. */
export function newPassword(): string {
  return randomBytes(15).toString("base64url");
}

export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class AccountService {
  readonly #deps: AccountDeps;
  readonly #policy: SessionPolicy;
  // Verified when the email is unknown, so a wrong email takes as long as a wrong password.
  #decoy: Promise<string> | undefined;

  constructor(deps: AccountDeps) {
    this.#deps = deps;
    this.#policy = deps.policy ?? DEFAULT_SESSION_POLICY;
  }

  async createUser(input: unknown): Promise<MerchantUser> {
    const { merchantId, email, role, password } = parseOrThrow(newUserSchema, input, "user");
    const { store, clock, passwords } = this.#deps;
    if (!(await store.merchants.get(merchantId)))
      throw new SmspayError("not_found", `no merchant ${merchantId}`);
    const user: MerchantUser = {
      id: newId("usr"),
      merchantId,
      email,
      role,
      createdAt: clock.now(),
      lastLoginAt: null,
    };
    const created = await store.users.create({
      ...user,
      passwordHash: await passwords.hash(password),
    });
    if (!created) {
      throw new SmspayError("invalid_state", `${email} already has a dashboard account`, {
        fields: [{ path: "email", message: "already used" }],
      });
    }
    return user;
  }

  listUsers(merchantId: string): Promise<MerchantUser[]> {
    return this.#deps.store.users.listForMerchant(merchantId);
  }

  /**
   * Signs a person in: a fresh session (a new token even for the same browser,
   * so a token planted before sign-in is worthless), ending `previousToken`'s.
   */
  async login(input: {
    email: string;
    password: string;
    address: string | undefined;
    previousToken?: string | undefined;
  }): Promise<NewSession> {
    const { store, clock, passwords, vault } = this.#deps;
    const email = input.email.trim().toLowerCase();
    const keys = [`email:${vault.hash(`email:${email}`)}`];
    if (input.address) keys.push(`addr:${vault.hash(`ip:${input.address}`)}`);
    const now = clock.now();
    await this.#checkThrottle(keys, now);

    const user = email.length <= 254 ? await store.users.findByEmail(email) : undefined;
    const password = input.password.slice(0, 256);
    const valid = user
      ? await passwords.verify(user.passwordHash, password)
      : await passwords.verify(await this.#decoyHash(), password).then(() => false);
    if (!user || !valid) {
      await store.loginThrottle.recordFailure({ keys, at: now });
      throw new SmspayError("unauthorized", "wrong email or password");
    }
    const [emailKey] = keys;
    if (emailKey) await store.loginThrottle.clear(emailKey);
    await store.users.recordLogin({ id: user.id, at: now });
    // Sign-ins are rare enough to carry the housekeeping: ended sessions and old failures go.
    await store.dashboardSessions.deleteExpired(now);
    await store.loginThrottle.prune(new Date(now.getTime() - this.#policy.throttle.windowMs));
    if (input.previousToken) await this.logout(input.previousToken);
    return this.startSession({
      merchantId: user.merchantId,
      userId: user.id,
      role: user.role,
      label: user.email,
    });
  }

  /** Opens a session (sign-in and single sign-on). */
  async startSession(input: {
    merchantId: string;
    userId: string | null;
    role: DashboardRole;
    label: string;
  }): Promise<NewSession> {
    const now = this.#deps.clock.now();
    const token = randomBytes(32).toString("base64url");
    const session: DashboardSession = {
      ...input,
      id: sessionIdOf(token),
      csrfToken: randomBytes(32).toString("base64url"),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.#policy.absoluteMs),
    };
    await this.#deps.store.dashboardSessions.create(session);
    return { token, session };
  }

  /** The live session a cookie's token stands for, if any. */
  async session(token: string | undefined): Promise<DashboardSession | undefined> {
    if (!token || token.length > 128) return undefined;
    const { store, clock } = this.#deps;
    const session = await store.dashboardSessions.get(sessionIdOf(token));
    if (!session) return undefined;
    const now = clock.now();
    const idleEnd = session.lastSeenAt.getTime() + this.#policy.idleMs;
    if (session.expiresAt <= now || idleEnd <= now.getTime()) {
      await store.dashboardSessions.delete(session.id);
      return undefined;
    }
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS)
      await store.dashboardSessions.touch({ id: session.id, at: now });
    return session;
  }

  async logout(token: string): Promise<void> {
    await this.#deps.store.dashboardSessions.delete(sessionIdOf(token));
  }

  async #checkThrottle(keys: readonly string[], now: Date): Promise<void> {
    const { windowMs, perEmail, perAddress } = this.#policy.throttle;
    const since = new Date(now.getTime() - windowMs);
    for (const key of keys) {
      const max = key.startsWith("email:") ? perEmail : perAddress;
      const { count, oldest } = await this.#deps.store.loginThrottle.failures({ key, since });
      if (count >= max) {
        const until = (oldest ?? now).getTime() + windowMs;
        throw new SmspayError("login_rate_limited", "too many failed sign-ins; wait and retry", {
          retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)),
        });
      }
    }
  }

  #decoyHash(): Promise<string> {
    this.#decoy ??= this.#deps.passwords.hash(newPassword());
    return this.#decoy;
  }
}

/** Staff only look: anything that changes money, keys or settings needs an owner. */
export function requireOwner(session: Pick<DashboardSession, "role">): void {
  if (session.role !== "owner") {
    throw new SmspayError("forbidden", "only the merchant's owners may do this");
  }
}

// Shop platforms smspay can notify. Each platform's adapter package registers a
// factory (`registerPlatform`) that parses its own config (zod) and builds its
// adapter; a merchant's connection keeps that config sealed (it holds API
// credentials) and the factory runs again for every notification.

import {
  isSmspayError,
  type PlatformAdapter,
  type PlatformAdapters,
  type PlatformConnection,
  type PlatformName,
  SmspayError,
} from "@smspay/core";
import type { Logger } from "./logger.ts";

export type PlatformDeps = {
  /** The merchant whose shop the adapter talks to. */
  readonly merchantId: string;
  /** Where smspay is published (for URLs an adapter hands to its platform). */
  readonly publicUrl: string;
  readonly log: Logger;
};

/**
 * Parses `config` (throwing a ZodError or SmspayError("invalid_request") when it
 * does not fit) and builds the adapter. Must not call the platform: it runs
 * when a merchant connects and before every notification.
 */
export type PlatformFactory = (config: unknown, deps: PlatformDeps) => PlatformAdapter;

export type PlatformOptions = {
  /**
   * Top-level config fields holding a URL smspay calls (the shop's base URL):
   * checked against the outbound address policy when a merchant connects.
   */
  readonly urlFields?: readonly string[];
};

/** Throws SmspayError("invalid_request") naming `field` when smspay must not call `url`. */
export type OutboundUrlCheck = (url: string, field: string) => Promise<void>;

type Sealer = { seal(plain: string): string; open(sealed: string): string };

export class PlatformRegistry implements PlatformAdapters {
  readonly #factories = new Map<
    PlatformName,
    { readonly factory: PlatformFactory; readonly urlFields: readonly string[] }
  >();
  readonly #vault: Sealer;
  readonly #deps: Omit<PlatformDeps, "merchantId">;
  readonly #checkUrl: OutboundUrlCheck | undefined;

  constructor(options: {
    vault: Sealer;
    publicUrl: string;
    log: Logger;
    checkUrl?: OutboundUrlCheck;
  }) {
    this.#vault = options.vault;
    this.#deps = { publicUrl: options.publicUrl, log: options.log };
    this.#checkUrl = options.checkUrl;
  }

  /** The last registration of a name wins: tests put a fake in place of a real adapter. */
  registerPlatform(
    name: PlatformName,
    factory: PlatformFactory,
    options: PlatformOptions = {},
  ): void {
    this.#factories.set(name, { factory, urlFields: options.urlFields ?? [] });
  }

  platforms(): PlatformName[] {
    return [...this.#factories.keys()];
  }

  /**
   * Checks that `platform` is registered, `config` is one it accepts (by
   * building an adapter from it) and its URLs lead where smspay may call;
   * returns the config sealed for storage.
   */
  async sealConfig(
    merchantId: string,
    platform: string,
    config: unknown,
  ): Promise<{ platform: PlatformName; configCipher: string }> {
    const name = this.platforms().find((known) => known === platform);
    if (!name) {
      throw new SmspayError("invalid_request", `platform ${platform} is not available here`, {
        fields: [{ path: "platform", message: `one of: ${this.platforms().join(", ")}` }],
      });
    }
    try {
      this.#build(merchantId, name, config);
    } catch (error) {
      throw asInvalidConfig(error);
    }
    // An object: the platform's factory accepted it.
    const fields = config as Readonly<Record<string, unknown>>;
    for (const field of this.#factories.get(name)?.urlFields ?? []) {
      const url = fields[field];
      if (typeof url === "string") await this.#checkUrl?.(url, `config.${field}`);
    }
    return { platform: name, configCipher: this.#vault.seal(JSON.stringify(config)) };
  }

  /** The connection's config with credentials masked, for showing it back. */
  visibleConfig(connection: PlatformConnection): unknown {
    return redact(this.#open(connection));
  }

  adapterFor(connection: PlatformConnection): PlatformAdapter {
    return this.#build(connection.merchantId, connection.platform, this.#open(connection));
  }

  #open(connection: PlatformConnection): unknown {
    return JSON.parse(this.#vault.open(connection.configCipher));
  }

  #build(merchantId: string, platform: PlatformName, config: unknown): PlatformAdapter {
    const factory = this.#factories.get(platform)?.factory;
    if (!factory) {
      throw new SmspayError("platform_error", `platform ${platform} is not available here`);
    }
    return factory(config, { ...this.#deps, merchantId });
  }
}

function asInvalidConfig(error: unknown): unknown {
  if (isSmspayError(error) && error.code === "invalid_request") return error;
  // Adapters bring their own zod: recognise its errors by shape, not by class identity.
  const issues = (error as { name?: unknown; issues?: unknown }).issues;
  if ((error as { name?: unknown }).name === "ZodError" && Array.isArray(issues)) {
    return new SmspayError("invalid_request", "invalid platform config", {
      fields: issues.map((issue: { path?: unknown[]; message?: unknown }) => ({
        path: ["config", ...(issue.path ?? [])].join("."),
        message: String(issue.message ?? "invalid"),
      })),
    });
  }
  return error;
}

// Config keys whose values are credentials.
const SECRET_KEY = /secret|token|password|passwd|credential|key|auth/i;

/**
 * Masks credential values, whole subtrees under a credential key included
 * (keeping the last 4 characters of long ones, so a merchant can tell them apart).
 */
export function redact(value: unknown, secret = false): unknown {
  if (Array.isArray(value)) return value.map((item) => redact(item, secret));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        redact(item, secret || SECRET_KEY.test(key)),
      ]),
    );
  }
  if (!secret) return value;
  return typeof value === "string" && value.length >= 12 ? `••••${value.slice(-4)}` : "••••";
}

// How smspay authenticates to an operator's OneAPI payment server: HTTP
// basic, or an OAuth 2.0 bearer token from the client-credentials grant
// (RFC 6749 section 4.4), which GSMA OneAPI gateways use. A token is reused
// until shortly before it expires, and concurrent charges share one token
// request instead of each asking for its own.

import { SmspayError } from "@smspay/core";
import { z } from "zod";
import { callProvider, jsonBody, refusal } from "../provider-http.ts";

export type OneApiAuthSettings =
  | { readonly type: "basic"; readonly username: string; readonly password: string }
  | {
      readonly type: "oauth2";
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly clientSecret: string;
      readonly scope?: string | undefined;
    };

/** The Authorization header of the next call; `invalidate` forgets a token the server refused. */
export interface OneApiCredentials {
  authorization(): Promise<string>;
  invalidate(): void;
}

// A token this close to its end is not used: the call could reach the server after it.
const EXPIRY_MARGIN_MS = 30_000;

const tokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((type) => type.toLowerCase() === "bearer", "must be Bearer"),
  // RFC 6749 5.1: recommended, not required; without it a token serves only the call it was asked for.
  expires_in: z.coerce.number().positive().optional(),
});

export function oneApiCredentials(
  provider: string,
  settings: OneApiAuthSettings,
  now: () => number = Date.now,
): OneApiCredentials {
  if (settings.type === "basic") {
    const header = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString("base64")}`;
    return { authorization: async () => header, invalidate: () => {} };
  }
  return new ClientCredentialsToken(provider, settings, now);
}

class ClientCredentialsToken implements OneApiCredentials {
  readonly #provider: string;
  readonly #settings: Extract<OneApiAuthSettings, { type: "oauth2" }>;
  readonly #now: () => number;
  #cached: { readonly header: string; readonly until: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(
    provider: string,
    settings: Extract<OneApiAuthSettings, { type: "oauth2" }>,
    now: () => number,
  ) {
    this.#provider = provider;
    this.#settings = settings;
    this.#now = now;
  }

  authorization(): Promise<string> {
    if (this.#cached && this.#cached.until > this.#now())
      return Promise.resolve(this.#cached.header);
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  invalidate(): void {
    this.#cached = undefined;
  }

  async #fetch(): Promise<string> {
    const { tokenUrl, clientId, clientSecret, scope } = this.#settings;
    const provider = `${this.#provider} token endpoint`;
    const askedAt = this.#now();
    const response = await callProvider(provider, tokenUrl, {
      method: "POST",
      headers: {
        // RFC 6749 2.3.1: client credentials form-encoded, then base64 in a basic header.
        authorization: `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        ...(scope ? { scope } : {}),
      }),
    });
    if (!response.ok) {
      throw await refusal(provider, response, (body) => {
        const parsed = z.object({ error: z.string() }).safeParse(body);
        return parsed.success ? parsed.data.error : undefined;
      });
    }
    const parsed = tokenSchema.safeParse(await jsonBody(provider, response));
    if (!parsed.success) {
      throw new SmspayError("transport_error", `${provider} answered without a bearer token`, {
        retryable: true,
      });
    }
    const header = `Bearer ${parsed.data.access_token}`;
    const lifetimeMs = (parsed.data.expires_in ?? 0) * 1000;
    this.#cached = { header, until: askedAt + lifetimeMs - EXPIRY_MARGIN_MS };
    return header;
  }
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

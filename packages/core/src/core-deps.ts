// What every core service is built from. The server composes it once.

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./effects.ts";
import type { PublisherIdentity } from "./keywords.ts";
import { DEFAULT_OTP_POLICY, type OtpPolicy } from "./otp.ts";
import { DEFAULT_OTP_GUARD_POLICY, type OtpGuardPolicy } from "./otp-guard.ts";
import type { PhoneVault } from "./phone.ts";
import type { Clock, Store } from "./ports.ts";
import { DEFAULT_REFERENCE_POLICY, type ReferencePolicy } from "./reference-code.ts";
import { DEFAULT_TEST_MODE_POLICY, type TestModePolicy } from "./test-mode.ts";

export type CoreSettings = {
  /** How long a customer has to pay (default 15 minutes). */
  readonly paymentTtlMs: number;
  readonly reference: ReferencePolicy;
  readonly otp: OtpPolicy;
  readonly retry: RetryPolicy;
  /** Where PIN messages leave from (a free, non-premium route). */
  readonly pinRoute: { readonly transport: string; readonly sender: string };
  /** Locale for replies to customers smspay knows nothing about. */
  readonly defaultLocale: string;
  /** Who HELP and CONTACT name on shared short codes: the operator running smspay. */
  readonly publisher: PublisherIdentity;
  /** Sliding-window limits on PIN sends (SMS pumping). */
  readonly otpGuard: OtpGuardPolicy;
  /** What may settle test and live payments (test-mode.ts). */
  readonly testMode: TestModePolicy;
};

export const DEFAULT_CORE_SETTINGS: CoreSettings = {
  paymentTtlMs: 15 * 60_000,
  reference: DEFAULT_REFERENCE_POLICY,
  otp: DEFAULT_OTP_POLICY,
  retry: DEFAULT_RETRY_POLICY,
  pinRoute: { transport: "sandbox", sender: "SMSPAY" },
  defaultLocale: "en",
  publisher: { name: "smspay", contact: "support@smspay.example" },
  otpGuard: DEFAULT_OTP_GUARD_POLICY,
  testMode: DEFAULT_TEST_MODE_POLICY,
};

export type CoreDeps = {
  readonly store: Store;
  readonly vault: PhoneVault;
  readonly clock: Clock;
  readonly settings: CoreSettings;
  /** Called after a transaction queued effects, so an in-process worker can start at once. */
  readonly effectsQueued?: () => void;
  /**
   * Refuses (SmspayError "invalid_request" naming `field`) a URL a merchant
   * gives smspay to call that leads where smspay must not go (its own network).
   */
  readonly checkOutboundUrl?: (url: string, field: string) => Promise<void>;
};

// The cloud SMS providers' configuration, read once from the environment at
// start-up. A provider is on when any of its variables is set; then every
// secret it needs must be there too (fail closed: a half-configured provider
// is a start-up error, never a transport that accepts unsigned webhooks).

import type { InboundWebhookTransport, SmsTransport } from "@smspay/core";
import { z } from "zod";
import { type BirdConfig, BirdTransport } from "./bird/bird-transport.ts";
import { type InfobipConfig, InfobipTransport } from "./infobip/infobip-transport.ts";
import { type TwilioConfig, TwilioTransport } from "./twilio/twilio-transport.ts";
import { VONAGE_SIGNATURE_METHODS } from "./vonage/vonage-signature.ts";
import { type VonageConfig, VonageTransport } from "./vonage/vonage-transport.ts";

export type CloudTransport = SmsTransport & InboundWebhookTransport;

/** Per provider, what the environment gives (webhook URLs derive from PUBLIC_URL). */
export type CloudSmsConfig = {
  readonly twilio?: Omit<TwilioConfig, "webhookUrl">;
  readonly infobip?: InfobipConfig;
  readonly bird?: BirdConfig;
  readonly vonage?: Omit<VonageConfig, "webhookUrl">;
};

const secret = z.string().trim().min(1, "is required");
const url = z.url();

const schemas = {
  twilio: z.object({
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/, "must be AC + 32 hex digits"),
    TWILIO_AUTH_TOKEN: secret,
    TWILIO_API_BASE_URL: url.optional(),
  }),
  infobip: z.object({
    INFOBIP_BASE_URL: url,
    INFOBIP_API_KEY: secret,
    INFOBIP_WEBHOOK_USERNAME: secret,
    INFOBIP_WEBHOOK_PASSWORD: secret,
  }),
  bird: z.object({
    BIRD_ACCESS_KEY: secret,
    BIRD_WORKSPACE_ID: secret,
    // "84444=channel-uuid,38100=channel-uuid": the channel of each number.
    BIRD_CHANNELS: z
      .string()
      .regex(/^[^=,\s]+=[^=,\s]+(,[^=,\s]+=[^=,\s]+)*$/, "must be number=channelId[,...]"),
    BIRD_SIGNING_KEY: secret,
    BIRD_API_BASE_URL: url.optional(),
  }),
  vonage: z.object({
    VONAGE_API_KEY: secret,
    VONAGE_API_SECRET: secret,
    VONAGE_SIGNATURE_SECRET: secret,
    VONAGE_SIGNATURE_METHOD: z.enum(VONAGE_SIGNATURE_METHODS).default("md5hash"),
    VONAGE_API_BASE_URL: url.optional(),
  }),
} as const;

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the providers that are on; throws naming every missing or invalid variable. */
export function cloudSmsConfigFromEnv(env: Env): CloudSmsConfig {
  const problems: string[] = [];
  const read = <K extends keyof typeof schemas>(provider: K) => {
    const schema = schemas[provider];
    const names = Object.keys(schema.shape);
    if (!names.some((name) => env[name] !== undefined && env[name] !== "")) return undefined;
    const parsed = schema.safeParse(env);
    if (parsed.success) return parsed.data as z.infer<(typeof schemas)[K]>;
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join(".")}: ${issue.message}`);
    }
    return undefined;
  };
  const twilio = read("twilio");
  const infobip = read("infobip");
  const bird = read("bird");
  const vonage = read("vonage");
  if (problems.length > 0) throw new Error(`SMS providers: ${problems.join("; ")}`);
  return {
    ...(twilio && {
      twilio: {
        accountSid: twilio.TWILIO_ACCOUNT_SID,
        authToken: twilio.TWILIO_AUTH_TOKEN,
        ...(twilio.TWILIO_API_BASE_URL && { apiBaseUrl: twilio.TWILIO_API_BASE_URL }),
      },
    }),
    ...(infobip && {
      infobip: {
        baseUrl: infobip.INFOBIP_BASE_URL,
        apiKey: infobip.INFOBIP_API_KEY,
        webhookUsername: infobip.INFOBIP_WEBHOOK_USERNAME,
        webhookPassword: infobip.INFOBIP_WEBHOOK_PASSWORD,
      },
    }),
    ...(bird && {
      bird: {
        accessKey: bird.BIRD_ACCESS_KEY,
        workspaceId: bird.BIRD_WORKSPACE_ID,
        channels: Object.fromEntries(bird.BIRD_CHANNELS.split(",").map((pair) => pair.split("="))),
        signingKey: bird.BIRD_SIGNING_KEY,
        ...(bird.BIRD_API_BASE_URL && { apiBaseUrl: bird.BIRD_API_BASE_URL }),
      },
    }),
    ...(vonage && {
      vonage: {
        apiKey: vonage.VONAGE_API_KEY,
        apiSecret: vonage.VONAGE_API_SECRET,
        signatureSecret: vonage.VONAGE_SIGNATURE_SECRET,
        signatureMethod: vonage.VONAGE_SIGNATURE_METHOD,
        ...(vonage.VONAGE_API_BASE_URL && { apiBaseUrl: vonage.VONAGE_API_BASE_URL }),
      },
    }),
  };
}

/**
 * The configured providers' transports. `publicUrl` is smspay as providers
 * reach it: status callbacks go to `<publicUrl>/webhooks/sms/<name>`.
 * `timeoutMs` bounds each API call (the outbox lease must outlast it).
 */
export function cloudTransports(
  config: CloudSmsConfig,
  publicUrl: string,
  options: { timeoutMs?: number } = {},
): CloudTransport[] {
  const webhookUrl = (name: string) => `${publicUrl.replace(/\/$/, "")}/webhooks/sms/${name}`;
  const bound = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  const transports: CloudTransport[] = [];
  if (config.twilio)
    transports.push(
      new TwilioTransport({ ...config.twilio, ...bound, webhookUrl: webhookUrl("twilio") }),
    );
  if (config.infobip) transports.push(new InfobipTransport({ ...config.infobip, ...bound }));
  if (config.bird) transports.push(new BirdTransport({ ...config.bird, ...bound }));
  if (config.vonage)
    transports.push(
      new VonageTransport({ ...config.vonage, ...bound, webhookUrl: webhookUrl("vonage") }),
    );
  return transports;
}

import { TwilioFake } from "@smspay/testkit";
import { describe, expect, it } from "vitest";
import { cloudSmsConfigFromEnv, cloudTransports } from "./cloud-transports.ts";

const TWILIO = {
  TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
  TWILIO_AUTH_TOKEN: "token",
};
const VONAGE = {
  VONAGE_API_KEY: "key",
  VONAGE_API_SECRET: "secret",
  VONAGE_SIGNATURE_SECRET: "signature-secret",
};

describe("cloud SMS configuration", () => {
  it("turns on nothing when no provider variable is set", () => {
    expect(cloudSmsConfigFromEnv({ PATH: "/bin" })).toEqual({});
  });

  it("reads a provider whose variables are all there, with its defaults", () => {
    const config = cloudSmsConfigFromEnv({
      ...VONAGE,
      BIRD_ACCESS_KEY: "k",
      BIRD_WORKSPACE_ID: "ws",
      BIRD_CHANNELS: "84444=ch-1,38100=ch-2",
      BIRD_SIGNING_KEY: "sk",
    });
    expect(config.vonage).toEqual({
      apiKey: "key",
      apiSecret: "secret",
      signatureSecret: "signature-secret",
      signatureMethod: "md5hash",
    });
    expect(config.bird?.channels).toEqual({ "84444": "ch-1", "38100": "ch-2" });
  });

  it.each([
    [
      "Twilio without its auth token",
      { TWILIO_ACCOUNT_SID: TWILIO.TWILIO_ACCOUNT_SID },
      /TWILIO_AUTH_TOKEN/,
    ],
    [
      "Vonage without its signature secret",
      { ...VONAGE, VONAGE_SIGNATURE_SECRET: "" },
      /VONAGE_SIGNATURE_SECRET/,
    ],
    [
      "Infobip without the webhook password",
      {
        INFOBIP_BASE_URL: "https://x.api.infobip.com",
        INFOBIP_API_KEY: "k",
        INFOBIP_WEBHOOK_USERNAME: "u",
      },
      /INFOBIP_WEBHOOK_PASSWORD/,
    ],
    [
      "Bird without its signing key",
      { BIRD_ACCESS_KEY: "k", BIRD_WORKSPACE_ID: "w", BIRD_CHANNELS: "1=a" },
      /BIRD_SIGNING_KEY/,
    ],
    [
      "an unknown Vonage signature method",
      { ...VONAGE, VONAGE_SIGNATURE_METHOD: "crc32" },
      /VONAGE_SIGNATURE_METHOD/,
    ],
  ])("refuses to start with %s (fail closed)", (_label, env, message) => {
    expect(() => cloudSmsConfigFromEnv(env)).toThrow(message);
  });

  it("points Twilio's status callbacks at smspay's webhook", async () => {
    const fake = await TwilioFake.start({
      accountSid: TWILIO.TWILIO_ACCOUNT_SID,
      authToken: TWILIO.TWILIO_AUTH_TOKEN,
      refusedRecipient: "+33600000000",
    });
    try {
      const config = cloudSmsConfigFromEnv({ ...TWILIO, TWILIO_API_BASE_URL: fake.apiBaseUrl });
      const [twilio] = cloudTransports(config, "https://pay.example/");
      await twilio?.send({ id: "mt_1", from: "84444", to: "+33612345678", text: "hi" });
      expect(fake.messages()[0]?.statusCallback).toBe("https://pay.example/webhooks/sms/twilio");
    } finally {
      await fake.close();
    }
  });
});

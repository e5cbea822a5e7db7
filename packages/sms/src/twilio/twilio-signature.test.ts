import { describe, expect, it } from "vitest";
import { isValidTwilioSignature, twilioSignature } from "./twilio-signature.ts";

// The example of Twilio's security guide (https://www.twilio.com/docs/usage/security).
const DOCS = {
  authToken: "12345",
  url: "https://mycompany.com/myapp.php?foo=1&bar=2",
  params: [
    ["CallSid", "CA1234567890ABCDE"],
    ["Caller", "+12349013030"],
    ["Digits", "1234"],
    ["From", "+12349013030"],
    ["To", "+18005551212"],
  ] as [string, string][],
  signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=",
};

describe("Twilio request signature", () => {
  it("matches the documented example", () => {
    expect(twilioSignature(DOCS.authToken, DOCS.url, DOCS.params)).toBe(DOCS.signature);
  });

  it("sorts the parameters by name, whatever order they came in", () => {
    expect(twilioSignature(DOCS.authToken, DOCS.url, [...DOCS.params].reverse())).toBe(
      DOCS.signature,
    );
  });

  it("signs an SMS webhook (vector computed with openssl from the documented algorithm)", () => {
    // printf %s "https://smspay.example/webhooks/sms/twilioAccountSidAC0123456789abcdef0123456789abcdefBodyPAY 123456From+33612345678MessageSidSM0123456789abcdef0123456789abcdefTo84444"
    //   | openssl dgst -sha1 -hmac f3c0a1b2c3d4e5f60718293a4b5c6d7e -binary | base64
    const params: [string, string][] = [
      ["MessageSid", "SM0123456789abcdef0123456789abcdef"],
      ["AccountSid", "AC0123456789abcdef0123456789abcdef"],
      ["From", "+33612345678"],
      ["To", "84444"],
      ["Body", "PAY 123456"],
    ];
    expect(
      twilioSignature(
        "f3c0a1b2c3d4e5f60718293a4b5c6d7e",
        "https://smspay.example/webhooks/sms/twilio",
        params,
      ),
    ).toBe("OXWjA+S3C7v+Q7ExlpeXNTKxPE8=");
  });

  it.each([
    ["a wrong token", { authToken: "54321" }],
    ["another URL", { url: "https://mycompany.com/myapp.php?foo=1&bar=3" }],
    [
      "a changed parameter",
      { params: DOCS.params.map(([n, v]): [string, string] => [n, n === "Digits" ? "9999" : v]) },
    ],
    ["no signature", { signature: undefined }],
    ["an empty signature", { signature: "" }],
  ])("refuses %s", (_label, change) => {
    expect(isValidTwilioSignature({ ...DOCS, ...change })).toBe(false);
  });

  it("accepts the genuine request", () => {
    expect(isValidTwilioSignature(DOCS)).toBe(true);
  });
});

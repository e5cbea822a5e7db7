// The link that opens the customer's SMS app with the payment text filled in.
// Messages apps disagree on the syntax (RFC 5724 says "?body="): iOS wants
// "sms:CODE&body=TEXT", Android "sms:CODE?body=TEXT", and "sms:CODE?&body=TEXT"
// is read correctly by both, so it is the default when the device is unknown.

export type SmsPlatform = "ios" | "android" | "other";

export function smsPlatform(userAgent: string | undefined): SmsPlatform {
  const ua = userAgent ?? "";
  // iPadOS 13+ says "Macintosh" but has a touch screen: only iPhone/iPad/iPod are sure.
  if (/\b(iPhone|iPad|iPod)\b/.test(ua)) return "ios";
  if (/\bAndroid\b/.test(ua)) return "android";
  return "other";
}

export function smsUri(platform: SmsPlatform, shortCode: string, text: string): string {
  const body = encodeURIComponent(text);
  switch (platform) {
    case "ios":
      return `sms:${shortCode}&body=${body}`;
    case "android":
      return `sms:${shortCode}?body=${body}`;
    case "other":
      return `sms:${shortCode}?&body=${body}`;
  }
}

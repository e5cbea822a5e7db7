import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SmspayError } from "./errors.ts";
import { lastDigits, maskPhone, PhoneVault, parsePhone } from "./phone.ts";

function phoneError(input: string, defaultCountry?: string): SmspayError {
  try {
    parsePhone(input, defaultCountry);
  } catch (error) {
    if (error instanceof SmspayError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

const key = (byte: number): Buffer => Buffer.alloc(32, byte);

describe("parsePhone", () => {
  it.each([
    ["+33612345678", "+33612345678", "FR"],
    ["+33 6 12 34 56 78", "+33612345678", "FR"],
    ["  +33 (0)6.12.34.56.78 ", "+33612345678", "FR"],
    ["+33 7 81 23 45 67", "+33781234567", "FR"],
    ["+44 7400 123456", "+447400123456", "GB"],
    ["+49 151 23456789", "+4915123456789", "DE"],
    ["+1 201 555 0123", "+12015550123", "US"],
  ])("normalises %j to %s without a default country", (input, e164, country) => {
    expect(parsePhone(input)).toEqual({ e164, country });
  });

  it("reads national formats with a default country", () => {
    expect(parsePhone("06 12 34 56 78", "FR")).toEqual({ e164: "+33612345678", country: "FR" });
    expect(parsePhone("0612345678", "FR")).toEqual({ e164: "+33612345678", country: "FR" });
    expect(parsePhone("07400 123456", "GB")).toEqual({ e164: "+447400123456", country: "GB" });
  });

  it("needs a country for national formats", () => {
    expect(phoneError("06 12 34 56 78").code).toBe("phone_invalid");
  });

  it("lets an international number override the default country", () => {
    expect(parsePhone("+33612345678", "GB")).toEqual({ e164: "+33612345678", country: "FR" });
  });

  it.each([
    ["a French landline", "+33 1 23 45 67 89"],
    ["a French landline, national format", "01 23 45 67 89", "FR"],
    ["a London landline", "+44 20 7946 0000"],
    ["letters", "hello"],
    ["an empty string", ""],
    ["spaces", "   "],
    ["too few digits", "+33 6 12 34"],
    ["too many digits", "+33 6 12 34 56 78 99"],
    ["a non-existent country code", "+999 612345678"],
    ["a French number read as German", "0612345678", "DE"],
    ["an unknown default country", "0612345678", "XX"],
  ])("refuses %s with phone_invalid", (_what, input, country?: string) => {
    const error = phoneError(input, country);
    expect(error.code).toBe("phone_invalid");
    expect(error.fields.map((field) => field.path)).toEqual(["phone"]);
  });

  it("refuses the UK drama range 07700 900000-900999 (not valid in libphonenumber's metadata)", () => {
    // Ofcom reserves these for fiction; they are not valid mobile numbers, so they
    // cannot be used as sandbox magic numbers through parsePhone.
    for (const input of ["+447700900001", "+447700900000", "+447700900123", "+447700900999"]) {
      expect(phoneError(input).code).toBe("phone_invalid");
    }
    expect(phoneError("07700 900001", "GB").code).toBe("phone_invalid");
  });
});

describe("maskPhone", () => {
  it("keeps the first 4 and last 3 characters", () => {
    expect(maskPhone("+33612345678")).toBe("+336•••••678");
    expect(maskPhone("+4915123456789")).toBe("+491•••••••789");
  });

  it("masks short inputs completely", () => {
    expect(maskPhone("+12345")).toBe("••••••");
    expect(maskPhone("+123456")).toBe("•••••••");
    expect(maskPhone("")).toBe("");
  });

  it("never reveals more than the first 4 and last 3 characters, whatever the length", () => {
    const digits = "+123456789012345678";
    for (let length = 0; length <= digits.length; length++) {
      const e164 = digits.slice(0, length);
      const masked = maskPhone(e164);
      expect(masked).toHaveLength(length);
      const revealed = [...masked].filter((char) => char !== "•").length;
      expect(revealed, e164).toBeLessThanOrEqual(Math.max(0, Math.min(7, length - 1)));
      for (let i = 0; i < length; i++) {
        const char = masked[i];
        if (char === "•") continue;
        expect(i < 4 || i >= length - 3, `position ${i} of ${e164}`).toBe(true);
        expect(char).toBe(e164[i]);
      }
    }
  });
});

describe("lastDigits", () => {
  it("returns the last four digits by default", () => {
    expect(lastDigits("+33612345678")).toBe("5678");
    expect(lastDigits("+33612345678", 2)).toBe("78");
  });
});

describe("PhoneVault", () => {
  const vault = new PhoneVault({ hashKey: key(1), dataKey: key(2) });

  it("hashes deterministically for one key", () => {
    const again = new PhoneVault({ hashKey: key(1), dataKey: key(9) });
    expect(vault.hash("+33612345678")).toBe(vault.hash("+33612345678"));
    expect(again.hash("+33612345678")).toBe(vault.hash("+33612345678"));
  });

  it("hashes differently under another key and for another number", () => {
    const other = new PhoneVault({ hashKey: key(3), dataKey: key(2) });
    expect(other.hash("+33612345678")).not.toBe(vault.hash("+33612345678"));
    expect(vault.hash("+33612345679")).not.toBe(vault.hash("+33612345678"));
  });

  it("never puts the number in the hash", () => {
    const hash = vault.hash("+33612345678");
    expect(hash).not.toContain("612345678");
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("opens what it sealed", () => {
    for (const e164 of ["+33612345678", "+447400123456", "+12015550123"]) {
      expect(vault.open(vault.seal(e164))).toBe(e164);
    }
  });

  it("seals with a fresh IV each time and never in clear", () => {
    const first = vault.seal("+33612345678");
    const second = vault.seal("+33612345678");
    expect(first).not.toBe(second);
    expect(first.split(".")[1]).not.toBe(second.split(".")[1]);
    expect(first).not.toContain("612345678");
    expect(first).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("opens with another instance holding the same data key", () => {
    const sameKey = new PhoneVault({ hashKey: key(7), dataKey: key(2) });
    expect(sameKey.open(vault.seal("+33612345678"))).toBe("+33612345678");
  });

  it("refuses to open with a different data key", () => {
    const otherKey = new PhoneVault({ hashKey: key(1), dataKey: key(3) });
    expect(() => otherKey.open(vault.seal("+33612345678"))).toThrow();
  });

  const parts = (sealed: string): [string, string, string, string] => {
    const [version = "", iv = "", body = "", tag = ""] = sealed.split(".");
    return [version, iv, body, tag];
  };
  const flipFirstByte = (base64url: string): string => {
    const bytes = Buffer.from(base64url, "base64url");
    bytes[0] = (bytes[0] ?? 0) ^ 0x01;
    return bytes.toString("base64url");
  };

  it("refuses tampered ciphertext, IV or tag", () => {
    const [version, iv, body, tag] = parts(vault.seal("+33612345678"));
    expect(() => vault.open([version, iv, flipFirstByte(body), tag].join("."))).toThrow();
    expect(() => vault.open([version, flipFirstByte(iv), body, tag].join("."))).toThrow();
    expect(() => vault.open([version, iv, body, flipFirstByte(tag)].join("."))).toThrow();
  });

  it("refuses a truncated authentication tag", () => {
    const [version, iv, body, tag] = parts(vault.seal("+33612345678"));
    for (const length of [4, 8, 12, 15]) {
      const short = Buffer.from(tag, "base64url").subarray(0, length).toString("base64url");
      expect(
        () => vault.open([version, iv, body, short].join(".")),
        `${length}-byte tag`,
      ).toThrow();
    }
  });

  it("refuses text that is not a sealed number", () => {
    const [, iv, body, tag] = parts(vault.seal("+33612345678"));
    for (const sealed of [
      "",
      "+33612345678",
      "v1",
      "v1..",
      `v2.${iv}.${body}.${tag}`,
      `v1.${iv}.${body}`,
      `v1.${iv}..${tag}`,
    ]) {
      expect(() => vault.open(sealed), sealed).toThrow();
    }
  });

  it("refuses keys that are not 32 bytes", () => {
    expect(() => new PhoneVault({ hashKey: Buffer.alloc(31), dataKey: key(2) })).toThrow(
      RangeError,
    );
    expect(() => new PhoneVault({ hashKey: key(1), dataKey: Buffer.alloc(16) })).toThrow(
      RangeError,
    );
    expect(() => new PhoneVault({ hashKey: Buffer.alloc(33), dataKey: Buffer.alloc(0) })).toThrow(
      RangeError,
    );
    expect(
      () => new PhoneVault({ hashKey: randomBytes(32), dataKey: randomBytes(32) }),
    ).not.toThrow();
  });
});

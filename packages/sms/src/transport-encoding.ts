// SMS text encodings (3GPP TS 23.038, formerly GSM 03.38). A message goes
// out in the GSM 7-bit default alphabet when every character is in it or in
// its extension table (escape + one septet, so "€" or "[" cost two), else in
// UCS-2 (UTF-16BE): 160 septets or 70 UTF-16 units fit in one SMS; a
// concatenated part loses room to its 6-octet UDH header (153 / 67).

const BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const ESCAPE = 0x1b;
const EXTENSION: Readonly<Record<string, number>> = {
  "\f": 0x0a,
  "^": 0x14,
  "{": 0x28,
  "}": 0x29,
  "\\": 0x2f,
  "[": 0x3c,
  "~": 0x3d,
  "]": 0x3e,
  "|": 0x40,
  "€": 0x65,
};

const basicCode = new Map<string, number>();
for (const [code, char] of [...BASIC].entries()) if (code !== ESCAPE) basicCode.set(char, code);
const extensionChar = new Map<number, string>(
  Object.entries(EXTENSION).map(([char, code]) => [code, char]),
);

export type SmsEncoding = "gsm7" | "ucs2";

/** Septets `text` takes in the GSM 7-bit alphabet, or undefined when it needs UCS-2. */
export function gsm7Length(text: string): number | undefined {
  let septets = 0;
  for (const char of text) {
    if (basicCode.has(char)) septets += 1;
    else if (char in EXTENSION) septets += 2;
    else return undefined;
  }
  return septets;
}

export function encodingFor(text: string): SmsEncoding {
  return gsm7Length(text) === undefined ? "ucs2" : "gsm7";
}

/** GSM 7-bit, one septet per octet (unpacked, as SMPP carries data_coding 0). */
export function encodeGsm7(text: string): Buffer {
  const septets: number[] = [];
  for (const char of text) {
    const basic = basicCode.get(char);
    if (basic !== undefined) septets.push(basic);
    else {
      const extended = EXTENSION[char];
      if (extended === undefined) throw new RangeError(`not in the GSM 7-bit alphabet: ${char}`);
      septets.push(ESCAPE, extended);
    }
  }
  return Buffer.from(septets);
}

export function decodeGsm7(octets: Uint8Array): string {
  let text = "";
  for (let i = 0; i < octets.length; i++) {
    const septet = (octets[i] ?? 0) & 0x7f;
    if (septet === ESCAPE) {
      i += 1;
      // An unknown extension code reads as a space (TS 23.038 6.2.1.1).
      text += extensionChar.get((octets[i] ?? 0) & 0x7f) ?? " ";
    } else text += BASIC[septet] ?? " ";
  }
  return text;
}

export function encodeUcs2(text: string): Buffer {
  const le = Buffer.from(text, "utf16le");
  return le.swap16();
}

export function decodeUcs2(octets: Uint8Array): string {
  const be = Buffer.from(octets.subarray(0, octets.length - (octets.length % 2)));
  return be.swap16().toString("utf16le");
}

/**
 * Splits `text` into the pieces of a concatenated message: at most 153
 * septets (GSM 7-bit) or 67 UTF-16 units (UCS-2) each, never cutting an
 * escape sequence or a surrogate pair. One piece when it fits in one SMS.
 */
export function splitForConcatenation(text: string, encoding: SmsEncoding): string[] {
  const single = encoding === "gsm7" ? 160 : 70;
  const part = encoding === "gsm7" ? 153 : 67;
  const cost = (char: string) => (encoding === "gsm7" ? (char in EXTENSION ? 2 : 1) : char.length);
  const total = [...text].reduce((sum, char) => sum + cost(char), 0);
  if (total <= single) return [text];
  const pieces: string[] = [];
  let current = "";
  let used = 0;
  for (const char of text) {
    if (used + cost(char) > part) {
      pieces.push(current);
      current = "";
      used = 0;
    }
    current += char;
    used += cost(char);
  }
  if (current) pieces.push(current);
  return pieces;
}

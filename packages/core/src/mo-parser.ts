// Classifies the text of a mobile-originated SMS. Customers type on every
// kind of keypad: case, spaces and punctuation vary ("PAY 4821", "pay4821",
// "Pay-4821", " PAY  4821 "). Service keywords are checked first so that STOP
// can never be read as a payment.

export type MoIntent =
  | { readonly kind: "payment"; readonly keyword: string; readonly reference: string }
  | { readonly kind: "stop" }
  | { readonly kind: "start" }
  | { readonly kind: "help" }
  | { readonly kind: "contact" }
  | { readonly kind: "yes" }
  | { readonly kind: "unknown" };

// Opt-out words operators and regulators require us to honour (CTIA list,
// French SMS+ "STOP"/"ARRET").
const STOP_WORDS = new Set([
  "STOP",
  "STOPALL",
  "ARRET",
  "UNSUBSCRIBE",
  "CANCEL",
  "END",
  "QUIT",
  "BAJA",
  "PARAR",
]);
const START_WORDS = new Set(["START", "UNSTOP", "RESUME"]);
const HELP_WORDS = new Set(["HELP", "AIDE", "INFO", "AYUDA", "AJUDA"]);
const CONTACT_WORDS = new Set(["CONTACT"]);
const YES_WORDS = new Set(["YES", "Y", "OUI", "SI", "SIM"]);

/** Every word with a meaning of its own: none may be a payment keyword. */
export const SERVICE_WORDS: ReadonlySet<string> = new Set([
  ...STOP_WORDS,
  ...START_WORDS,
  ...HELP_WORDS,
  ...CONTACT_WORDS,
  ...YES_WORDS,
]);

/** Upper-cases and keeps only letters and digits (accents and full-width forms folded: "ARRÊT" -> "ARRET"). */
export function normalizeMoText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
}

export function parseMo(text: string, paymentKeywords: readonly string[]): MoIntent {
  const compact = normalizeMoText(text);
  if (STOP_WORDS.has(compact)) return { kind: "stop" };
  if (START_WORDS.has(compact)) return { kind: "start" };
  if (HELP_WORDS.has(compact)) return { kind: "help" };
  if (CONTACT_WORDS.has(compact)) return { kind: "contact" };
  if (YES_WORDS.has(compact)) return { kind: "yes" };
  // Longest keyword first, so "PAYX" is not swallowed by "PAY".
  const keywords = [...paymentKeywords].sort((a, b) => b.length - a.length);
  for (const keyword of keywords) {
    if (compact.startsWith(keyword) && compact.length > keyword.length) {
      const reference = compact.slice(keyword.length);
      if (/^[A-Z0-9]{3,16}$/.test(reference)) return { kind: "payment", keyword, reference };
    }
  }
  return { kind: "unknown" };
}

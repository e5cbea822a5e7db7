// Reference codes identify a live payment on a short code ("PAY 4821"). They
// are typed on phone keypads, so the default alphabet is digits only; the
// alphanumeric alphabet leaves out characters people confuse (0/O, 1/I/L, 5/S, 2/Z).

import { randomInt } from "node:crypto";

export const REFERENCE_ALPHABETS = {
  digits: "0123456789",
  alphanumeric: "346789ACDEFGHJKMNPQRTUVWXY",
} as const;

export type ReferenceAlphabet = keyof typeof REFERENCE_ALPHABETS;

export type ReferencePolicy = {
  readonly length: number;
  readonly alphabet: ReferenceAlphabet;
};

export const DEFAULT_REFERENCE_POLICY: ReferencePolicy = { length: 6, alphabet: "digits" };

export type RandomInt = (maxExclusive: number) => number;

/**
 * A new reference. `attempt` counts earlier collisions with live payments: every
 * second collision adds one character, so a crowded short code widens its
 * space instead of failing.
 */
export function newReference(
  policy: ReferencePolicy,
  attempt = 0,
  random: RandomInt = randomInt,
): string {
  const alphabet = REFERENCE_ALPHABETS[policy.alphabet];
  const length = policy.length + Math.floor(attempt / 2);
  let reference = "";
  for (let i = 0; i < length; i++) reference += alphabet[random(alphabet.length)];
  return reference;
}

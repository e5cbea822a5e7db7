// The countries the phone-number field offers, with their calling codes, and
// the one picked by default. Names come from the browser-independent Intl
// data in the page's language, so no catalog has to list them.

// Where carrier billing is common for the shops we serve (EU, UK, Maghreb,
// West Africa, Latin America); libphonenumber still accepts any number typed
// with its +country code.
const CALLING_CODES: Readonly<Record<string, string>> = {
  FR: "33",
  BE: "32",
  CH: "41",
  LU: "352",
  MC: "377",
  DE: "49",
  AT: "43",
  NL: "31",
  IT: "39",
  ES: "34",
  PT: "351",
  GB: "44",
  IE: "353",
  PL: "48",
  RO: "40",
  MA: "212",
  DZ: "213",
  TN: "216",
  SN: "221",
  CI: "225",
  CM: "237",
  BR: "55",
  MX: "52",
  US: "1",
  CA: "1",
};

// A language alone says little about a country: these are the likeliest.
const COUNTRY_OF_LANGUAGE: Readonly<Record<string, string>> = {
  fr: "FR",
  en: "GB",
  es: "ES",
  pt: "PT",
  ar: "MA",
};

export type CountryOption = { readonly code: string; readonly name: string; readonly dial: string };

export function countryOptions(locale: string): CountryOption[] {
  const names = new Intl.DisplayNames([locale, "en"], { type: "region" });
  return Object.entries(CALLING_CODES)
    .map(([code, dial]) => ({ code, dial, name: names.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

export function isOfferedCountry(code: string): boolean {
  return Object.hasOwn(CALLING_CODES, code);
}

/** The region of the first tag that has an offered one, else the page language's country. */
export function defaultCountry(
  tags: readonly (string | null | undefined)[],
  locale: string,
): string {
  for (const tag of tags) {
    const region = /^[a-z]{2,3}[-_]([a-z]{2})\b/i.exec(tag ?? "")?.[1]?.toUpperCase();
    if (region && isOfferedCountry(region)) return region;
  }
  return COUNTRY_OF_LANGUAGE[locale] ?? "FR";
}

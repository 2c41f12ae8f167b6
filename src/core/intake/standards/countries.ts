import { COUNTRY_DATA } from './countryData';

export interface Country {
  alpha2: string;
  name: string;
  /** Country calling code without "+", e.g. "44"; blank for places without one. */
  callingCode: string;
  /** National (trunk) prefix dialled before a national number, e.g. "0" in the UK; blank if none. */
  nationalPrefix: string;
}

export type CountryForm = (typeof COUNTRY_FORMS)[number];
export const COUNTRY_FORMS = ['name', 'alpha2'] as const;

/**
 * A place name as a lookup key: case, accents, dots, apostrophes and punctuation do not matter (letters of
 * every script count), "&" is "and" and "St" is "Saint" ("U.S.A." = "usa", "Cote d'Ivoire" = "Côte
 * d’Ivoire", "St. Lucia" = "Saint Lucia").
 */
export function placeKey(value: string): string {
  return (
    value
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/[.'\u2019]/g, '')
      // (letters of any script: 中国 and Россия are names too)
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
      .replace(/^st /, 'saint ')
  );
}

let index: Map<string, Country> | undefined;
let byAlpha2: Map<string, Country> | undefined;

/** Built on first use, not at load: module top-level code runs on every Apps Script execution. */
function build(): void {
  index = new Map();
  byAlpha2 = new Map();
  for (const line of COUNTRY_DATA.split('\n')) {
    const [codes = '', name = '', ...variants] = line.split('|');
    const m = /^([A-Z]{2})(?:\+(\d+))?(?:\/(\d+))?$/.exec(codes);
    if (!m) throw new Error(`Bad country line: ${codes}`);
    const country: Country = { alpha2: m[1]!, name, callingCode: m[2] ?? '', nationalPrefix: m[3] ?? '' };
    byAlpha2.set(country.alpha2, country);
    for (const v of [country.alpha2, name, ...variants]) index.set(placeKey(v), country);
  }
}

/** The country a value names (name, common variant or ISO alpha-2 code), or undefined. */
export function findCountry(value: string): Country | undefined {
  if (!index) build();
  return index!.get(placeKey(value));
}

/** Parts of a country the table reads as the country (England is GB): a rule naming one means the part, not all of GB. */
const PARTS = new Set(['england', 'scotland', 'wales', 'northern ireland', 'n ireland']);

/**
 * The country a rule's condition value names, or undefined when it names a part of one ("Northern
 * Ireland": the rule is about that part, so only records that say so match, not all of the UK).
 */
export function findWholeCountry(value: string): Country | undefined {
  return PARTS.has(placeKey(value)) ? undefined : findCountry(value);
}

export function countryByAlpha2(code: string): Country | undefined {
  if (!byAlpha2) build();
  return byAlpha2!.get(code.trim().toUpperCase());
}

export function countryIn(country: Country, form: CountryForm): string {
  return form === 'alpha2' ? country.alpha2 : country.name;
}

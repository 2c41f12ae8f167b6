import { COUNTRY_DATA } from './countryData';
import type { Country } from './countries';

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: string };

let callingCodes: Set<number> | undefined;

/** Whether a number is a calling code (none starts with 0, so a number says it exactly). */
function isCallingCode(code: number): boolean {
  if (!callingCodes) {
    // the countries' codes, plus the non-geographic ones (ITU-T E.164: freephone 800, satellite 881, …)
    callingCodes = new Set([800, 808, 870, 878, 881, 882, 883, 888, 979]);
    for (const m of COUNTRY_DATA.matchAll(/\+(\d+)/g)) callingCodes.add(Number(m[1]));
  }
  return callingCodes.has(code);
}

/**
 * Plausible length of the national number: E.164 allows 15 digits in all, and no country's numbers are
 * shorter than 4 (Niue, Saint Helena); NANP numbers (+1) are always 10. A per-country length table would
 * cost the bundle ~2 KB for a finer check that a person confirms anyway.
 */
const fits = (code: string, national: string): boolean => (code === '1' ? isNanpNational(national) : national.length >= 4 && code.length + national.length <= 15);

/**
 * A North American (+1) national number: ten digits whose area code and exchange each start with 2–9
 * (NANP numbering plan: NXX-NXX-XXXX), so "(02) 9374 4000" on a Canadian record is not +10293744000.
 */
function isNanpNational(national: string): boolean {
  return national.length === 10 && national.charCodeAt(0) >= 50 && national.charCodeAt(3) >= 50;
}
const NANP_PLAN = 'not a North American number: its area code and exchange must each start with 2 to 9';

/**
 * Splits international digits (no "+") into calling code and national number; calling codes are
 * prefix-free (ITU-T E.164). Fast path (issue 12): the code's digits are read in place, and only a
 * matching code is sliced out; test/speed-fastpaths.test.ts checks it against the slicing version.
 */
function international(digits: string): PhoneResult {
  // a calling code never starts with 0 (and read as a number, "01" would pass for "1")
  if (digits.charCodeAt(0) === 48) return { ok: false, reason: 'does not start with a country calling code' };
  let code = 0;
  for (let n = 1; n <= 3 && n <= digits.length; n++) {
    code = code * 10 + digits.charCodeAt(n - 1) - 48;
    if (!isCallingCode(code)) continue;
    const nationalLength = digits.length - n;
    if (code === 1 && nationalLength === 10 && !isNanpNational(digits.slice(1))) return { ok: false, reason: `is ${NANP_PLAN}` };
    return (code === 1 ? nationalLength === 10 : nationalLength >= 4 && digits.length <= 15)
      ? { ok: true, e164: `+${digits}` }
      : { ok: false, reason: `has ${nationalLength} digits after +${code}, not a length numbers of that country code have` };
  }
  return { ok: false, reason: 'does not start with a country calling code' };
}

/** Space, tab, no-break space, ( ) - . / (a switch, not a Set: it runs on every character of every phone) */
function isSeparator(ch: number): boolean {
  switch (ch) {
    case 32:
    case 9:
    case 160:
    case 40:
    case 41:
    case 45:
    case 46:
    case 47:
      return true;
    default:
      return false;
  }
}
const NON_DIGITS = /\D/g;
/** Countries whose national numbers, mobiles included, are written with the trunk 0. */
const ZERO_ALWAYS_WRITTEN = new Set(['GB', 'IE', 'FR', 'DE', 'AT', 'CH', 'NL', 'BE', 'LU', 'AU', 'NZ', 'ZA', 'JP', 'KR', 'SE', 'FI', 'IL']);
/**
 * Where only mobiles and service numbers are written without the trunk 0 (India, China): those numbers,
 * and the length of a national number after the calling code (a landline written "+91 22 …" without its +).
 */
const WITHOUT_ZERO: Readonly<Record<string, { national: RegExp; after: RegExp }>> = {
  IN: { national: /^(?:[6-9]\d{9}|1800\d{6,7})$/, after: /^91\d{10}$/ },
  CN: { national: /^(?:1[3-9]\d{9}|[48]00\d{7})$/, after: /^86\d{10,11}$/ },
};
/** A North American number's way of writing: (NXX) NXX-XXXX or NXX-NXX-XXXX, a leading 1 allowed. */
const NANP_WRITTEN = /^(?:1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[-.])\d{3}[-.]\d{4}$/;
/** Where ten digits written that way are not national (India, China, Brazil: other groupings). */
const NANP_SUSPECT = new Set(['IN', 'CN', 'BR']);
const EXTENSION = /(?:[\s,;]*(?:ext\.?|extension|x|#)\s*\d+)$/i;

/**
 * A phone number in E.164 form ("+14155550132"), from the spellings people type: separators (spaces,
 * dashes, dots, slashes, brackets), a "+" or "00" international prefix (and "011" from NANP countries),
 * "+44 (0)20 …", or a national number with its trunk prefix ("020 7946 0958") read as a number of
 * `country`. A number with an extension, letters, or an implausible length is refused with the reason.
 */
export function toE164(value: string, country?: Country): PhoneResult {
  let v = value.trim();
  if (v === '') return { ok: false, reason: 'is empty' };
  const plus = v.charCodeAt(0) === 43;
  if (plus && v.includes('(0)')) v = v.replace('(0)', ''); // "+44 (0)20 …": the bracketed trunk prefix is not dialled from abroad
  // this runs on every phone of a 100,000-record batch: check the characters in one pass without
  // allocating, then keep the digits with one replace
  let separators = 0;
  for (let i = plus ? 1 : 0; i < v.length; i++) {
    const ch = v.charCodeAt(i);
    if (ch >= 48 && ch <= 57) continue;
    if (!isSeparator(ch)) {
      return { ok: false, reason: EXTENSION.test(v) ? 'has an extension, which an E.164 number cannot hold' : 'holds characters a phone number does not' };
    }
    separators++;
  }
  let digits = separators || plus ? v.replace(NON_DIGITS, '') : v;
  if (digits === '') return { ok: false, reason: 'holds characters a phone number does not' };
  if (plus) return international(digits);
  if (digits.startsWith('00')) return international(digits.slice(2));
  if (!country?.callingCode) return { ok: false, reason: 'is a national number and no country is known to make it international' };
  const code = country.callingCode;
  if (code === '1' && digits.startsWith('011')) return international(digits.slice(3));
  const np = country.nationalPrefix;
  // "1 (415) 555-0132", "1-415-555-0132": a North American number with its 1, national nowhere else;
  // without the 1, only where ten digits are not grouped so ("(917) 555-0132" on an Indian record)
  const nanp = code !== '1' && NANP_WRITTEN.test(v);
  const zeroless = WITHOUT_ZERO[country.alpha2];
  if (np && digits.startsWith(np) && fits(code, digits.slice(np.length))) digits = digits.slice(np.length);
  else if (nanp && (digits.length === 11 || (NANP_SUSPECT.has(country.alpha2) && v.includes('(')))) return northAmerican(country);
  // an Indian or Chinese mobile or service number, written without the 0 ("91234 56789" starts with 91, but is one)
  else if (zeroless?.national.test(digits)) return { ok: true, e164: `+${code}${digits}` };
  else if (nanp && NANP_SUSPECT.has(country.alpha2)) return northAmerican(country);
  // any other number there without its 0 is one only with the calling code before it: "415 555 0132" is not Indian
  else if (zeroless && !zeroless.after.test(digits))
    return { ok: false, reason: `has no "+" or 0, and is not a mobile or service number of ${country.name}: which country it belongs to is not known` };
  // "44 20 7946 0958" in the UK: where national numbers are dialled with a trunk prefix, one that starts
  // with the calling code instead is an international number missing its "+"
  else if (np && digits.startsWith(code) && fits(code, digits.slice(code.length))) return { ok: true, e164: `+${digits}` };
  // where every national number is written with its 0 (the UK, France, Germany, Australia…), a number
  // without one, a "+" or a "00" is not one of them as written: "(415) 555-0132" on a UK record is a US
  // number, not +44 4155 550132. (Not where mobiles are written without it: India, China, Brazil, Turkey…)
  else if (np === '0' && ZERO_ALWAYS_WRITTEN.has(country.alpha2) && !digits.startsWith('0'))
    return { ok: false, reason: `has no "+", and does not start with the 0 that national numbers of ${country.name} start with: which country it belongs to is not known` };
  // (ten digits, or eleven with the 1 before them, that break the plan)
  if (code === '1' && (digits.length === 10 || (digits.length === 11 && digits.charCodeAt(0) === 49)) && !isNanpNational(digits.slice(-10)))
    return { ok: false, reason: `is ${NANP_PLAN}` };
  return fits(code, digits) ? { ok: true, e164: `+${code}${digits}` } : { ok: false, reason: `has ${digits.length} digits, not a length numbers of ${country.name} have` };
}

function northAmerican(country: Country): PhoneResult {
  return { ok: false, reason: `is written as a North American number, and the record's country is ${country.name}: which country it belongs to is not known` };
}

/**
 * In international format already: a "+" and a known calling code, separators allowed ("+1 415-555-0132").
 * Fast path (issue 12: a format rule runs it on every phone of a batch): `toE164(value).ok` read in
 * place, with no string or result made; test/speed-phone.test.ts checks the two agree on random text.
 */
export function isInternationalPhone(value: string): boolean {
  if (value.charCodeAt(0) !== 43 || value !== value.trim()) return false;
  if (value.includes('(0)')) return toE164(value).ok; // "+44 (0)20 …": the rare spelling takes the full path
  // the digits' count and the first three, which hold the calling code
  let count = 0;
  let first3 = 0;
  // (the second and fifth digits: a +1 number's area code and exchange start there)
  let second = 0;
  let fifth = 0;
  for (let i = 1; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    if (ch >= 48 && ch <= 57) {
      if (count < 3) first3 = first3 * 10 + ch - 48;
      if (count === 1) second = ch;
      else if (count === 4) fifth = ch;
      count++;
    } else if (!isSeparator(ch)) return false;
  }
  if (count === 0) return false;
  const leading = count < 3 ? count : 3;
  // a calling code never starts with 0; codes are prefix-free, so the shortest known prefix is the code
  if (Math.floor(first3 / 10 ** (leading - 1)) === 0) return false;
  for (let n = 1; n <= leading; n++) {
    const code = Math.floor(first3 / 10 ** (leading - n));
    if (!isCallingCode(code)) continue;
    const nationalLength = count - n;
    return code === 1 ? nationalLength === 10 && second >= 50 && fifth >= 50 : nationalLength >= 4 && count <= 15;
  }
  return false;
}

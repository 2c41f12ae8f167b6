/** Issue 12: toE164's in-place calling-code lookup checked against the plain slicing version on random input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCountry } from '../src/core/intake/standards/countries';
import { COUNTRY_DATA } from '../src/core/intake/standards/countryData';
import { isInternationalPhone, toE164 } from '../src/core/intake/standards/phone';

// ---- the plain version: toE164 as it was before its fast path ----
const plainCodes = new Set(['800', '808', '870', '878', '881', '882', '883', '888', '979']);
for (const m of COUNTRY_DATA.matchAll(/\+(\d+)/g)) plainCodes.add(m[1]!);
// (a +1 number follows the NANP plan: area code and exchange start with 2 to 9)
const nanp = (national: string): boolean => /^[2-9]\d\d[2-9]\d{6}$/.test(national);
const PLAN = 'is not a North American number: its area code and exchange must each start with 2 to 9';
const fits = (code: string, national: string): boolean => (code === '1' ? nanp(national) : national.length >= 4 && code.length + national.length <= 15);
type Result = { ok: true; e164: string } | { ok: false; reason: string };
function plainInternational(digits: string): Result {
  for (let n = 1; n <= 3; n++) {
    const code = digits.slice(0, n);
    if (!plainCodes.has(code)) continue;
    const national = digits.slice(n);
    if (code === '1' && national.length === 10 && !nanp(national)) return { ok: false, reason: PLAN };
    return fits(code, national)
      ? { ok: true, e164: `+${digits}` }
      : { ok: false, reason: `has ${national.length} digits after +${code}, not a length numbers of that country code have` };
  }
  return { ok: false, reason: 'does not start with a country calling code' };
}
const SEPARATORS = new Set([32, 9, 160, 40, 41, 45, 46, 47]);
function plainToE164(value: string, country?: ReturnType<typeof findCountry>): Result {
  let v = value.trim();
  if (v === '') return { ok: false, reason: 'is empty' };
  const plus = v.charCodeAt(0) === 43;
  if (plus && v.includes('(0)')) v = v.replace('(0)', '');
  let separators = 0;
  for (let i = plus ? 1 : 0; i < v.length; i++) {
    const ch = v.charCodeAt(i);
    if (ch >= 48 && ch <= 57) continue;
    if (!SEPARATORS.has(ch)) {
      return {
        ok: false,
        reason: /(?:[\s,;]*(?:ext\.?|extension|x|#)\s*\d+)$/i.test(v) ? 'has an extension, which an E.164 number cannot hold' : 'holds characters a phone number does not',
      };
    }
    separators++;
  }
  let digits = separators || plus ? v.replace(/\D/g, '') : v;
  if (digits === '') return { ok: false, reason: 'holds characters a phone number does not' };
  if (plus) return plainInternational(digits);
  if (digits.startsWith('00')) return plainInternational(digits.slice(2));
  if (!country?.callingCode) return { ok: false, reason: 'is a national number and no country is known to make it international' };
  const code = country.callingCode;
  if (code === '1' && digits.startsWith('011')) return plainInternational(digits.slice(3));
  const np = country.nationalPrefix;
  if (np && digits.startsWith(np) && fits(code, digits.slice(np.length))) digits = digits.slice(np.length);
  else if (np && digits.startsWith(code) && fits(code, digits.slice(code.length))) return { ok: true, e164: `+${digits}` };
  else if (np === '0' && ['GB', 'IE', 'FR', 'DE', 'AT', 'CH', 'NL', 'BE', 'LU', 'AU', 'NZ', 'ZA', 'JP', 'KR', 'SE', 'FI', 'IL'].includes(country.alpha2) && !digits.startsWith('0'))
    return { ok: false, reason: `has no "+", and does not start with the 0 that national numbers of ${country.name} start with: which country it belongs to is not known` };
  if (code === '1' && (digits.length === 10 || (digits.length === 11 && digits[0] === '1')) && !nanp(digits.slice(-10))) return { ok: false, reason: PLAN };
  return fits(code, digits) ? { ok: true, e164: `+${code}${digits}` } : { ok: false, reason: `has ${digits.length} digits, not a length numbers of ${country.name} have` };
}

const phoneLike = fc
  .tuple(
    fc.constantFrom('+', '00', '011', '0', '', ' +', '+0', '+(0)'),
    fc.array(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ' ', '-', '.', '(', ')', '/', '\u00a0', 'x', '#', 'ext '), { maxLength: 20 }),
  )
  .map(([prefix, parts]) => prefix + parts.join(''));

describe('toE164 fast path (issue 12)', () => {
  it('agrees with the plain slicing version on random phone-like text, with and without a country', () => {
    const countries = [undefined, findCountry('United States'), findCountry('United Kingdom'), findCountry('Germany'), findCountry('Niue')];
    fc.assert(
      fc.property(fc.oneof(phoneLike, fc.string()), fc.constantFrom(...countries), (value, country) => {
        expect(toE164(value, country)).toEqual(plainToE164(value, country));
      }),
      { numRuns: 3000 },
    );
  });

  it('isInternationalPhone is toE164(value).ok for a value with a "+" and nothing around it, read in place', () => {
    const plainIsInternational = (value: string): boolean => value === value.trim() && value.startsWith('+') && plainToE164(value).ok;
    fc.assert(
      fc.property(
        fc.oneof(
          phoneLike,
          phoneLike.map((v) => `+${v}`),
          fc.string(),
        ),
        (value) => {
          expect(isInternationalPhone(value)).toBe(plainIsInternational(value));
        },
      ),
      { numRuns: 5000 },
    );
    // every calling code of one to three digits, with national numbers around the allowed lengths
    for (let code = 1; code < 1000; code++)
      for (const national of ['123', '1234', '4155550132', '12345678901', '123456789012'])
        expect(isInternationalPhone(`+${code} ${national}`)).toBe(plainIsInternational(`+${code} ${national}`));
    for (const v of [
      '+1 415 555 0132',
      '+44 (0)20 7946 0958',
      '+0 20',
      '+',
      '+1',
      ' +44 20 7946 0958',
      '+44 20 7946 0958 ',
      '+999 1234 5678',
      '+358 40 123 4567',
      '+1 415 555 013',
    ])
      expect(isInternationalPhone(v)).toBe(plainIsInternational(v));
  });

  it('still reads codes of one, two and three digits, and refuses a leading zero and an unknown code', () => {
    expect(toE164('+1 415 555 0132')).toEqual({ ok: true, e164: '+14155550132' });
    expect(toE164('+44 20 7946 0958')).toEqual({ ok: true, e164: '+442079460958' });
    expect(toE164('+358 40 123 4567')).toEqual({ ok: true, e164: '+358401234567' });
    expect(toE164('+01 415 555 0132')).toEqual({ ok: false, reason: 'does not start with a country calling code' });
    expect(toE164('+999 1234 5678')).toEqual({ ok: false, reason: 'does not start with a country calling code' });
    expect(toE164('+1 415')).toEqual({ ok: false, reason: 'has 3 digits after +1, not a length numbers of that country code have' });
    expect(isInternationalPhone('+44 483 519 3159')).toBe(true);
  });
});

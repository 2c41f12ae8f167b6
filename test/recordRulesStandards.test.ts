import { describe, expect, it } from 'vitest';
import { countryByAlpha2, countryIn, findCountry, placeKey } from '../src/core/intake/standards/countries';
import { COUNTRY_DATA } from '../src/core/intake/standards/countryData';
import { checkFormat, type FormatOptions, standardDomain, standardEmail } from '../src/core/intake/standards/formats';
import { standardLegalForm } from '../src/core/intake/standards/legalForms';
import { isInternationalPhone, toE164 } from '../src/core/intake/standards/phone';
import { findUsState } from '../src/core/intake/standards/usStates';

describe('phone to E.164', () => {
  // real-world spellings: [value, record country (ISO alpha-2) or '', E.164 or undefined when refused]
  const cases: [string, string, string | undefined][] = [
    ['(415) 555-0132', 'US', '+14155550132'],
    ['415.555.0132', 'US', '+14155550132'],
    ['1-415-555-0132', 'US', '+14155550132'],
    ['+1 (415) 555-0132', '', '+14155550132'],
    ['011 44 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+44 (0)20 7946 0958', '', '+442079460958'],
    ['0044 20 7946 0958', '', '+442079460958'],
    ['44 20 7946 0958', 'GB', '+442079460958'],
    ['07700 900123', 'GB', '+447700900123'],
    ['030 123456', 'DE', '+4930123456'],
    ['+49 (30) 123456', '', '+4930123456'],
    ['01 23 45 67 89', 'FR', '+33123456789'],
    ['+33 1 23 45 67 89', '', '+33123456789'],
    ['02 1234 5678', 'IT', '+390212345678'], // Italy keeps its leading 0
    ['(02) 9876 5432', 'AU', '+61298765432'],
    ['+65 6123 4567', '', '+6561234567'],
    ['+91-98765-43210', '', '+919876543210'],
    ['+800 1234 5678', '', '+80012345678'],
    ['8 (495) 123-45-67', 'RU', '+74951234567'],
    ['+1 415 555 0132 ext. 12', '', undefined],
    ['415-555-0132 x12', 'US', undefined],
    ['call me', 'US', undefined],
    ['+999 123 4567', '', undefined],
    ['555-0132', 'US', undefined],
    ['+1 415 555 013', '', undefined],
    ['020 7946 0958', '', undefined],
    ['', 'US', undefined],
    // a UK, French or Australian record's number with no 0, "+" or "00" is not a national number there
    ['(415) 555-0132', 'GB', undefined],
    ['1 23 45 67 89', 'FR', undefined],
    ['2 9876 5432', 'AU', undefined],
    ['02 9876 5432', 'AU', '+61298765432'],
    ['61 2 9876 5432', 'AU', '+61298765432'],
    // where mobiles are written without the 0, a number without it is still national
    ['98765 43210', 'IN', '+919876543210'],
    ['138 0013 8000', 'CN', '+8613800138000'],
    ['(11) 98765-4321', 'BR', '+5511987654321'],
    // a North American number with its 1 is national nowhere else; without it, not where ten digits are grouped otherwise
    ['1 (415) 555-0132', 'CN', undefined],
    ['1 (415) 555-0132', 'MX', undefined],
    ['1-800-555-0199', 'CO', undefined],
    ['(415) 555-0132', 'IN', undefined],
    ['(917) 555-0132', 'IN', undefined],
    ['(646) 555-0132', 'IN', undefined],
    ['415-555-0132', 'CN', undefined],
    ['(415) 555-0132', 'BR', undefined],
    ['(415) 555-0132', 'US', '+14155550132'],
    ['1 (415) 555-0132', 'CA', '+14155550132'],
    // elsewhere ten digits are written so too (Mexico, Italy, Turkey, the Philippines…)
    ['(222) 123-4567', 'MX', '+522221234567'],
    ['333-123-4567', 'IT', '+393331234567'],
    ['(532) 123-4567', 'TR', '+905321234567'],
    // in India and China, without the 0: a mobile or service number (one that starts with 91 is a mobile, not the
    // calling code), or a number after the calling code; nothing else ("415 555 0132" is no Indian number)
    ['91234 56789', 'IN', '+919123456789'],
    ['919876543210', 'IN', '+919876543210'],
    ['91 22 2345 6789', 'IN', '+912223456789'],
    ['987-654-3210', 'IN', '+919876543210'],
    ['080 2345 6789', 'IN', '+918023456789'],
    ['1800 123 4567', 'IN', '+9118001234567'],
    ['415 555 0132', 'IN', undefined],
    ['4155550132', 'CN', undefined],
    ['22 2345 6789', 'IN', undefined],
    ['010 6552 9988', 'CN', '+861065529988'],
    ['400 810 8888', 'CN', '+864008108888'],
  ];
  it.each(cases)('%j (country %s) -> %s', (value, country, expected) => {
    const result = toE164(value, country ? countryByAlpha2(country) : undefined);
    expect(result.ok ? result.e164 : undefined).toBe(expected);
    if (!result.ok) expect(result.reason).toMatch(/^(is|has|holds|does)/);
  });

  it('says why a number is refused', () => {
    expect(toE164('020 7946 0958')).toEqual({ ok: false, reason: 'is a national number and no country is known to make it international' });
    expect(toE164('415 555 0132', countryByAlpha2('IN'))).toEqual({
      ok: false,
      reason: 'has no "+" or 0, and is not a mobile or service number of India: which country it belongs to is not known',
    });
    expect(toE164('415 555 0132', countryByAlpha2('GB'))).toEqual({
      ok: false,
      reason: 'has no "+", and does not start with the 0 that national numbers of United Kingdom start with: which country it belongs to is not known',
    });
    expect(toE164('(415) 555-0132', countryByAlpha2('IN'))).toEqual({
      ok: false,
      reason: "is written as a North American number, and the record's country is India: which country it belongs to is not known",
    });
    expect(toE164('415-555-0132 x12', countryByAlpha2('US'))).toEqual({ ok: false, reason: 'has an extension, which an E.164 number cannot hold' });
    expect(toE164('+999 123 4567')).toEqual({ ok: false, reason: 'does not start with a country calling code' });
    expect(toE164('+1 415 555 013')).toEqual({ ok: false, reason: 'has 9 digits after +1, not a length numbers of that country code have' });
  });

  it('refuses a +1 number whose area code or exchange starts with 0 or 1 (the NANP numbering plan), written either way', () => {
    const plan = { ok: false, reason: 'is not a North American number: its area code and exchange must each start with 2 to 9' };
    // an Australian number on a Canadian record is not +10293744000
    expect(toE164('(02) 9374 4000', countryByAlpha2('CA'))).toEqual(plan);
    expect(toE164('+1 029 374 4000')).toEqual(plan);
    expect(toE164('+1 212 155 0100')).toEqual(plan);
    expect(toE164('1-212-155-0100', countryByAlpha2('US'))).toEqual(plan);
    expect(toE164('(212) 555-0100', countryByAlpha2('US'))).toEqual({ ok: true, e164: '+12125550100' });
    expect(isInternationalPhone('+1 029 374 4000')).toBe(false);
    expect(isInternationalPhone('+1 212 155 0100')).toBe(false);
    expect(isInternationalPhone('+1 212 555 0100')).toBe(true);
    // other countries' numbers are not held to it
    expect(toE164('(02) 9374 4000', countryByAlpha2('AU'))).toEqual({ ok: true, e164: '+61293744000' });
  });

  it('international format accepts separators but not a national number', () => {
    expect(isInternationalPhone('+1 415-555-0132')).toBe(true);
    expect(isInternationalPhone('+14155550132')).toBe(true);
    expect(isInternationalPhone('(415) 555-0132')).toBe(false);
    expect(isInternationalPhone(' +14155550132')).toBe(false);
  });
});

describe('email lower-case and trimmed', () => {
  const cases: [string, string | undefined][] = [
    ['Ada@Example.COM', 'ada@example.com'],
    ['  ada@example.com ', 'ada@example.com'],
    ['mailto:Ada@Example.com', 'ada@example.com'],
    ['Ada Lovelace <Ada@Example.com>', 'ada@example.com'],
    ['ada+crm@sub.example.co.uk', 'ada+crm@sub.example.co.uk'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['ada@example', undefined],
    ['ada@@example.com', undefined],
    ['ada..lovelace@example.com', undefined],
    ['ada at example dot com', undefined],
    ['ada@exa mple.com', undefined],
    ['@example.com', undefined],
  ];
  it.each(cases)('%j -> %s', (value, expected) => {
    expect(standardEmail(value)).toBe(expected);
  });
});

describe('countries and US states', () => {
  it.each([
    ['usa', 'US'],
    ['U.S.A.', 'US'],
    ['United States of America', 'US'],
    ['america', 'US'],
    ['UK', 'GB'],
    ['Great Britain', 'GB'],
    ['england', 'GB'],
    ['de', 'DE'],
    ['Deutschland', 'DE'],
    ['Holland', 'NL'],
    ['The Netherlands', 'NL'],
    ['cote divoire', 'CI'],
    ['Côte d’Ivoire', 'CI'],
    ['Korea, Republic of', 'KR'],
    ['South Korea', 'KR'],
    ['Viet Nam', 'VN'],
    ['St. Lucia', 'LC'],
    ['Saint Lucia', 'LC'],
    ['Czech Republic', 'CZ'],
    ['Turkey', 'TR'],
    ['Russian Federation', 'RU'],
    // the names countries give themselves, as exports often hold them
    ['Brasil', 'BR'],
    ['Italia', 'IT'],
    ['Nederland', 'NL'],
    ['Sverige', 'SE'],
    ['Danmark', 'DK'],
    ['Norge', 'NO'],
    ['Suomi', 'FI'],
    ['Polska', 'PL'],
    ['België', 'BE'],
    ['Belgique', 'BE'],
    ['Svizzera', 'CH'],
    ['Éire', 'IE'],
    ['Česko', 'CZ'],
    ['Magyarország', 'HU'],
    ['Hrvatska', 'HR'],
    ['España', 'ES'],
    ['México', 'MX'],
    // and the other ways exports write them, some in their own script
    ['Republic of Ireland', 'IE'],
    ['Macau', 'MO'],
    ['Hong Kong SAR', 'HK'],
    ['The Bahamas', 'BS'],
    ['S. Korea', 'KR'],
    ['KSA', 'SA'],
    ['PRC', 'CN'],
    ['Mainland China', 'CN'],
    ['中国', 'CN'],
    ['日本', 'JP'],
    ['대한민국', 'KR'],
    ['Россия', 'RU'],
    ['N. Ireland', 'GB'],
    // as exports labelled in another language write them
    ['Vereinigte Staaten', 'US'],
    ['États-Unis', 'US'],
    ['Allemagne', 'DE'],
    ['Países Bajos', 'NL'],
    ['Royaume-Uni', 'GB'],
    ['Zwitserland', 'CH'],
    ['Österreich', 'AT'],
  ])('%j is %s', (value, alpha2) => {
    expect(findCountry(value)?.alpha2).toBe(alpha2);
  });

  it("names each country once: no name or code of one line is another line's too", () => {
    const seen = new Map<string, string>();
    for (const line of COUNTRY_DATA.split('\n')) {
      const [codes = '', ...names] = line.split('|');
      for (const v of [codes.slice(0, 2), ...names]) {
        const k = placeKey(v);
        expect(seen.get(k) ?? codes.slice(0, 2), `${v}`).toBe(codes.slice(0, 2));
        seen.set(k, codes.slice(0, 2));
      }
    }
  });

  it('refuses unknown or ambiguous names', () => {
    for (const v of ['Narnia', 'Congo', 'Europe', '', 'XK']) expect(findCountry(v)).toBeUndefined();
  });

  it('writes a country in each form', () => {
    const c = findCountry('uk')!;
    expect([countryIn(c, 'name'), countryIn(c, 'alpha2')]).toEqual(['United Kingdom', 'GB']);
    expect(countryIn(findCountry('Democratic Republic of the Congo')!, 'alpha2')).toBe('CD');
  });

  it('knows states by USPS code and name', () => {
    expect(findUsState('ca')?.name).toBe('California');
    expect(findUsState('New York')?.code).toBe('NY');
    expect(findUsState('washington dc')?.code).toBe('DC');
    expect(findUsState('Puerto Rico')?.code).toBe('PR');
    expect(findUsState('Calif.')).toBeUndefined();
    expect(findUsState('Ontario')).toBeUndefined();
  });
});

describe('company legal forms', () => {
  it.each([
    ['Acme incorporated', 'Acme Inc.'],
    ['Acme, inc', 'Acme, Inc.'],
    ['ACME LTD.', 'ACME Ltd'],
    ['Acme Limited', 'Acme Ltd'],
    ['Acme l.l.c.', 'Acme LLC'],
    ['Acme gmbh & co. kg', 'Acme GmbH & Co. KG'],
    ['Acme gmbh', 'Acme GmbH'],
    ['Acme S.P.A.', 'Acme S.p.A.'],
    ['Acme Pty. Ltd.', 'Acme Pty Ltd'],
    ['Acme co., ltd', 'Acme Co., Ltd.'],
    ['Acme bv', 'Acme BV'],
    ['Acme b.v', 'Acme B.V.'],
    // both spellings in use: each kept, its case fixed
    ['Nestlé SA', 'Nestlé SA'],
    ['Nestlé sa', 'Nestlé SA'],
    ['Telefónica s.a.', 'Telefónica S.A.'],
    ['Telefónica S.A.', 'Telefónica S.A.'],
    ['Philips nv', 'Philips NV'],
    ['Acme s.l', 'Acme S.L.'],
    ['Acme Inc.', 'Acme Inc.'],
  ])('%j -> %j', (value, expected) => {
    expect(standardLegalForm(value)).toBe(expected);
  });

  it('leaves names without a legal form, and words that only end like one, alone', () => {
    for (const v of ['Acme Corporation', 'Acme Spa', 'Limited', 'Sinc', 'Acme Holdings', 'Blue Sun Systems']) expect(standardLegalForm(v)).toBeUndefined();
  });
});

describe('formats', () => {
  const o: FormatOptions = { dayOrder: 'unknown' };
  it('domain: the bare domain of a web address or email', () => {
    expect(standardDomain('https://www.Acme.com/about?x=1')).toBe('acme.com');
    expect(standardDomain('bob@acme.co.uk')).toBe('acme.co.uk');
    expect(standardDomain('acme.com:8080')).toBe('acme.com');
    expect(standardDomain('not a domain')).toBeUndefined();
  });

  it('a value with spaces around it is not in its format; the proposal trims it (and follows a switched-on standard form)', () => {
    expect(checkFormat('email', ' ada@x.io ', o)).toEqual({ problem: 'has spaces around it', proposal: 'ada@x.io' });
    expect(checkFormat('url', ' https://acme.com ', o)).toEqual({ problem: 'has spaces around it', proposal: 'https://acme.com' });
    expect(checkFormat('website', ' www.acme.com ', o)).toEqual({ problem: 'has spaces around it', proposal: 'www.acme.com' });
    expect(checkFormat('country', ' usa ', o)).toEqual({ problem: 'has spaces around it', proposal: 'usa' });
    expect(checkFormat('country', ' usa ', { ...o, countryForm: 'name' })).toEqual({ problem: 'has spaces around it', proposal: 'United States' });
    expect(checkFormat('usState', ' California', { ...o, stateForm: 'code' })).toEqual({ problem: 'has spaces around it', proposal: 'CA' });
    expect(checkFormat('integer', ' 12 ', o)).toEqual({ problem: 'has spaces around it', proposal: '12' });
  });

  it("isoDate reads slash dates with the column's day order, and refuses an ambiguous one", () => {
    expect(checkFormat('isoDate', '04/05/2026', o)).toEqual({ problem: 'is not an ISO date (YYYY-MM-DD)' });
    expect(checkFormat('isoDate', '04/05/2026', { ...o, dayOrder: 'dmy' })?.proposal).toBe('2026-05-04');
    expect(checkFormat('isoDate', '2026-3-5', o)?.proposal).toBe('2026-03-05');
    expect(checkFormat('isoDate', '2026-02-30', o)).toEqual({ problem: 'is not an ISO date (YYYY-MM-DD)' });
  });

  it('isoDate keeps the time of a date-time: as a date alone, an import would set a Date/Time field to midnight', () => {
    // Salesforce report date-times, 12- and 24-hour, as the export showed them (an import reads them in its user's time zone)
    const mdy = { ...o, dayOrder: 'mdy' as const };
    expect(checkFormat('isoDate', '10/20/2026, 4:05 PM', o)?.proposal).toBe('2026-10-20T16:05:00');
    expect(checkFormat('isoDate', '10/20/2026, 12:30 AM', o)?.proposal).toBe('2026-10-20T00:30:00');
    expect(checkFormat('isoDate', '10/20/2026 12:30:15 pm', o)?.proposal).toBe('2026-10-20T12:30:15');
    expect(checkFormat('isoDate', '20.10.2026, 16:05', o)?.proposal).toBe('2026-10-20T16:05:00');
    expect(checkFormat('isoDate', '04/05/2026 09:15', mdy)?.proposal).toBe('2026-04-05T09:15:00');
    expect(checkFormat('isoDate', '2026-3-5 7:45', o)?.proposal).toBe('2026-03-05T07:45:00');
    // epoch milliseconds are an instant: written in UTC
    expect(checkFormat('isoDate', '1792512000000', o)?.proposal).toBe('2026-10-20T16:00:00Z');
    // a time that cannot be, or one with an offset the proposal would have to move, gets no proposal
    expect(checkFormat('isoDate', '10/20/2026, 13:05 PM', o)).toEqual({ problem: 'is not an ISO date (YYYY-MM-DD)' });
    expect(checkFormat('isoDate', '10/20/2026 24:00', o)).toEqual({ problem: 'is not an ISO date (YYYY-MM-DD)' });
    expect(checkFormat('isoDate', '2026-3-5T23:30+02:00', o)).toEqual({ problem: 'is not an ISO date (YYYY-MM-DD)' });
    // a date alone stays a date, and midnight is one (a spreadsheet re-saves a Date field's value with 0:00)
    expect(checkFormat('isoDate', '10/20/2026', o)?.proposal).toBe('2026-10-20');
    expect(checkFormat('isoDate', '12/15/2026 0:00', o)?.proposal).toBe('2026-12-15');
    expect(checkFormat('isoDate', '12/15/2026, 12:00 AM', o)?.proposal).toBe('2026-12-15');
    expect(checkFormat('isoDate', '1792454400000', o)?.proposal).toBe('2026-10-20');
    // an ISO date-time whose time cannot be is not valid
    expect(checkFormat('isoDate', '2026-10-20T99:99:99', o)).toEqual({ problem: 'is not an ISO date (YYYY-MM-DD)' });
    expect(checkFormat('isoDate', '2026-10-20 24:00', o)).toEqual({ problem: 'is not an ISO date (YYYY-MM-DD)' });
    expect(checkFormat('isoDate', '2026-10-20T23:59:59+05:30', o)).toBeUndefined();
  });

  it('numbers: grouping commas and a currency sign are dropped; a decimal comma is not guessed', () => {
    expect(checkFormat('integer', '1,200,000', o)?.proposal).toBe('1200000');
    expect(checkFormat('integer', '12.00', o)?.proposal).toBe('12');
    expect(checkFormat('decimal', '€1,234.5', o)?.proposal).toBe('1234.5');
    expect(checkFormat('decimal', '12,5', o)).toEqual({ problem: 'is not a decimal number' });
    // a dot between thousands (12.500 in a European export) is not proposed as a decimal point: 12.500
    // read as 12.5 would be a thousandth of the amount; a European amount with its decimal comma is unambiguous
    expect(checkFormat('decimal', '€ 12.500', o)).toEqual({ problem: 'is not a decimal number' });
    expect(checkFormat('decimal', '€ 1.250.000', o)).toEqual({ problem: 'is not a decimal number' });
    expect(checkFormat('decimal', '€ 12.500,50', o)?.proposal).toBe('12500.50');
    expect(checkFormat('decimal', '1.234.567,8', o)?.proposal).toBe('1234567.8');
    expect(checkFormat('decimal', '$ 12.5', o)?.proposal).toBe('12.5');
    // a dollar or pound amount's dot is a decimal point, as is a spaced value's
    expect(checkFormat('decimal', '$3.459', o)?.proposal).toBe('3.459');
    expect(checkFormat('decimal', '£1.250', o)?.proposal).toBe('1.250');
    expect(checkFormat('decimal', ' 12.500', o)?.proposal).toBe('12.500');
    expect(checkFormat('decimal', '-3.25', o)).toBeUndefined();
  });
});

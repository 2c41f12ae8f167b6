import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainSensitiveKind, sensitiveKind } from '../src/core/intake/masking';
import { isBlank } from '../src/core/text/cells';

/** Pieces of secrets, identifiers and ordinary text, glued at random: the pre-filters must never change a verdict. */
const FRAGMENTS = [
  'a',
  'Z',
  'q',
  '7',
  '0',
  '1',
  '4111',
  '1111',
  '5500',
  '0000',
  '0004',
  '123',
  '45',
  '6789',
  '030',
  ' ',
  '  ',
  '\u00a0',
  '\u2009',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '\u2028',
  '\u0085',
  '.',
  '-',
  '_',
  '/',
  '+',
  '=',
  ':',
  '@',
  '://',
  'https',
  'user',
  'pass',
  'x.com',
  'aws',
  'secret',
  'SSN',
  'AB',
  'C',
  'gb82',
  'WEST',
  '1234',
  '5698',
  '7654',
  '32',
  'de89',
  '3704',
  '0044',
  '0532',
  '0130',
  '00',
  'eyJ',
  'hbGciOiJIUzI1',
  'xoxb-',
  'AKIA',
  'IOSFODNN7EXAMPLE',
  'sk_live_',
  'ya29.',
  'SG.',
  'wJalrXUtnFEMI',
  'K7MDENG',
  'bPxRfiCYEXAMPLEKEY',
  'please',
  'email',
  'me',
  'at',
  'jane',
  '-----BEGIN',
  ' RSA PRIVATE KEY-----',
  'Lead',
  'Qualified',
  'Acme',
  '2026-11-20',
  '+44',
  '20 7946',
  // what a copy-paste or a form hides: invisible characters, other dashes and digits, full width
  '\u200b',
  '\u00ad',
  '\u2060',
  '\u2013',
  '\u2212',
  '\uff14',
  '\uff21',
  '\u0661',
  '\u0966',
  '\u017f',
  'é',
  '<',
  '>',
  ';',
  ',',
  'password',
  'pwd',
  'pw',
  ' is ',
  ' is: ',
  '123456',
  ' pending',
  'Bearer ',
  'Basic ',
  'dXNlcjpwYXNz',
  'GOCSPX-',
  'hooks.slack.com/services/',
  '-us6',
  '0123456789abcdef',
  'AccountKey',
  'ssn',
  'BLOCK',
  '5f4dcc3b5aa765d6',
  '09/27',
  'Иван',
  '山田',
  '김',
  '\u0133',
  '\u0301',
];
const value = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }).map((xs) => xs.join(''));

describe('fast paths agree with plain ones (property)', () => {
  it('sensitiveKind (profiled, pre-filtered) = plainSensitiveKind (every pattern) on random values', () => {
    fc.assert(
      fc.property(value, fc.boolean(), fc.boolean(), (v, multiLine, countOrDate) => {
        expect(sensitiveKind(v, { multiLine, countOrDate })).toBe(plainSensitiveKind(v, { multiLine, countOrDate }));
      }),
      { numRuns: 20_000 },
    );
  });

  it('sensitiveKind finds an IBAN whose account part is mostly letters (a counterexample fast-check found)', () => {
    // Montenegro's length and a valid checksum with five digits in all: the IBAN pre-filter once asked for 8
    for (const v of ['me0532IOSFODNN7EXAMPLE', 'ME05 32IO SFOD NN7E XAMP LE']) {
      expect(plainSensitiveKind(v)).toBe('bank account (IBAN)');
      expect(sensitiveKind(v)).toBe('bank account (IBAN)');
    }
  });

  it('isBlank (first visible character) = trim() === "" on random text', () => {
    const ch = fc.constantFrom(
      ' ',
      '\t',
      '\n',
      '\r',
      '\u000b',
      '\u000c',
      '\u00a0',
      '\u1680',
      '\u2000',
      '\u200a',
      '\u200b',
      '\u2028',
      '\u2029',
      '\u202f',
      '\u205f',
      '\u3000',
      '\ufeff',
      '\u0085',
      '\u180e',
      '\u0001',
      'a',
      '0',
    );
    fc.assert(
      fc.property(
        fc.array(ch, { maxLength: 8 }).map((xs) => xs.join('')),
        (v) => {
          expect(isBlank(v)).toBe(v.trim() === '');
        },
      ),
      { numRuns: 5000 },
    );
  });
});

/**
 * Value scanning for approved columns: a value that looks like a secret, a card number, a national
 * id or a block of free text is replaced by a mask that says why, never what. Cheap tests run first,
 * so ordinary CRM values (names, emails, stages, dates) cost almost nothing.
 */

export type SensitiveKind =
  | 'private key' | 'JSON web token' | 'API key or token' | 'card number' | 'national id' | 'bank account (IBAN)' | 'long free text';

export function maskFor(kind: SensitiveKind): string {
  return `[masked: ${kind}]`;
}

export function isMask(value: string): boolean {
  return value.startsWith('[masked: ') && value.endsWith(']');
}

/** Longer than this, or with line breaks, a value is free text, not a CRM field value. */
export const FREE_TEXT_LIMIT = 200;

const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;
/** Vendor token prefixes: Stripe, AWS, GitHub, GitLab, Slack, Google, HubSpot private apps, SendGrid, OpenAI, npm, Shopify, Hugging Face, Square. */
const VENDOR_TOKEN = /\b(?:(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|(?:AKIA|ASIA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|xapp-[A-Za-z0-9-]{10,}|AIza[A-Za-z0-9_-]{35}|ya29\.[A-Za-z0-9_-]{20,}|pat-(?:na|eu)\d-[a-f0-9-]{20,}|SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}|sk-(?:proj-)?[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{30,}|shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}|hf_[A-Za-z0-9]{30,}|sq0(?:atp|csp)-[A-Za-z0-9_-]{20,})/;
/** A long unbroken run mixing upper case, lower case and digits: a generic secret. */
const OPAQUE_RUN = /[A-Za-z0-9_\-+/=]{32,}/g;
const CARD_CANDIDATE = /(?<![\d+])\d(?:[ -]?\d){12,18}(?!\d)/g;
const US_SSN = /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/;
const UK_NINO = /\b(?![DFIQUV])[A-CEGHJ-PR-TW-Z](?![DFIOQUV])[A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/i;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes and lengths of the major card networks; keeps Luhn-valid phone numbers out. */
function looksLikeCardNetwork(d: string): boolean {
  const n = d.length;
  const p2 = Number(d.slice(0, 2));
  const p4 = Number(d.slice(0, 4));
  if (d[0] === '4') return n === 13 || n === 16 || n === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16; // Mastercard
  if (p2 === 34 || p2 === 37) return n === 15; // American Express
  if (d.startsWith('6011') || p2 === 65 || (Number(d.slice(0, 3)) >= 644 && Number(d.slice(0, 3)) <= 649)) return n >= 16 && n <= 19; // Discover
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19; // JCB
  if (p2 === 36 || p2 === 38 || (Number(d.slice(0, 3)) >= 300 && Number(d.slice(0, 3)) <= 305)) return n >= 14 && n <= 19; // Diners
  return false;
}

function ibanValid(raw: string): boolean {
  const s = raw.replace(/ /g, '').toUpperCase();
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rem = v > 9 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem === 1;
}

function hasMixedClasses(s: string): boolean {
  return /[a-z]/.test(s) && /[A-Z]/.test(s) && /\d/.test(s);
}

/** One pass over the characters: what the costly patterns would need to find anything. */
function profile(value: string): { digits: number; longestRun: number; newlines: number; upper: number } {
  let digits = 0, run = 0, longestRun = 0, newlines = 0, upper = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const isDigit = c >= 48 && c <= 57;
    const isUpper = c >= 65 && c <= 90;
    if (isDigit) digits++;
    if (isUpper) upper++;
    if (c === 10) newlines++;
    if (isDigit || isUpper || (c >= 97 && c <= 122) || c === 95 || c === 45) {
      if (++run > longestRun) longestRun = run;
    } else run = 0;
  }
  return { digits, longestRun, newlines, upper };
}

/** Why a value must not cross the boundary, or undefined when it may. A cheap profile skips the costly patterns. */
export function sensitiveKind(value: string): SensitiveKind | undefined {
  if (value.length < 9) return undefined;
  const p = profile(value);
  if (value.length > FREE_TEXT_LIMIT || p.newlines >= 2) {
    return PRIVATE_KEY.test(value) ? 'private key' : 'long free text';
  }
  if (p.newlines && value.includes('-----BEGIN') && PRIVATE_KEY.test(value)) return 'private key';
  if (p.longestRun >= 16) {
    if (value.includes('eyJ') && JWT.test(value)) return 'JSON web token';
    if (VENDOR_TOKEN.test(value)) return 'API key or token';
    if (p.longestRun >= 32) for (const m of value.match(OPAQUE_RUN) ?? []) if (hasMixedClasses(m)) return 'API key or token';
  } else if ((value.includes('SG.') || value.includes('ya29.')) && VENDOR_TOKEN.test(value)) return 'API key or token';
  if (p.digits >= 13) {
    for (const m of value.match(CARD_CANDIDATE) ?? []) {
      const d = m.replace(/[ -]/g, '');
      if (looksLikeCardNetwork(d) && luhnValid(d)) return 'card number';
    }
  }
  if (p.digits >= 9 && value.includes('-') && US_SSN.test(value)) return 'national id';
  if (p.digits >= 6 && p.upper + (value.length - p.digits) >= 3 && /[A-Za-z]{2}/.test(value)) {
    if (UK_NINO.test(value)) return 'national id';
    if (p.upper >= 2 && p.digits >= 8) {
      const iban = IBAN.exec(value);
      if (iban && ibanValid(iban[0])) return 'bank account (IBAN)';
    }
  }
  return undefined;
}

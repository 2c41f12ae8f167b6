/**
 * Value scanning for approved columns: a value that looks like a secret, a card number, a national
 * id or a block of free text is replaced by a mask that says why, never what. Cheap tests run first,
 * so ordinary CRM values (names, emails, stages, dates) cost almost nothing.
 */

export type SensitiveKind =
  | 'private key'
  | 'JSON web token'
  | 'API key or token'
  | 'password in a URL'
  | 'password or secret'
  | 'card number'
  | 'national id'
  | 'bank account (IBAN)'
  | 'email address in free text'
  | 'long free text'
  | 'free text';

export function maskFor(kind: SensitiveKind): string {
  return `[masked: ${kind}]`;
}

export function isMask(value: string): boolean {
  // the first character first (issue 12: checks ask this of every cell they read)
  return value.charCodeAt(0) === 91 && value.startsWith('[masked: ') && value.endsWith(']');
}

/** Longer than this, or with line breaks, a value is free text, not a CRM field value. */
export const FREE_TEXT_LIMIT = 200;
/** Shorter than this, a value cannot hold anything sensitiveKind finds (the shortest, a 9-digit SSN). */
export const SHORTEST_SENSITIVE = 9;

const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----/;
/** A header and a payload (both JSON, so both start "eyJ"); the signature may be short or empty (an unsigned "alg: none" token). */
const JWT = /\beyJ[A-Za-z0-9_-]{8,}={0,2}\.eyJ[A-Za-z0-9_-]{8,}={0,2}\./;
/**
 * Vendor token prefixes: Stripe, AWS, GitHub, GitLab, Slack, Google, HubSpot private apps, SendGrid,
 * OpenAI, npm, Shopify, Hugging Face, Square; Google OAuth client secrets, Twilio API keys, Mailchimp keys (their data
 * centre after the hex), and Slack's and Discord's webhook URLs (whoever has one posts as the app).
 */
const VENDOR_TOKEN =
  /\b(?:GOCSPX-[A-Za-z0-9_-]{10,}|SK[0-9a-f]{32}\b|[0-9a-f]{32}-us\d{1,2}\b|hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,}|discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{20,}|(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|(?:AKIA|ASIA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|xapp-[A-Za-z0-9-]{10,}|AIza[A-Za-z0-9_-]{35}|ya29\.[A-Za-z0-9_-]{20,}|pat-(?:na|eu)\d-[a-f0-9-]{20,}|SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}|sk-(?:proj-)?[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{30,}|shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}|hf_[A-Za-z0-9]{30,}|sq0(?:atp|csp)-[A-Za-z0-9_-]{20,})/;
/** A long unbroken run of the base64 and URL-safe alphabets: a generic secret when it looks random (looksLikeSecretRun). */
// ("=" only as base64's padding at the end: inside a run it joins a setting's name to its value)
const OPAQUE_RUN = /[A-Za-z0-9_\-+/]{32,}={0,2}/g;
/** An AWS secret access key: exactly 40 base64 characters. */
const AWS_SECRET = /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/g;
const AWS_CONTEXT = /aws|secret/i;
/** An HTTP Authorization value: a bearer token, or Basic and base64 credentials (checked by looksLikeSecretRun or its padding). */
const AUTH_HEADER = /\b(?:Bearer|bearer|BEARER)\s+[A-Za-z0-9._~+/-]{16,}=*|\b(?:Basic|basic|BASIC)\s+([A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])/;
/** A password said in words: "my password is hunter2", "pw is …" (a setting with ":" or "=" is SECRET_SETTING's). */
const PASSWORD_PHRASE =
  /(?<![A-Za-z])(?:password|passwd|pwd|pw|passcode|passwort|mot de passe)\s+(?:is|was|ist|est|es)\s*:?\s+(?!(?:pending|required|expired|reset|changed|incorrect|wrong|missing|not|needed|unknown|the)\b)[^\s;,]{4,}/i;
/** scheme://user:password@host */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:[^\s@/]+@/i;
/** A credential written as a setting: "password: hunter2", "pwd=…", a connection string's "AccountKey=…". */
const SECRET_SETTING =
  /(?<![A-Za-z])(?:password|passwd|pwd|pw|passcode|passphrase|passwort|kennwort|mot de passe|contrase[ñn]a|senha|wachtwoord|secret|client[_ -]?secret|api[_ -]?key|access[_ -]?key|account[_ -]?key|shared[_ -]?access[_ -]?key|auth[_ -]?token|access[_ -]?token|refresh[_ -]?token)\s*[:=]\s*[^\s;,]{4,}/i;
/**
 * 13 digits or more, up to three separators (space, dash, dot, slash, underscore: "4111 - 1111 …")
 * between them: a card number, or one
 * with more digit groups around it (its expiry date, its CVV), which hasCardNumber looks inside.
 */
const CARD_CANDIDATE = /(?<![\d+])\d(?:[ ./_-]{0,3}\d){12,39}(?!\d)/g;
/**
 * US SSN with dashes, spaces or dots, not inside a longer number (a phone number's "+49 301 23 4567" is
 * not one, nor a version's "1.123.45.6789"). Spaced or dotted, an area starting with 0 reads as a European
 * phone number ("030 12 3456") unless the text says SSN.
 */
const US_SSN = /(?<![\d+][ .-]?)(?<![\d+])(?!000|666|9\d\d)(\d{3})([- .])(?!00)\d{2}\2(?!0000)\d{4}(?![ .-]?\d)/;
const SSN_CONTEXT = /\bssn\b|social security/i;
/** Nine digits, bare or grouped 3-2-4 by dots or spaces: an SSN only where the text says so (SSN_CONTEXT). */
const SSN_WITH_CONTEXT = /(?<![\d+.-])(?!000|666|9\d\d)\d{3}([ .]?)(?!00)\d{2}\1(?!0000)\d{4}(?![\d.-]?\d)/;
/** HMRC's format: the prefixes it never issues (BG, GB, KN, NK, NT, TN, ZZ) and letters it never uses are left out. */
const UK_NINO = /\b(?!BG|GB|KN|NK|NT|TN|ZZ)(?![DFIQUV])[A-CEGHJ-PR-TW-Z](?![DFIOQUV])[A-CEGHJ-NPR-TW-Z][ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D]\b/i;
/** Where an IBAN may start: a country code and two check digits at a word start. */
const IBAN_START = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
/** One mailbox as a field holds it: an address, or a display name and the address in angle brackets. */
const MAILBOX = /^(?:[^<>@,;]*<\s*[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\s*>|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})$/;

/** IBAN length per country (SWIFT IBAN registry), packed as "AD24AE23…" to keep the bundle small: the length check keeps mod-97 look-alikes out. */
const IBAN_LENGTHS =
  'AD24AE23AL28AT20AZ28BA20BE16BG22BH22BR29BY28CH21CR22CY28CZ24DE22DK18DO28EE20EG29ES24FI18FO18FR27GB22GE22GI23GL18GR27GT28' +
  'HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28LC32LI21LT20LU20LV21MC27MD24ME22MK19MR27MT31MU30NL18NO15PK24PL28PS29PT25QA29' +
  'RO24RS22SA24SC31SE24SI19SK24SM27ST25SV28TL23TN24TR26UA29VA22VG24XK20';
const IBAN_LENGTH = new Map<string, number>();
for (let i = 0; i < IBAN_LENGTHS.length; i += 4) IBAN_LENGTH.set(IBAN_LENGTHS.slice(i, i + 2), Number(IBAN_LENGTHS.slice(i + 2, i + 4)));

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

/** mod-97 over an IBAN of letters and digits only (upper case). */
function ibanChecksumValid(s: string): boolean {
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < moved.length; i++) {
    const c = moved.charCodeAt(i);
    const v = c >= 65 ? c - 55 : c - 48;
    rem = v > 9 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem === 1;
}

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * An IBAN in any case, grouped by single spaces or dashes, or none: from each possible start, read
 * exactly the country's length of letters and digits, then check the end and the mod-97 checksum.
 */
function findIban(v: string): boolean {
  IBAN_START.lastIndex = 0;
  for (let m = IBAN_START.exec(v); m; m = IBAN_START.exec(v)) {
    const country = m[0].slice(0, 2).toUpperCase();
    const length = IBAN_LENGTH.get(country);
    if (!length) continue;
    let s = '';
    let i = m.index;
    while (i < v.length && s.length < length) {
      const c = v.charCodeAt(i);
      if (isAlnum(c)) s += v[i]!;
      else if ((c === 32 || c === 45) && s.length > 0 && i + 1 < v.length && isAlnum(v.charCodeAt(i + 1))) {
        /* one separator */
      } else break;
      i++;
    }
    if (s.length === length && (i >= v.length || !isAlnum(v.charCodeAt(i))) && ibanChecksumValid(s.toUpperCase())) return true;
  }
  return false;
}

function hasMixedClasses(s: string): boolean {
  return /[a-z]/.test(s) && /[A-Z]/.test(s) && /\d/.test(s);
}

/** Changes between lower case, upper case and digits from one character to the next (a separator starts afresh). */
function classSwitches(s: string): number {
  let switches = 0;
  let previous = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const k = c >= 97 && c <= 122 ? 1 : c >= 65 && c <= 90 ? 2 : c >= 48 && c <= 57 ? 3 : 0;
    if (k !== 0 && previous !== 0 && k !== previous) switches++;
    previous = k;
  }
  return switches;
}

/** A run that is all hexadecimal, in one case (padding aside): a hash or a secret, not a URL path holding one. */
const HEX_RUN = /^(?:[0-9a-f]{32,}|[0-9A-F]{32,})=*$/;

/**
 * Whether a long token run is a secret: it changes between upper case, lower case and digits at least
 * once in five characters (random text does about twice in three; "Spring2024_ProductLaunch_EMEA",
 * a campaign name, five times in 38), and mixes all three, or is a long hexadecimal run (a hash, or a
 * secret in one case).
 */
export function looksLikeSecretRun(s: string): boolean {
  if (classSwitches(s) * 5 < s.length) return false;
  return hasMixedClasses(s) || HEX_RUN.test(s);
}

/** An Authorization value: any bearer token; Basic credentials only when they look encoded (not "Basic EnterprisePlanSubscription"). */
function hasAuthHeader(v: string): boolean {
  const m = AUTH_HEADER.exec(v);
  if (!m) return false;
  const basic = m[1];
  return basic === undefined || basic.endsWith('=') || classSwitches(basic) * 5 >= basic.length;
}

/**
 * Whether a run of digits and separators (CARD_CANDIDATE's match) holds a card number of a network's
 * length with a valid Luhn check digit: the whole run, however grouped; or a stretch of its digit
 * groups written as cards are (fours, or Amex's 4-6-5 and Diners' 4-6-4, or one unbroken group) with
 * more groups around it: a card followed by its expiry date or CVV, or after a stray digit. Two phone
 * numbers side by side (3-3-4 groups) are not read as one card.
 */
function hasCardNumber(run: string): boolean {
  const groups = run.split(/[^0-9]+/).filter((g) => g !== '');
  const digits = groups.join('');
  const isCard = (d: string): boolean => d.length >= 13 && d.length <= 19 && looksLikeCardNetwork(d) && luhnValid(d);
  if (isCard(digits)) return true;
  for (let s = 0; s < groups.length; s++) {
    let d = '';
    for (let e = s; e < groups.length && d.length < 19; e++) {
      d += groups[e]!;
      if ((s > 0 || e < groups.length - 1) && cardGrouping(groups.slice(s, e + 1)) && isCard(d)) return true;
    }
  }
  return false;
}

/** Digit groups as a card is written: one group, fours (the last may be shorter), 4-6-5 or 4-6-4. */
function cardGrouping(groups: readonly string[]): boolean {
  if (groups.length === 1) return true;
  const lengths = groups.map((g) => g.length).join('-');
  if (lengths === '4-6-5' || lengths === '4-6-4') return true;
  return groups.every((g, i) => g.length === 4 || (i === groups.length - 1 && i > 0 && g.length >= 1 && g.length < 4));
}

/**
 * Mailboxes as a field holds them ("jane@x.com", "Jane Doe (CEO) <jane@x.com>", "a@x.com; b@y.com"),
 * however many words they take: a list of addresses is not free text.
 */
function isMailboxList(v: string): boolean {
  for (const entry of v.split(/[,;]/)) {
    const t = entry.trim();
    if (t === '') continue;
    if (MAILBOX.test(t)) {
      // a display name is a name, perhaps with a role in brackets: "Jane Doe (CEO)", not a sentence
      const lt = t.lastIndexOf('<');
      const name =
        lt < 0
          ? ''
          : t
              .slice(0, lt)
              .replace(/\([^()]*\)/g, ' ')
              .trim();
      if (name.split(/\s+/).filter((w) => w !== '').length <= 3) continue;
      return false;
    }
    if (!t.split(' ').every((w) => w === '' || MAILBOX.test(w))) return false;
  }
  return true;
}

/** Invisible format characters (zero-width space and joiners, soft hyphen, bidi marks, variation selectors): gone on screen, so gone for the scan. */
// (the combining ones, the grapheme joiner and the variation selectors, apart: a class would join them to their neighbours)
const INVISIBLE =
  /[\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0]|\u034f|\u180b|\u180c|\u180d|\u180f|\ufe00|\ufe01|\ufe02|\ufe03|\ufe04|\ufe05|\ufe06|\ufe07|\ufe08|\ufe09|\ufe0a|\ufe0b|\ufe0c|\ufe0d|\ufe0e|\ufe0f/g;
/** Hyphens, dashes and minus signs of other scripts and widths, read as "-". */
const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;
/** The zero of each block of ten decimal digits in the Basic Multilingual Plane other than ASCII's (Unicode Nd). */
const DIGIT_ZEROS = [
  0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0de6, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0,
  0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
];
const OTHER_DIGIT = /[\u0660-\uffef]/g;

function asciiDigit(ch: string): string {
  const c = ch.charCodeAt(0);
  for (const zero of DIGIT_ZEROS) if (c >= zero && c <= zero + 9) return String(c - zero);
  return ch;
}

/**
 * A value as a person reads it, for the patterns: compatibility forms folded (NFKC: full-width letters
 * and digits, ligatures), invisible characters removed, every dash and minus as "-", every script's
 * decimal digits as ASCII. "４１１１–１１１１…" or a key split by zero-width spaces looks whole on screen,
 * and is a card or a key to whoever copies it.
 */
export function foldForScan(value: string): string {
  const v = value.normalize('NFKC').replace(INVISIBLE, '').replace(DASHES, '-');
  return v.replace(OTHER_DIGIT, asciiDigit);
}

/**
 * Letters foldForScan leaves as they are (NFKC-stable, none a digit, dash or invisible character):
 * Latin-1 and Latin Extended-A letters (without Ĳ ĳ Ŀ ŀ ŉ), Cyrillic, Hebrew, Arabic and Devanagari
 * letters, Thai consonants, kana, CJK ideographs, Hangul syllables. A CRM export's names in these
 * scripts skip the fold; test/boundary.variants.test.ts checks every one of them.
 */
export const UNFOLDED_RANGES: readonly (readonly [number, number])[] = [
  [0xc0, 0x131],
  [0x134, 0x13e],
  [0x141, 0x148],
  [0x14a, 0x17e],
  [0x400, 0x4ff],
  [0x5d0, 0x5ea],
  [0x621, 0x64a],
  [0x905, 0x939],
  [0xe01, 0xe30],
  [0x3041, 0x3096],
  [0x30a1, 0x30fa],
  [0x4e00, 0x9fff],
  [0xac00, 0xd7a3],
];

/** Characters foldForScan may change: everything outside ASCII but the letters of UNFOLDED_RANGES. */
function foldable(c: number): boolean {
  if (c < 0x80) return false;
  for (const [from, to] of UNFOLDED_RANGES) {
    if (c < from) return true;
    if (c <= to) return false;
  }
  return true;
}

/** What the costly patterns need to find anything, counted in one pass over the characters. */
interface Profile {
  digits: number;
  letters: number;
  /** Longest run of token characters (letters, digits, _ - + / =). */
  longestRun: number;
  /** Line breaks: LF, CR, CRLF (once), NEL, U+2028, U+2029, vertical tab, form feed. */
  lineBreaks: number;
  /** White space other than a single ASCII space (tabs, NBSP and other Unicode spaces, runs of spaces). */
  oddSpace: boolean;
  /** Space-separated words. */
  words: number;
  at: boolean;
  colon: boolean;
  /** A character foldForScan may change (see foldable). */
  fold: boolean;
}

const DIGIT = 1,
  LETTER = 2,
  TOKEN = 4,
  SPACE = 8,
  BREAK = 16,
  ODD_SPACE = 32,
  AT = 64,
  COLON = 128,
  FOLD = 256;
const SEPARATOR = SPACE | BREAK | ODD_SPACE;
/** Character classes of ASCII, looked up once per character (issue 12: the profile runs on every cell). */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const digit = c >= 48 && c <= 57;
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  ASCII_CLASS[c] =
    (digit ? DIGIT | TOKEN : 0) |
    (letter ? LETTER | TOKEN : 0) |
    (c === 95 || c === 45 || c === 43 || c === 47 || c === 61 ? TOKEN : 0) |
    (c === 32 ? SPACE : 0) |
    (c === 10 || c === 11 || c === 12 ? BREAK : 0) |
    (c === 9 ? ODD_SPACE : 0) |
    (c === 64 ? AT : 0) |
    (c === 58 ? COLON : 0);
}

function wideClass(c: number): number {
  if (c === 0x85 || c === 0x2028 || c === 0x2029) return BREAK | FOLD;
  if (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff) return ODD_SPACE | FOLD;
  return foldable(c) ? FOLD : 0;
}

function profile(value: string): Profile {
  let digits = 0,
    letters = 0,
    run = 0,
    longestRun = 0,
    lineBreaks = 0,
    words = 0;
  let oddSpace = false,
    at = false,
    colon = false,
    fold = false,
    inWord = false,
    lastSpace = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let k = c < 128 ? ASCII_CLASS[c]! : wideClass(c);
    if (c === 13) k = value.charCodeAt(i + 1) === 10 ? ODD_SPACE : BREAK; // CRLF counts once, at its LF
    if (k & FOLD) fold = true;
    if (k & TOKEN) {
      if (k & DIGIT) digits++;
      else if (k & LETTER) letters++;
      if (++run > longestRun) longestRun = run;
    } else run = 0;
    if (k & SEPARATOR) {
      if (k & SPACE) {
        if (lastSpace) oddSpace = true;
      } else if (k & BREAK) lineBreaks++;
      else oddSpace = true;
      lastSpace = (k & SPACE) !== 0;
      inWord = false;
    } else {
      if (k & AT) at = true;
      else if (k & COLON) colon = true;
      if (!inWord) words++;
      inWord = true;
      lastSpace = false;
    }
  }
  return { digits, letters, longestRun, lineBreaks, oddSpace, words, at, colon, fold };
}

/**
 * Whether the text has digit groups of 3, 2 and 4 joined by the same single dash, space or dot (the shape
 * of a US SSN): one loop, so the SSN regex with its look-behinds runs only where it can match, not on
 * every phone number and date.
 */
function hasSsnShape(v: string): boolean {
  let before2 = 0,
    before1 = 0; // lengths of the last two digit groups
  let join1 = 0; // the separator between them (0: not joined by one dash or space)
  let len = 0,
    join = 0,
    gap = 0,
    gapChar = 0;
  for (let i = 0; i <= v.length; i++) {
    const c = i < v.length ? v.charCodeAt(i) : -1;
    if (c >= 48 && c <= 57) {
      if (len === 0) join = before1 > 0 && gap === 1 && (gapChar === 45 || gapChar === 32 || gapChar === 46) ? gapChar : 0;
      len++;
      continue;
    }
    if (len > 0) {
      if (len === 4 && before1 === 2 && before2 === 3 && join1 !== 0 && join === join1) return true;
      before2 = before1;
      before1 = len;
      join1 = join;
      len = 0;
      gap = 0;
    }
    gap++;
    gapChar = c;
  }
  return false;
}

/** Every Unicode space and tab as one ASCII space, every line break as LF: what the patterns are written for. */
export function normaliseSpaces(value: string): string {
  return value.replace(/\r\n?|[\u000b\u000c\u0085\u2028\u2029]/g, '\n').replace(/[^\S\n]+/g, ' ');
}

export interface ScanOptions {
  /** An address column: two lines are an address, not free text (three or more still are). */
  multiLine?: boolean;
  /** A count or date about free text ("Notes Last Updated"): any other value is the text itself. */
  countOrDate?: boolean;
}

/**
 * Month and weekday names (English; the months of the languages CRM exports are labelled in), AM/PM,
 * time zones, units of a duration and the small words between: what a date, a time or a duration
 * written out may hold ("27 de marzo de 2026", "3 days ago").
 */
const DATE_WORDS =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|[ap]\.?m\.?|utc|gmt|[ecmp][sd]t|cest|cet|bst|januar[iy]?|februar[iy]?|m[äa]e?rz|maart|mai|mei|juni|juli|augustus|oktober|dezember|janvier|f[ée]vrier|mars|avril|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|se(?:p)?tiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|novembro|dezembro|(?:milli)?seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|ago|de|del|di|of|le|la|der|den|el|um|at)\b/gi;

/** A count, a duration, a date or a time, as a metadata column holds them ("3", "00:04:10", "Nov 27, 2026 10:00 AM"). */
export function isCountOrDate(value: string): boolean {
  return /^[\d\s.,:/+\-TZ()]*$/.test(value.replace(DATE_WORDS, ''));
}

/**
 * Why a value must not cross the boundary, or undefined when it may. One pass profiles the value;
 * only the patterns its profile allows run, so ordinary CRM values (names, emails, stages, dates)
 * cost almost nothing. Values with unusual spaces or line breaks are normalised once first.
 */
export function sensitiveKind(value: string, options: ScanOptions = {}): SensitiveKind | undefined {
  if (options.countOrDate && !isCountOrDate(value)) return 'free text';
  if (value.length < SHORTEST_SENSITIVE) return undefined;
  const p = profile(value);
  if (value.length > FREE_TEXT_LIMIT || p.lineBreaks >= 2 || (p.lineBreaks === 1 && !options.multiLine)) {
    return PRIVATE_KEY.test(value) ? 'private key' : 'long free text';
  }
  if (!p.fold) return scan(value, p.digits, p.letters, p.longestRun, p.lineBreaks, p.oddSpace, p.words, p.at, p.colon);
  // (a value with characters to fold is profiled again once folded: the pre-filters read what the patterns read)
  const folded = foldForScan(value);
  const q = profile(folded);
  return scan(folded, q.digits, q.letters, q.longestRun, q.lineBreaks, q.oddSpace, q.words, q.at, q.colon);
}

/**
 * sensitiveKind's patterns, on a value that is folded (or has nothing to fold), run as its profile
 * allows. The profile comes as its fields, not as the object (issue 12: an object passed to a function
 * V8 does not inline is allocated for every cell; read where it is made, it never is).
 */
function scan(
  value: string,
  digits: number,
  letters: number,
  longestRun: number,
  lineBreaks: number,
  oddSpace: boolean,
  words: number,
  at: boolean,
  colon: boolean,
): SensitiveKind | undefined {
  const v = oddSpace || lineBreaks ? normaliseSpaces(value) : value;
  // a key's header, a JWT's "eyJ" and the vendor prefixes below all hold letters: phones and dates skip them
  const lettered = letters >= 2;
  if (lettered && v.includes('-----BEGIN') && PRIVATE_KEY.test(v)) return 'private key';
  if (lettered && v.includes('eyJ') && JWT.test(v)) return 'JSON web token';
  // 15: the shortest vendor token is "xoxb-" and ten characters, all token characters
  if (longestRun >= 15) {
    if (VENDOR_TOKEN.test(v)) return 'API key or token';
    if (longestRun >= 32) {
      OPAQUE_RUN.lastIndex = 0;
      for (let m = OPAQUE_RUN.exec(v); m; m = OPAQUE_RUN.exec(v)) if (looksLikeSecretRun(m[0])) return 'API key or token';
    }
    if (longestRun >= 40 && AWS_CONTEXT.test(v)) {
      // with "aws" or "secret" beside it, a 40-character base64 run is a secret even without digits
      AWS_SECRET.lastIndex = 0;
      for (let m = AWS_SECRET.exec(v); m; m = AWS_SECRET.exec(v)) if (/[a-z]/.test(m[0]) && /[A-Z]/.test(m[0])) return 'API key or token';
    }
  } else if (lettered && (v.includes('SG.') || v.includes('ya29.')) && VENDOR_TOKEN.test(v)) return 'API key or token';
  if (at && colon && v.includes('://') && URL_CREDENTIALS.test(v)) return 'password in a URL';
  // (a setting's name has two letters or more, then ":" or "=", then four characters)
  if (letters >= 2 && (colon || v.includes('=')) && SECRET_SETTING.test(v)) return 'password or secret';
  // ("pw is" and four characters: three words and four letters at least)
  if (words >= 3 && letters >= 4 && PASSWORD_PHRASE.test(v)) return 'password or secret';
  if (words >= 2 && letters >= 5 && (v.includes('earer') || v.includes('asic') || v.includes('EARER') || v.includes('ASIC')) && hasAuthHeader(v)) return 'API key or token';
  if (digits >= 13) {
    CARD_CANDIDATE.lastIndex = 0;
    for (let m = CARD_CANDIDATE.exec(v); m; m = CARD_CANDIDATE.exec(v)) if (hasCardNumber(m[0])) return 'card number';
  }
  if (digits >= 9 && hasSsnShape(v)) {
    const ssn = US_SSN.exec(v);
    if (ssn && (ssn[2] === '-' || ssn[1]![0] !== '0' || SSN_CONTEXT.test(v))) return 'national id';
  }
  if (digits >= 9 && letters >= 3 && SSN_CONTEXT.test(v) && SSN_WITH_CONTEXT.test(v)) return 'national id';
  if (digits >= 6 && letters >= 2 && UK_NINO.test(v)) return 'national id';
  // an IBAN holds its country's letters and two check digits; the rest may be letters (Qatar, Malta),
  // so two digits is all a value needs (the shortest IBAN, Norway's, is 15 characters)
  if (digits >= 2 && letters >= 2 && v.length >= 15 && findIban(v)) return 'bank account (IBAN)';
  // an address inside a sentence ("email me at jane@x.com today"); a plain address or "Jane Doe <jane@x.com>" is a field value
  if (at && words >= 4 && EMAIL.test(v) && !isMailboxList(v)) return 'email address in free text';
  return undefined;
}

/**
 * The same decision without any pre-filter: every value normalised, every pattern run. Too slow for
 * 100,000-row grids; test/masking.property.test.ts checks sensitiveKind against it on random input.
 */
export function plainSensitiveKind(value: string, options: ScanOptions = {}): SensitiveKind | undefined {
  if (options.countOrDate && !isCountOrDate(value)) return 'free text';
  if (value.length < SHORTEST_SENSITIVE) return undefined;
  const lineBreaks = normaliseSpaces(value).split('\n').length - 1;
  if (value.length > FREE_TEXT_LIMIT || lineBreaks >= 2 || (lineBreaks === 1 && !options.multiLine)) {
    return PRIVATE_KEY.test(value) ? 'private key' : 'long free text';
  }
  const v = normaliseSpaces(foldForScan(value));
  if (PRIVATE_KEY.test(v)) return 'private key';
  if (JWT.test(v)) return 'JSON web token';
  if (VENDOR_TOKEN.test(v)) return 'API key or token';
  if ([...v.matchAll(new RegExp(OPAQUE_RUN))].some((m) => looksLikeSecretRun(m[0]))) return 'API key or token';
  if (AWS_CONTEXT.test(v) && [...v.matchAll(new RegExp(AWS_SECRET))].some((m) => /[a-z]/.test(m[0]) && /[A-Z]/.test(m[0]))) return 'API key or token';
  if (URL_CREDENTIALS.test(v)) return 'password in a URL';
  if (SECRET_SETTING.test(v)) return 'password or secret';
  if (PASSWORD_PHRASE.test(v)) return 'password or secret';
  if (hasAuthHeader(v)) return 'API key or token';
  for (const m of v.matchAll(new RegExp(CARD_CANDIDATE))) if (hasCardNumber(m[0])) return 'card number';
  const ssn = US_SSN.exec(v);
  if (ssn && (ssn[2] === '-' || ssn[1]![0] !== '0' || SSN_CONTEXT.test(v))) return 'national id';
  if (SSN_CONTEXT.test(v) && SSN_WITH_CONTEXT.test(v)) return 'national id';
  if (UK_NINO.test(v)) return 'national id';
  if (findIban(v)) return 'bank account (IBAN)';
  if (v.split(/[ \n]+/).filter((w) => w !== '').length >= 4 && EMAIL.test(v) && !isMailboxList(v)) return 'email address in free text';
  return undefined;
}

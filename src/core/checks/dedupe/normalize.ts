import { withoutAccents } from '../../text/cells';
import { editDistance } from './similarity';

/**
 * Normalisers for matching, by role. Each turns a raw CRM value into the form two records are compared
 * in, so "  Jane.Doe+news@GMail.com " and "janedoe@gmail.com" are the same email, and "Acme, Inc." and
 * "ACME" the same company.
 */

export function plain(value: string): string {
  return withoutAccents(value).toLowerCase().trim();
}

/** Letters NFD does not split into a base and an accent, as they are spelled without them. */
const SPELLED: Record<string, string> = { ß: 'ss', ł: 'l', đ: 'd', ı: 'i', æ: 'ae', œ: 'oe', ø: 'o', þ: 'th', ð: 'd', ħ: 'h' };
const UNSPLIT = /[ßłđıæœøþðħ]/g;

/**
 * The letters of a name, lower case, without accents: every script's letters (a Chinese or Russian
 * name is compared, not read as missing), ß as ss, ø as o.
 */
export function letters(value: string): string {
  const p = plain(value);
  // (the common case: ASCII letters and spaces only)
  if (/^[a-z ]*$/.test(p)) return p.replace(/ /g, '');
  return p.replace(UNSPLIT, spelled).replace(/[^\p{L}]/gu, '');
}

const spelled = (c: string): string => SPELLED[c]!;

/**
 * A generational suffix ending a surname ("Smith Jr.", "Doe, III"), and the surname before it. A
 * surname that is nothing but the suffix (the Japanese Ii) keeps it.
 */
const GENERATION = /^(.*?[^\s,])[\s,]+(jr|jnr|junior|ii|2nd|sr|snr|senior|iii|3rd|iv|4th)\.?\s*$/i;
/** Generations: 1 junior (Jr. and II are one generation written two ways), 2 senior, 3 the third, 4 the fourth. */
const GENERATIONS: Record<string, number> = { jr: 1, jnr: 1, junior: 1, ii: 1, '2nd': 1, sr: 2, snr: 2, senior: 2, iii: 3, '3rd': 3, iv: 4, '4th': 4 };

const SEPARATOR = /[\s,]/;
/** The surname and its suffix, when it ends with one (most surnames are one word: no suffix to look for). */
const suffixed = (value: string): RegExpExecArray | null => (SEPARATOR.test(value) ? GENERATION.exec(value) : null);

/** The generation a surname's suffix names (0: none; see GENERATIONS). */
export function generation(value: string): number {
  const m = suffixed(value);
  return m ? GENERATIONS[m[2]!.toLowerCase()]! : 0;
}

/** A surname's letters without its generational suffix: Smith Jr. is compared as Smith (the suffix is weighed apart). */
export function surname(value: string): string {
  const m = suffixed(value);
  return letters(m ? m[1]! : value);
}

/**
 * What a CRM or a form writes where it has no value (Salesforce's Web-to-Lead writes "[not provided]"
 * for a missing company and last name): compared as missing, or every such record would agree with every
 * other. Matched on the whole value's letters and digits. Words that are also names (Na, a Chinese given
 * name; Nil, Null, Blank, None) are placeholders only written with punctuation ("N/A", "[none]") or in a
 * company column; `company` adds the words for having no company.
 */
const PLACEHOLDERS = new Set(['notprovided', 'unknown', 'tbd', 'tba', 'notavailable', 'notapplicable', 'notspecified', 'unspecified', 'undefined', 'empty', 'missing']);
const NAME_LIKE = new Set(['na', 'none', 'null', 'nil', 'blank']);
const NO_COMPANY = new Set(['nocompany', 'self', 'selfemployed', 'individual', 'private', 'personal', 'freelance', 'freelancer', 'retired', 'student', 'home']);

/** Whether a raw value is a placeholder for none (a value of no letter or digit, such as "-" or "?", is one too). */
export function isPlaceholder(value: string, company = false): boolean {
  const key = value.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  if (key === '' || PLACEHOLDERS.has(key) || (company && NO_COMPANY.has(key))) return true;
  return NAME_LIKE.has(key) && (company || key.length !== value.trim().length);
}

export function digits(value: string): string {
  return value.replace(/\D/g, '');
}

/** Mailboxes a team shares: two people writing from info@ are not one person. */
export const SHARED_MAILBOXES = new Set(
  'info sales support admin administrator hello office contact contactus enquiries enquiry inquiries inquiry billing accounts accounting finance hr careers jobs marketing team help helpdesk service customerservice reception mail noreply no-reply webmaster press media orders'.split(
    ' ',
  ),
);

/** Personal mailbox providers: their domain says nothing about the company. */
export const FREE_MAIL = new Set(
  'gmail.com googlemail.com yahoo.com yahoo.co.uk hotmail.com hotmail.co.uk outlook.com live.com msn.com aol.com icloud.com me.com mac.com proton.me protonmail.com gmx.de gmx.net web.de mail.com yandex.ru qq.com 163.com bigpond.com orange.fr free.fr libero.it'.split(
    ' ',
  ),
);

export function email(value: string): string {
  let v = value.toLowerCase();
  // white space anywhere is a paste error (hand-rolled: this runs once per address of a large batch)
  if (/\s/.test(v)) v = v.replace(/\s+/g, '');
  const at = v.lastIndexOf('@');
  if (at <= 0) return '';
  // the common case (no plus-tag, not Gmail) allocates nothing more
  const tag = v.indexOf('+');
  if (!(tag > 0 && tag < at) && !v.endsWith('@gmail.com') && !v.endsWith('@googlemail.com')) return v;
  let local = v.slice(0, at);
  let domain = v.slice(at + 1);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  // Gmail ignores dots in the mailbox name (googlemail.com is gmail.com by now)
  if (domain === 'gmail.com' && local.includes('.')) local = local.replace(/\./g, '');
  return plus > 0 || domain !== v.slice(at + 1) || local.length !== at ? `${local}@${domain}` : v;
}

export function emailDomain(normalisedEmail: string): string {
  const at = normalisedEmail.lastIndexOf('@');
  return at >= 0 ? normalisedEmail.slice(at + 1) : '';
}

/** An extension after the number: "x23", "ext. 23", "extension 23", "#23". */
export const PHONE_EXTENSION = /\s*[,;]?\s*(?:ext(?:ension)?\.?|x|#)\s*\d{1,6}\s*$/i;

/** Phone: the last 9 digits, so "+44 20 7946 0000", "020 7946 0000" and "442079460000" agree; an extension is not the number. */
export function phone(value: string): string {
  const v = value.replace(PHONE_EXTENSION, '');
  let d = '';
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) d += v[i];
  }
  return d.length >= 7 ? d.slice(-9) : '';
}

/**
 * Common nicknames and short forms (English, and a few Polish, Russian, Spanish, Italian and German
 * ones), each to its canonical given names: one, or several when a
 * short form is shared (Chris: Christopher or Christine; Alex: Alexander or Alexandra), joined by "|".
 */
// (a Map, not an object: a first name "constructor" or "toString" is a name, not Object.prototype's)
const NICKNAMES = new Map<string, string>();
// a given name then its nicknames, entries apart by commas (a string: shorter in the bundle than an object, issue 12)
for (const [name, ...nicks] of (
  'robert rob bob bobby robbie bert,william will bill billy willy liam,richard rick rich dick richie,james jim jimmy jamie' +
  ',john jack johnny jon,joseph joe joey,thomas tom tommy,charles charlie chuck chas,michael mike mick mikey' +
  ',christopher chris kit,daniel dan danny,matthew matt,anthony tony,nicholas nick nicky,edward ed eddie ted ned' +
  ',benjamin ben benny,alexander alex alec sandy,andrew andy drew,jonathan jon jonny,samuel sam sammy' +
  ',stephen steve stevie steven,timothy tim timmy,peter pete,david dave davey,joshua josh,zachary zach zack' +
  ',elizabeth liz lizzie beth betty eliza libby,margaret maggie meg peggy marge' +
  ',katherine kate katie kathy cathy kat catherine kathryn,jennifer jen jenny,patricia pat patty trish,rebecca becky becca' +
  ',susan sue susie,deborah deb debbie,victoria vicky tori,alexandra alex sandra lexi,samantha sam' +
  ',christine chris chrissy christina,jessica jess jessie,abigail abby,dorothy dot dottie,barbara barb,kimberly kim' +
  ',nathaniel nate nat,gregory greg,francis frank,frederick fred freddie,lawrence larry,raymond ray,ronald ron ronnie' +
  ',donald don donny,gerald gerry jerry,kenneth ken kenny,leonard leo len lenny,patrick pat paddy,phillip phil,philip phil' +
  ',harold harry hal,henry hank harry,jacob jake,isabella bella izzy,olivia liv,sophia sophie,eleanor ellie nell' +
  ',emily em emmy' +
  // short forms other languages use as often (an evaluator's Kasia/Katarzyna and Sasha/Alexander were
  // told apart as two people)
  ',katarzyna kasia kasha,malgorzata gosia,aleksandra ola,aleksander olek,wojciech wojtek,alexander sasha shura' +
  ',aleksandr sasha shura,alexandra sasha,dmitri dima,dmitry dima,mikhail misha,ivan vanya,yekaterina katya' +
  ',ekaterina katya,anastasia nastya,francisco paco pancho,jose pepe,ignacio nacho,guadalupe lupe,manuel manolo' +
  ',giuseppe beppe peppe,johannes hans,johann hans'
)
  .split(',')
  .map((e) => e.split(' ')))
  for (const nick of nicks) {
    const known = NICKNAMES.get(nick);
    NICKNAMES.set(nick, known && known !== name ? [...new Set([...known.split('|'), name!])].sort().join('|') : name!);
  }

/** The canonical given name(s) of a first name: "bill" → "william", "chris" → "christine|christopher". */
export function givenName(value: string): string {
  const l = letters(value);
  return NICKNAMES.get(l) ?? l;
}

/** Whether two givenName results name one person: equal, or sharing a canonical name. */
export function sameGivenName(a: string, b: string): boolean {
  if (a === b) return true;
  if (!a.includes('|') && !b.includes('|')) return false;
  const as = a.split('|');
  const bs = b.split('|');
  for (const x of as) if (bs.includes(x)) return true;
  return false;
}

/** Legal forms and filler words that do not distinguish one company from another. */
const COMPANY_NOISE = new Set(
  'inc incorporated corp corporation co company ltd limited llc llp lp plc gmbh ag kg sa sas sarl srl spa bv nv oy ab as aps kk pty pte pvt the and of de group holding holdings intl international internat vnl nl'.split(
    ' ',
  ),
);

/**
 * Words that describe what a company does or where, not who it is ("Philips Electronics" is Philips).
 * Matching compares the remaining core words first, falling back to all words when nothing remains.
 */
const GENERIC_WORDS = new Set(
  'electronics electronic electric technologies technology tech industries industry industrial systems system solutions services service manufacturing products labs laboratories laboratory research devices instruments chemicals chemical pharmaceuticals pharma software engineering communications networks global worldwide enterprises partners consulting associates trading royal koninklijke konink koninklike gloeilampenfab gloeilampenfabrieken maatschappij mij res'.split(
    ' ',
  ),
);

const GENERIC_LIST = [...GENERIC_WORDS];
const genericCache = new Map<string, boolean>();

/** A generic word, allowing one typo in longer words ("elecronics"). Cached per distinct word. */
export function isGenericWord(word: string): boolean {
  if (GENERIC_WORDS.has(word)) return true;
  let hit = genericCache.get(word);
  if (hit === undefined) {
    // (editDistance gives up at once on lengths more than one apart)
    hit = word.length >= 7 && oneEditFromGeneric(word);
    if (genericCache.size < 100_000) genericCache.set(word, hit);
  }
  return hit;
}

function oneEditFromGeneric(word: string): boolean {
  for (const g of GENERIC_LIST) if (editDistance(g, word, 1) <= 1) return true;
  return false;
}

/** The words of a company name that identify it: legal forms, single letters and generic descriptors removed. */
export function companyCore(tokens: readonly string[]): string[] {
  const core: string[] = [];
  const words: string[] = [];
  for (const t of tokens) {
    if (t.length <= 1) continue;
    words.push(t);
    if (!isGenericWord(t)) core.push(t);
  }
  return core.length ? core : words;
}

/** Company or organisation name as tokens: lower case, accents, punctuation and legal forms removed. */
export function companyTokens(value: string): string[] {
  const words = plain(value)
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '')
    // (every script's letters and digits: "Газпром" is a name, not nothing)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ');
  // "n v" / "b v" written with spaces is one legal form
  const joined: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    if (w.length === 1 && next?.length === 1 && COMPANY_NOISE.has(w + next)) {
      i++;
      continue;
    }
    if (w && !COMPANY_NOISE.has(w)) joined.push(w);
  }
  return joined;
}

/** A website or domain as its registrable label: "https://www.Acme-Analytics.com/x" → "acmeanalytics". */
export function domainLabel(value: string): string {
  return registrableDomain(value).split('.')[0]!;
}

/**
 * A website or domain as the organisation's own name on the web, its country ending kept ("globex.de" and
 * "globex.fr" are two offices' sites, as a CRM keeps them: an evaluator's regional offices were merged on
 * the label alone): www., scheme, port and path dropped, "example.co.uk" kept whole. A personal provider's
 * domain (gmail.com) names no organisation: ''.
 */
export function registrableDomain(value: string): string {
  const host =
    plain(value)
      .replace(/^[a-z]+:\/\//, '')
      .replace(/^www\./, '')
      .split(/[/?#:]/)[0] ?? '';
  const parts = host.split('.').filter(Boolean);
  if (parts.length === 0) return '';
  // example.co.uk → example + co.uk; acme.com → acme + com
  const k = parts.length >= 3 && parts[parts.length - 2]!.length <= 3 ? parts.length - 3 : parts.length >= 2 ? parts.length - 2 : 0;
  const label = parts[k]!.replace(/[^a-z0-9]/g, '');
  const domain = [label, ...parts.slice(k + 1)].join('.');
  return label && !FREE_MAIL.has(domain) ? domain : '';
}

// each street word and its short form (none: dropped), entries apart by commas
// (a Map, not an object: an address word "constructor" is a word, not Object.prototype's)
const STREET_WORDS = new Map<string, string>(
  'street st,st st,road rd,rd rd,avenue ave,av ave,ave ave,boulevard blvd,blvd blvd,blv blvd,drive dr,dr dr,lane ln,ln ln,place pl,pl pl,court ct,ct ct,crescent cres,cres cres,highway hwy,hwy hwy,parade pde,pde pde,terrace tce,tce tce,circuit cct,close cl,square sq,north n,south s,east e,west w,n n,s s,e e,w w,suite,ste,apt,unit,floor,fl'
    .split(',')
    .map((e): [string, string] => [e.split(' ')[0]!, e.split(' ')[1] ?? '']),
);

export function addressTokens(value: string): string[] {
  return plain(value)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .map(streetWord)
    .filter(Boolean);
}

const streetWord = (w: string): string => STREET_WORDS.get(w) ?? w;

const startsWithDigit = (w: string): boolean => {
  const c = w.charCodeAt(0);
  return c >= 48 && c <= 57;
};

/** An address's street number: its first word that starts with a digit ('' when none). */
export function streetNumber(words: readonly string[]): string {
  for (const w of words) if (startsWithDigit(w)) return w;
  return '';
}

/** An address's first word that does not start with a digit (its street's first word after the number). */
export function firstWordWithout(words: readonly string[]): string | undefined {
  for (const w of words) if (!startsWithDigit(w)) return w;
  return undefined;
}

/** American Soundex: a phonetic key that survives most typos in names. */
export function soundex(value: string): string {
  const all = letters(value);
  const s = all.replace(/[^a-z]/g, '');
  // a name in another script has no Soundex: its first two letters stand in for it (a blocking key)
  if (!s) return all.slice(0, 2);
  let out = s[0]!.toUpperCase();
  let last = code(s[0]!);
  for (let i = 1; i < s.length && out.length < 4; i++) {
    const ch = s[i]!;
    const c = code(ch);
    if (c !== '0' && c !== last) out += c;
    if (ch !== 'h' && ch !== 'w') last = c;
  }
  return out.padEnd(4, '0');
}

/** Each letter's Soundex digit, a to z ('0': none); a string, not an object. */
const SOUNDEX_CODES = '01230120022455012623010202';
const code = (ch: string): string => SOUNDEX_CODES[ch.charCodeAt(0) - 97]!;

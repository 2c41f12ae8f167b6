import type { Rules } from './rules';

/**
 * The data boundary. Only approved headers cross; a header that matches a blocked pattern never
 * does, even when approved. Everything downstream (checks, tabs, logs, exports, messages) sees only
 * what this module lets through, so the boundary holds by construction rather than by care.
 */

interface BlockedCategory {
  reason: string;
  /** Matched against the header's words ("card number", "date of birth", "seller notes"). */
  words: RegExp;
  /** Matched against the header's letters run together ("sellernotes", "passwd"): catches headers written as one word. */
  compact: RegExp;
  /** Counts and dates about free text ("Number of Notes", HubSpot's notes_last_updated) are metadata, not the text. */
  metadataAllowed?: boolean;
}

/** Built-in blocked header patterns: free text, secrets and personal identifiers. */
export const BUILTIN_BLOCKED: readonly BlockedCategory[] = [
  {
    reason: 'free-text notes',
    metadataAllowed: true,
    // (and the same in the languages CRM exports are labelled in: German, French, Spanish, Italian, Portuguese, Dutch)
    words:
      /\bnotes?\b|\bdescription\b|\bcomments?\b|\bremarks?\b|\bnoti[zc]en\b|^notas?$|\bnotas internas\b|\bnote\b|\bkommentare?\b|\bbemerkung(en)?\b|\bbeschreibung\b|\banmerkung(en)?\b|\bcommentaires?\b|\bremarques?\b|\bcomentarios?\b|\bobservaci[oó]n(es)?\b|\bdescripci[oó]n\b|\bdescri[çc][aã]o\b|\bcommenti\b|\bopmerkingen?\b|\bnotities\b|\bnotitie\b|\bnotiz\b|\bobserva[çc][õo]es\b|\bcoment[áa]rios?\b|\bdescrizione\b|\bbeschrijving\b|\bosservazioni\b/,
    compact: /notes|comments|remarks|description|notizen|kommentar|bemerkung|beschreibung|commentaire|comentario|descripci[oó]n|opmerking|notitie/,
  },
  {
    reason: 'conversation content',
    metadataAllowed: true,
    words:
      // (HubSpot's form field "Message" holds what a visitor typed; its chat summaries are conversations too)
      /transcript|recording|\bcall (body|summary|notes?)\b|\bmeeting (body|notes?|summary)\b|\be ?mail (body|content|text)\b|\bmessage (body|content|text)\b|\bmessages?( optional| to us)?$|\bsms (body|content|text|message)\b|\btext message\b|\bchat (log|body|history|summary|conversation|conversation summary|transcript)\b|\bconversation (summary|content|body|log|history)\b|\bvoicemail\b/,
    compact: /transcript|recording|emailbody|messagebody|smsbody|smstext|voicemail|chatconversation|conversationsummary|^message$/,
  },
  {
    // (after conversation content, which names a call's or a chat's summary as what it is)
    reason: 'free-text notes',
    metadataAllowed: true,
    words: /\bmemos?\b|\bsummary\b|\bbio\b|\bbiography\b|\babout (me|us|yourself)\b/,
    compact: /^memos?$|^bio$|biography|summary/,
  },
  {
    reason: 'government identifier',
    words:
      /\bssn\b|social security|social insurance|\bsoc(ial)? sec\b|national (id|insurance|identity)|\bnin\b|\bnino\b|\bni number\b|\bpassport\b|tax ?(id|number|file)|\btin\b|\bitin\b|^ein( (number|no|nr|id))?$|\bein (number|no)\b|\b(company|employer|federal|business|tax) ein\b|employer identification|\bvat (id|number)\b|driv(er|ers|ing) licen[cs]e|\bnhs (number|no)\b|\bmedicare (number|no|id)\b|\bmedicaid (number|no|id)\b|^sin( (number|no|nr))?$|\bsin (number|no)\b|\b(social|customer|client|employee|contact|person) sin\b|\baadhaa?r\b|\bcpf\b|\bcurp\b|\bpesel\b|\bpersonnummer\b|\bbsn\b|\bdni\b|codice fiscale|sozialversicherung|steuer ?(id|nummer|identifikationsnummer)|s[ée]curit[ée] sociale|seguridad social|previd[êe]ncia social|burgerservicenummer|personalausweis|ausweisnummer|carte d ?identit[ée]|documento (de|di) identi|carta d ?identit[àa]|\bpasseport\b|\breisepass|\bpasaporte\b|\bpassaporto\b|\bpaspoort\b|\bpassaporte\b|num[ée]ro fiscal|^nie$/,
    compact:
      /^ssn|ssn$|socialsecurity|socialinsurance|socsec|nationalinsurance|nationalid|ninumber|passport|taxid|taxnumber|driverslicen[cs]e|driverlicen[cs]e|drivinglicen[cs]e|nhsnumber|medicarenumber|medicaidnumber|aadhaa?r|personnummer|codicefiscale|sozialversicherung|steuerid|steuernummer|seguridadsocial|burgerservicenummer|personalausweis|ausweisnummer|reisepass/,
  },
  {
    reason: 'date of birth',
    words:
      /date of birth|\b(year|month|day) of birth\b|\bdob\b|birth ?(date|day|dt|year|month|yr|mo)\b|\bbirthday\b|\bborn\b|\byob\b|geburtsdatum|geburtstag|geburtsjahr|(date|ann[ée]e) de naissance|(fecha|a[ñn]o) de nacimiento|(data|anno) di nascita|(data|ano) de nascimento|geboortedatum|geboortejaar|geboortedag|\bverjaardag\b|cumplea[ñn]os|compleanno|date d ?anniversaire/,
    compact:
      /dateofbirth|(year|month|day)ofbirth|birthdate|birthday|birthdt|birthyear|birthmonth|^dob|dob$|geburtsdatum|geburtstag|geburtsjahr|(date|ann[ée]e)denaissance|(fecha|a[ñn]o)denacimiento|(data|anno)dinascita|(data|ano)denascimento|geboortedatum|geboortejaar|geboortedag|cumplea[ñn]os|compleanno/,
  },
  {
    reason: 'secret or credential',
    words:
      /password|passcode|passwd|pass ?phrase|\bpwd\b|\bpin\b|\btoken\b|\bsecrets?\b|api ?key|access ?key|private ?key|secret ?key|ssh ?key|credential|security (question|answer)|passwort|kennwort|mot de passe|contrase[ñn]a|\bsenha\b|wachtwoord/,
    compact:
      /password|passwd|passcode|passphrase|^pwd|pwd$|apikey|accesskey|privatekey|secretkey|sshkey|credential|secret(?!ar)|securityquestion|securityanswer|passwort|kennwort|motdepasse|contrase[ñn]a|wachtwoord/,
  },
  {
    reason: 'payment or bank detail',
    words:
      /card ?number|credit ?card|\bcc number\b|\bcvv\b|\bcvc\b|\bcard (pan|security|verification|expiry|exp)\b|^pan$|^security code$|card security code|\biban\b|\bbank\b|\baccount number\b|\bacct number\b|sort code|routing number|\bswift\b|\bbic\b|kontonummer|kreditkarte|bankverbindung|rekeningnummer|num[ée]ro de compte|n[úu]mero de cuenta|numero di conto|carte bancaire|tarjeta de cr[ée]dito|cart[ãa]o de cr[ée]dito|cuenta bancaria|compte bancaire|\bbankkonto\b|conto bancario|conta banc[áa]ria|\bbankrekening\b|^rib$|n[úu]mero de tarjeta/,
    compact:
      /cardnumber|creditcard|ccnumber|cvv|cvc|cardpan|cardsecurity|cardverification|^securitycode$|iban|accountnumber|acctnumber|routingnumber|sortcode|bankaccount|kontonummer|kreditkarte|bankverbindung|rekeningnummer/,
  },
  {
    // GDPR article 9's special categories: health, beliefs, origin, orientation, genetics, biometrics
    reason: 'special-category personal data',
    words:
      /\bmedical (condition|conditions|history|record|records|information|data|notes)\b|health (condition|conditions|record|records|information)\b|\bdiagnos[ie]s\b|\bdisabilit(y|ies)\b|\breligio(n|us)\b|\bethnic(ity)?\b|^race$|sexual orientation|political (affiliation|opinion|opinions|party|views)\b|trade union|union membership|\bbiometric\b|\bgenetic\b|\bkonfession\b|gesundheitszustand|gesundheitsdaten|\bbehinderung(en)?\b|^([ée]tat de sant[ée]|estado de salud|stato di salute|gezondheid(stoestand)?)$|\breligi[óo]n\b|\betnia\b|\bethnie\b|\bgewerkschaft\b|\bkrankheit(en)?\b/,
    compact:
      /medicalcondition|medicalhistory|medicalrecord|healthcondition|healthrecord|diagnos[ie]s|disabilit|religio|ethnic|sexualorientation|politicalaffiliation|politicalopinion|tradeunion|unionmembership|biometric|genetic|konfession|gesundheitszustand|gesundheitsdaten|^behinderung/,
  },
  {
    reason: 'compensation',
    words: /salary|salaries|compensation|\bwages?\b|\bincome\b|\bgehalt\b|\bsalaire\b|\bsalario\b|\bsal[áa]rio\b|\bstipendio\b|\bverg[üu]tung\b|\bsalaris\b|\bsueldo\b/,
    compact: /salary|salaries|compensation|wages?$|^gehalt$|^(jahres|monats|brutto|netto|grund)gehalt|^salaire$|^salario$/,
  },
  {
    reason: 'confidential business content',
    words: /private|confidential|strategy|negotiation/,
    compact: /confidential|negotiation/,
  },
];

const METADATA = /^(number|num|nbr|no|count|total)( of)?\b|\b(count|date|time|timestamp|updated|contacted|length|duration)$/;
const NUMBER_ABBREVIATIONS = new Set(['no', 'nr', 'nbr', 'num']);

/**
 * Header text as patterns see it: lower case, words split at punctuation, camel case and digits
 * ("CVV2" → "cvv 2", "Notes2" → "notes 2"), runs of single letters joined ("D.O.B." → "dob",
 * "S.S.N." → "ssn"), and "#", "No", "Nr", "Num" after a first word read as "number" ("Card#",
 * "Routing No" → "card number", "routing number").
 */
export function headerWords(header: string): string {
  const spaced = readableHeader(header)
    .replace(/__c$/i, '')
    .replace(/#/g, ' number ')
    .replace(/(\p{Ll}|\d)(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/(\p{L})(\d)/gu, '$1 $2')
    .replace(/(\d)(\p{L})/gu, '$1 $2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (spaced === '') return '';
  const out: string[] = [];
  let letters = '';
  for (const token of spaced.split(' ')) {
    if (token.length === 1 && /\p{L}/u.test(token)) {
      letters += token;
      continue;
    }
    if (letters) out.push(letters);
    letters = '';
    out.push(out.length > 0 && NUMBER_ABBREVIATIONS.has(token) ? 'number' : token);
  }
  if (letters) out.push(letters);
  return out.join(' ');
}

/** Cyrillic and Greek letters that look like Latin ones ("Nоtes" with a Cyrillic о), and the Latin letters they look like. */
const LOOKALIKES_FROM = 'авекмнорстухіјѕԁԛԝАВЕКМНОРСТУХІЈЅαεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ';
const LOOKALIKES_TO = 'abekmhopctyxijsdqwABEKMHOPCTYXIJSaeikvoptuxABEZHIKMNOPTYX';
const LOOKALIKE = new RegExp(`[${LOOKALIKES_FROM}]`, 'g');

/**
 * A header as a person reads it: compatibility forms folded (NFKC: full-width "Ｎｏｔｅｓ"), invisible
 * characters removed, and, in a header mostly in Latin letters, Cyrillic and Greek look-alikes read as
 * Latin; "@" between letters read as "a" ("P@ssword").
 */
function readableHeader(header: string): string {
  let h = header.normalize('NFKC').replace(/[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g, '');
  const latin = (h.match(/[A-Za-z]/g) ?? []).length;
  if (latin > 0 && LOOKALIKE.test(h)) {
    LOOKALIKE.lastIndex = 0;
    h = h.replace(LOOKALIKE, (c) => LOOKALIKES_TO[LOOKALIKES_FROM.indexOf(c)]!);
  }
  LOOKALIKE.lastIndex = 0;
  return h.replace(/(\p{L})@(\p{L})/gu, '$1a$2');
}

/** The header's letters run together, without digits: "Seller_Notes2" → "sellernotes". */
function compactOf(words: string): string {
  return words.replace(/[\s\d]+/g, '');
}

/**
 * Glob match in linear time: `*` matches any run of characters (also none), everything else is
 * literal, and the whole text must match. The segments between stars are found left to right with
 * indexOf (leftmost is always safe for `*`-only globs), so nothing backtracks (issue 8, finding 11:
 * a regex built from `*card*number*` took seconds on a long header).
 */
export function globMatch(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === text;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!text.startsWith(first)) return false;
  let pos = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const segment = parts[i]!;
    if (segment === '') continue;
    const at = text.indexOf(segment, pos);
    if (at === -1) return false;
    pos = at + segment.length;
  }
  return text.length - last.length >= pos && text.endsWith(last);
}

export type ColumnDecision = { header: string; index: number; kept: true } | { header: string; index: number; kept: false; reason: string };

/** A team pattern, compiled once per decision: its raw text and its normalised forms (words, run together). */
interface TeamPattern {
  source: string;
  raw: string;
  /** Undefined when normalising would change what it means (a segment that starts or ends with punctuation, e.g. "*_c"): raw match only. */
  words?: string;
  compact?: string;
  wildcard: boolean;
}

function compileTeamPattern(source: string): TeamPattern | undefined {
  const raw = source.trim().toLowerCase();
  if (raw === '') return undefined;
  const wildcard = raw.includes('*');
  // each segment between stars is normalised like a header, the stars kept
  const segments = raw.split('*');
  // a segment that begins or ends with punctuation ("*__c") means that punctuation: match it as written only
  if (!segments.every((s) => s.trim() === '' || /^[\p{L}\p{N}].*[\p{L}\p{N}]$|^[\p{L}\p{N}]$/u.test(s.trim()))) return { source, raw, wildcard };
  const words = segments.map((s) => (s.trim() === '' ? '' : headerWords(s)));
  const compact = words.map(compactOf);
  return { source, raw, words: words.join('*'), compact: compact.every((c, i) => c !== '' || words[i] === '') ? compact.join('*') : undefined, wildcard };
}

function matchesTeamPattern(raw: string, words: string, compact: string, p: TeamPattern): boolean {
  if (p.wildcard) {
    return globMatch(p.raw, raw) || (p.words !== undefined && globMatch(p.words, words)) || (p.compact !== undefined && globMatch(p.compact, compact));
  }
  return raw === p.raw || (!!p.words && words.includes(p.words)) || (!!p.compact && compact.includes(p.compact));
}

function builtinReason(words: string, compact: string): string | undefined {
  const metadata = METADATA.test(words);
  for (const b of BUILTIN_BLOCKED) {
    if (metadata && b.metadataAllowed) continue;
    if (b.words.test(words) || b.compact.test(compact)) return b.reason;
  }
  return undefined;
}

/**
 * Whether a header is about free text without being it ("Notes Last Updated", "Number of Notes",
 * "Meeting Notes Count"): it crosses as metadata, and its values are held to counts and dates
 * (masking.ts, ScanOptions.countOrDate), so text typed into it does not cross with it.
 */
export function isFreeTextMetadata(header: string): boolean {
  const words = headerWords(header);
  if (!METADATA.test(words)) return false;
  const compact = compactOf(words);
  return BUILTIN_BLOCKED.some((b) => b.metadataAllowed && (b.words.test(words) || b.compact.test(compact)));
}

/** Why a column the team did not approve stays behind (as opposed to a blocked one). */
export const NOT_APPROVED = 'not an approved field';

/** Decide, for each header, whether it crosses the boundary and, if not, why. */
export function decideColumns(headers: readonly string[], rules: Pick<Rules, 'approvedFields' | 'blockedFields'>): ColumnDecision[] {
  const approved = new Set(rules.approvedFields.map((h) => h.trim().toLowerCase()));
  const team = rules.blockedFields.flatMap((p) => compileTeamPattern(p) ?? []);
  return headers.map((header, index) => {
    const raw = header.trim().toLowerCase();
    const words = headerWords(header);
    const compact = compactOf(words);
    const builtin = builtinReason(words, compact);
    if (builtin) return { header, index, kept: false, reason: `blocked: ${builtin}` };
    const hit = team.find((p) => matchesTeamPattern(raw, words, compact, p));
    if (hit !== undefined) return { header, index, kept: false, reason: `blocked by the team's pattern "${hit.source}"` };
    if (!approved.has(raw)) return { header, index, kept: false, reason: NOT_APPROVED };
    return { header, index, kept: true };
  });
}

/** Whether a header may be written by a proposal: approved and not blocked. */
export function isHeaderAllowed(header: string, rules: Pick<Rules, 'approvedFields' | 'blockedFields'>): boolean {
  const decision = decideColumns([header], rules)[0];
  return decision?.kept === true;
}

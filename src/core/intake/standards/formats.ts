import { dayToIso, type DayOrder, parseCrmDate, timeOfDay } from '../../text/dates';
import { type Country, type CountryForm, countryIn, findCountry } from './countries';
import { isInternationalPhone, toE164 } from './phone';
import { findUsState, type UsStateForm, usStateIn } from './usStates';

/** The formats a record rule may require (a contract: PRODUCT.md). No user-written patterns. */
export const FORMATS = ['email', 'phone', 'url', 'website', 'domain', 'isoDate', 'integer', 'decimal', 'country', 'usState'] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatOptions {
  /** The standard forms switched on (standards.country, standards.usState); unset, a proposal only trims. */
  countryForm?: CountryForm;
  stateForm?: UsStateForm;
  /** Which way a column's slash dates read (isoDate proposals). */
  dayOrder: DayOrder;
}

/** Why a value is not in its format, and its standard form when one can be derived. */
export interface FormatProblem {
  problem: string;
  proposal?: string;
}

const WHAT: Record<Format, string> = {
  email: 'an email address',
  phone: 'an international phone number (+ country code)',
  url: 'a web address (https://…)',
  website: 'a website (example.com or https://example.com)',
  domain: 'a domain name',
  isoDate: 'an ISO date (YYYY-MM-DD)',
  integer: 'a whole number',
  decimal: 'a decimal number',
  country: 'a known country (ISO 3166)',
  usState: 'a US state',
};

const EMAIL = /^[^\s@<>(),;:"]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/i;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;
const URL_SHAPE = /^https?:\/\/([^\s/?#:@]+)(?::(\d{1,5}))?(?:[/?#][^\s]*)?$/i;
/**
 * A CRM's Website field as people type it: the scheme is optional (Salesforce's own sample org stores
 * "www.burlington.com"; both CRMs show such a value as a link).
 */
const WEBSITE_SHAPE = /^(?:https?:\/\/)?([^\s/?#:@]+)(?::(\d{1,5}))?(?:[/?#][^\s]*)?$/i;
/** A host name of a web address, letters of any script allowed with their combining marks (bücher.de, हिन्दी.com). */
const WEB_HOST = /^(?=.{1,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?\.)+[\p{L}][\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}]$/u;
const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(?:\.\d+)?$/;
const GROUPED = /^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const EU_GROUPED = /^-?\d{1,3}(?:\.\d{3})+,\d+$/;
const DOT_GROUPED = /^-?\d{1,3}(?:\.\d{3})+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Email lower-cased and trimmed; a "mailto:" or a "Name <address>" wrapper dropped. Undefined if it is still no address. */
export function standardEmail(value: string): string | undefined {
  let v = value.trim();
  const angle = /<([^<>]+)>\s*$/.exec(v);
  if (angle) v = angle[1]!.trim();
  v = v.replace(/^mailto:/i, '').toLowerCase();
  return EMAIL.test(v) && !v.includes('..') ? v : undefined;
}

/** The bare domain of a domain, web address or email: lower case, without scheme, "www.", port or path. */
export function standardDomain(value: string): string | undefined {
  let v = value.trim().toLowerCase();
  if (v.includes('@') && !v.includes('/')) v = v.slice(v.lastIndexOf('@') + 1);
  v = v
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/:\d+$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  return DOMAIN.test(v) ? v : undefined;
}

/**
 * A date-time keeps its time (as a date alone, a Date/Time field would be set to midnight), written as
 * the export showed it, without an offset: an import reads such a time in its user's time zone. Midnight
 * is the date alone (a spreadsheet re-saves a Date field's "12/15/2026" as "12/15/2026 0:00").
 */
function isoDateOf(value: string, order: DayOrder): string | undefined {
  const parsed = parseCrmDate(value, order);
  if (!parsed.ok) return undefined;
  const time = EPOCH_MS.test(value) ? new Date(Number(value)).toISOString().slice(11, 19) : timeOfDay(value);
  if (time === undefined) return undefined;
  return time && time !== '00:00:00' ? `${dayToIso(parsed.day)}T${time}${EPOCH_MS.test(value) ? 'Z' : ''}` : dayToIso(parsed.day);
}
const EPOCH_MS = /^\d{12,13}$/;
/** An ISO date-time's zone, cut before its time is read (ISO_DATE reads a time only as digits: 24:00 and 99:99 are none). */
const ISO_ZONE = /\s*(?:Z|[+-]\d\d:?\d\d)$/i;

/** Whether a value is already in the format, as stored (surrounding spaces make it not). */
function isValid(format: Format, value: string): boolean {
  switch (format) {
    case 'email':
      return EMAIL.test(value) && !value.includes('..');
    case 'phone':
      return isInternationalPhone(value);
    case 'url':
    case 'website': {
      const m = (format === 'url' ? URL_SHAPE : WEBSITE_SHAPE).exec(value);
      return m !== null && WEB_HOST.test(m[1]!) && (m[2] === undefined || (Number(m[2]) >= 1 && Number(m[2]) <= 65535));
    }
    case 'domain':
      // (a domain is the bare one: HubSpot's Company Domain Name holds "acme.com", not "www.acme.com")
      return DOMAIN.test(value) && !/^www\./i.test(value);
    case 'isoDate':
      return ISO_DATE.test(value) && parseCrmDate(value.slice(0, 10)).ok && timeOfDay(value.replace(ISO_ZONE, '')) !== undefined;
    case 'integer':
      return INTEGER.test(value);
    case 'decimal':
      return DECIMAL.test(value);
    case 'country':
      return value === value.trim() && findCountry(value) !== undefined;
    case 'usState':
      return value === value.trim() && findUsState(value) !== undefined;
  }
}

/** The standard form of a value that is not in its format, when one can be derived. */
function propose(format: Format, value: string, t: string, o: FormatOptions, phoneCountry?: Country): string | undefined {
  switch (format) {
    case 'email':
      return standardEmail(value);
    case 'phone': {
      const e164 = toE164(value, phoneCountry);
      return e164.ok ? e164.e164 : undefined;
    }
    case 'url':
    case 'website':
      return t !== value && isValid(format, t) ? t : undefined;
    case 'domain':
      return standardDomain(value);
    case 'isoDate':
      return isoDateOf(t, o.dayOrder);
    case 'integer':
      if (INTEGER.test(t)) return t;
      if (GROUPED.test(t) && !t.includes('.')) return t.replace(/,/g, '');
      return /^-?\d+\.0+$/.test(t) ? t.replace(/\.0+$/, '') : undefined;
    case 'decimal': {
      const n = t.replace(/^([-]?)[$€£]\s?/, '$1');
      // (1.250.000,50: European grouping with a decimal comma; € 12.500 may be twelve and a half or
      // twelve thousand five hundred, so it is left to a person; $3.459 and £1.250 are decimals)
      if (EU_GROUPED.test(n)) return n.replace(/\./g, '').replace(',', '.');
      if (DOT_GROUPED.test(n) && /^-?€/.test(t)) return undefined;
      if (DECIMAL.test(n)) return n;
      return GROUPED.test(n) ? n.replace(/,/g, '') : undefined;
    }
    case 'country': {
      const c = findCountry(t);
      return c && (o.countryForm ? countryIn(c, o.countryForm) : t);
    }
    case 'usState': {
      const s = findUsState(t);
      return s && (o.stateForm ? usStateIn(s, o.stateForm) : t);
    }
  }
}

/** Undefined when the value is in the format; otherwise what is wrong and, where derivable, the standard form. */
export function checkFormat(format: Format, value: string, o: FormatOptions, phoneCountry?: Country): FormatProblem | undefined {
  if (isValid(format, value)) return undefined;
  const t = value.trim();
  if (format === 'phone') {
    const e164 = toE164(value, phoneCountry);
    if (!e164.ok) return { problem: `is not ${WHAT.phone}: it ${e164.reason}` };
  }
  const proposal = propose(format, value, t, o, phoneCountry);
  const problem = t !== value && t !== '' && isValid(format, t) ? 'has spaces around it' : `is not ${WHAT[format]}`;
  return proposal !== undefined && proposal !== value ? { problem, proposal } : { problem };
}

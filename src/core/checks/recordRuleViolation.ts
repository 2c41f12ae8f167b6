import { isMask } from '../intake/masking';
import type { RecordRule, StandardKey } from '../intake/rules';
import { type Country, countryIn, findCountry } from '../intake/standards/countries';
import { checkFormat, type Format, type FormatOptions, standardEmail } from '../intake/standards/formats';
import { standardLegalForm } from '../intake/standards/legalForms';
import { toE164 } from '../intake/standards/phone';
import { findUsState, usStateIn } from '../intake/standards/usStates';
import { isBlank, memoText, normaliseText } from '../text/cells';
import { dateParserWithOrder, type DayOrder, lazyDayOrder, parseCrmDate, type ParsedDate, utcHour } from '../text/dates';
import { type Check, type CheckContext, finding, type Finding, type Severity } from './types';
import { type Condition, compileConditions, meetsAll } from './routing';

/** Where a record rule lives, as evidence quotes it and Finding.rule carries it: "recordRules P-PARTNER". */
const recordRuleRef = (id: string): string => `recordRules ${id}`;
/** Where a standard lives: "standards country". */
const standardRef = (key: StandardKey): string => `standards ${key}`;

/** What a value-only requirement (aliases, oneOf, format) says about one value; undefined when it holds. */
interface Verdict {
  what: string;
  reason: string;
  proposal: string;
}

interface DateSide {
  key: 'notBefore' | 'notAfter';
  header: string;
  column: number;
  parse: (value: string) => ParsedDate;
}

interface CompiledRule {
  rule: RecordRule;
  ref: string;
  column: number;
  header: string;
  /** Conditions read as routing reads them (compileConditions). */
  when: Condition[];
  /** Left to missing_required_field: the header is in requiredFields, so one problem gives one proposal. */
  requireOwnedElsewhere: boolean;
  judge: (value: string, row: readonly string[]) => Verdict | undefined;
  parseOwn: (value: string) => ParsedDate;
  dates: DateSide[];
  severity: Severity;
}

/** Normalised values of the columns rules compare (lists, aliases, when): renewed on each run. */
let norm = memoText(normaliseText);

function quoteList(values: readonly string[], max = 8): string {
  const shown = values
    .slice(0, max)
    .map((v) => `"${v}"`)
    .join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}

const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];

function dateParser(order: () => DayOrder): (value: string) => ParsedDate {
  // the column's day order only matters for a slash date that reads both ways: worked out then, once
  const memo = memoText(dateParserWithOrder(order));
  // "YYYY-MM-DD[ HH:mm[:ss]]" reads as its date: caching it under a number made from its digits turns
  // 100,000 distinct timestamps into a few hundred days, without building a string per value
  const byDay = new Map<number, ParsedDate>();
  return (v) => {
    const n = v.length;
    if ((n === 10 || ((n === 16 || n === 19) && v.charCodeAt(10) === 32)) && v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45) {
      let key = 0;
      for (const i of DATE_DIGITS) {
        const d = v.charCodeAt(i) - 48;
        if (d < 0 || d > 9) return memo(v);
        key = key * 10 + d;
      }
      let hit = byDay.get(key);
      if (!hit) byDay.set(key, (hit = parseCrmDate(v.slice(0, 10))));
      return hit;
    }
    return memo(v);
  };
}

/** Country of a record for its national phone numbers: its own country column, else the standard's default. */
function phoneCountryOf(ctx: CheckContext): (row: readonly string[]) => Country | undefined {
  const fallback = ctx.rules.standards.phone?.defaultCountry ? findCountry(ctx.rules.standards.phone.defaultCountry) : undefined;
  const col = ctx.roleColumn('country');
  const lookup = memoText(findCountry);
  return (row) => (col >= 0 && !isBlank(row[col]) ? lookup(row[col]!) : undefined) ?? fallback;
}

function compile(ctx: CheckContext, rule: RecordRule, phoneCountry: (row: readonly string[]) => Country | undefined): CompiledRule | undefined {
  const column = ctx.column(rule.header);
  if (column < 0) return undefined; // the export lacks the column: the rule has nothing to judge
  const header = ctx.headers[column]!;
  const ref = recordRuleRef(rule.id);
  const required = new Set(ctx.rules.requiredFields.map(normaliseText));
  const oneOf = rule.oneOf ? new Set(rule.oneOf.map(normaliseText)) : undefined;
  const listed = rule.oneOf ? quoteList(rule.oneOf) : '';
  const aliases = rule.aliases ? new Map(Object.entries(rule.aliases).map(([variant, canonical]) => [normaliseText(variant), canonical])) : undefined;
  const standards = ctx.rules.standards;
  const order = lazyDayOrder(() => ctx.rows.map((r) => r[column]!), ctx.dateEvidence);
  const options: FormatOptions = {
    countryForm: standards.country?.form,
    stateForm: standards.usState?.form,
    get dayOrder() {
      return order();
    }, // needed only to propose
  };
  const format: Format | undefined = rule.format;
  const byValue = (value: string, country: Country | undefined): Verdict | undefined => {
    if (aliases || oneOf) {
      const key = norm(value);
      const canonical = aliases?.get(key);
      if (canonical !== undefined && canonical !== value) {
        return { what: `is a known variant of "${canonical}" (Rules: ${ref}, aliases)`, reason: 'known variant of a standard value', proposal: canonical };
      }
      if (oneOf && canonical === undefined && !oneOf.has(key)) {
        return { what: `is not one of ${listed} (Rules: ${ref}, oneOf)`, reason: 'value not in the list', proposal: '' };
      }
    }
    if (format) {
      const problem = checkFormat(format, value, options, country);
      if (problem) return { what: `${problem.problem} (Rules: ${ref}, format ${format})`, reason: `not in format ${format}`, proposal: problem.proposal ?? '' };
    }
    return undefined;
  };
  // memoise only columns of few distinct values (lists, countries, states): emails, phones and dates are
  // nearly all distinct, and a cache of them costs more than it saves
  const fewValues = !format || format === 'country' || format === 'usState';
  const memo = memoText((value) => byValue(value, undefined));
  const judge: CompiledRule['judge'] =
    !aliases && !oneOf && !format
      ? () => undefined
      : format === 'phone'
        ? (value, row) => byValue(value, phoneCountry(row))
        : fewValues
          ? memo
          : (value) => byValue(value, undefined);
  const dates: DateSide[] = [];
  for (const key of ['notBefore', 'notAfter'] as const) {
    const other = rule[key];
    if (other === undefined) continue;
    const col = ctx.column(other);
    if (col >= 0) dates.push({ key, header: ctx.headers[col]!, column: col, parse: dateParser(lazyDayOrder(() => ctx.rows.map((r) => r[col]!), ctx.dateEvidence)) });
  }
  return {
    rule,
    ref,
    column,
    header,
    when: compileConditions(rule.when ?? {}, ctx),
    requireOwnedElsewhere: required.has(normaliseText(rule.header)),
    judge,
    // the rule's own column reads dates in the day order its format proposes in (one working-out for both)
    parseOwn: dates.length ? dateParser(order) : (v) => parseCrmDate(v),
    dates,
    severity: rule.severity ?? 'Medium',
  };
}

function describeWhen(c: CompiledRule, row: readonly string[]): string {
  return c.when.length ? ` The rule applies because ${c.when.map((w) => `${w.header} is "${row[w.column]}"`).join(' and ')}.` : '';
}

/** `Header "value"`, built only for a violation (issue 12: most rows break no rule, and it was built per row and rule). */
function quoted(c: CompiledRule, value: string): string {
  return `${c.header} "${value}"`;
}

/** The first requirement of the rule the record breaks, or undefined. One proposal per record, rule and header. */
function violation(c: CompiledRule, row: readonly string[]): { what: string; reason: string; proposal: string; basis?: string } | undefined {
  const value = row[c.column]!;
  if (isBlank(value)) {
    if (!c.rule.require || c.requireOwnedElsewhere) return undefined;
    return { what: `"${c.header}" is empty; the rule requires it (Rules: ${c.ref}, require).`, reason: 'required value is empty', proposal: '' };
  }
  if (isMask(value)) return undefined; // a masked value says nothing a rule can judge
  const v = c.judge(value, row);
  if (v) return { what: `${quoted(c, value)} ${v.what}.`, reason: v.reason, proposal: v.proposal };
  for (const side of c.dates) {
    const otherValue = row[side.column]!;
    if (isBlank(otherValue) || isMask(otherValue)) continue;
    const own = c.parseOwn(value);
    if (!own.ok) {
      return {
        what: `${quoted(c, value)} is ${own.reason === 'ambiguous' ? 'an ambiguous date (day and month could be swapped)' : 'not a readable date'}, so its order with ${side.header} cannot be checked (Rules: ${c.ref}, ${side.key} ${side.header}).`,
        reason: 'date cannot be read',
        proposal: '',
      };
    }
    const other = side.parse(otherValue);
    if (!other.ok) continue; // the other column's own rules judge it
    const wrong = side.key === 'notBefore' ? own.day < other.day : own.day > other.day;
    // a zoned instant (Data Loader's "2026-06-01T02:30:00.000Z") beside a date alone: where the team is, the
    // instant's day may be the one before its UTC day (UTC time before noon: UTC-12 is the farthest west) or
    // the one after (from 10:00: UTC+14), so that day apart is not out of order
    if (wrong && Math.abs(own.day - other.day) === 1) {
      const ownHour = utcHour(value);
      const otherHour = utcHour(otherValue);
      if ((ownHour === undefined) !== (otherHour === undefined)) {
        const [hour, instantDay, dateDay] = ownHour !== undefined ? [ownHour, own.day, other.day] : [otherHour!, other.day, own.day];
        if (dateDay === instantDay - 1 ? hour < 12 : hour >= 10) continue;
      }
    }
    if (wrong) {
      return {
        what: `${quoted(c, value)} is ${side.key === 'notBefore' ? 'before' : 'after'} ${side.header} "${otherValue}" (Rules: ${c.ref}, ${side.key} ${side.header}).`,
        reason: 'dates out of order',
        proposal: '',
        basis: `${side.header}\u0000${otherValue}`,
      };
    }
  }
  return undefined;
}

/** A standard spelling: the value's standard form, or undefined when it has none (not recognised). */
type Standardiser = (value: string, row: readonly string[]) => string | undefined;
type Role = Parameters<CheckContext['roleColumn']>[0];

function standardisers(
  ctx: CheckContext,
  phoneCountry: (row: readonly string[]) => Country | undefined,
): { key: StandardKey; option: string; headers: string[]; fn: Standardiser }[] {
  const s = ctx.rules.standards;
  const country = s.country?.form ?? 'name';
  const state = s.usState?.form ?? 'code';
  const byValue = (fn: (v: string) => string | undefined): Standardiser => {
    const memo = memoText(fn);
    return (v) => memo(v);
  };
  const table: [StandardKey, Role | undefined, string, Standardiser][] = [
    [
      'country',
      'country',
      country,
      byValue((v) => {
        const c = findCountry(v);
        return c && countryIn(c, country);
      }),
    ],
    [
      'usState',
      undefined,
      state,
      byValue((v) => {
        const st = findUsState(v);
        return st && usStateIn(st, state);
      }),
    ],
    [
      'phone',
      'phone',
      // a national number is read as one of the record's country, else of the default country
      s.phone?.defaultCountry ? `the record's country, else ${s.phone.defaultCountry}` : "the record's country",
      (v, row) => {
        const r = toE164(v, phoneCountry(row));
        return r.ok ? r.e164 : undefined;
      },
    ],
    // nearly every email is distinct, so no cache; one already lower-case and bare is already standard
    ['email', 'email', 'lower-case, trimmed', (v) => (/[A-Z\u00C0-\u00DE<\s]/.test(v) || v.startsWith('mailto:') ? standardEmail(v) : undefined)],
    ['legalForm', 'company', 'legal-form spelling', byValue(standardLegalForm)],
  ];
  return table
    .filter(([key]) => s[key])
    .map(([key, role, option, fn]) => {
      const listed = (s[key] as { headers?: string[] }).headers;
      const roleHeader = role && ctx.rules.fields[role];
      return { key, option, fn, headers: listed ?? (roleHeader ? [roleHeader] : []) };
    });
}

/**
 * `record_rule_violation`: a record breaks one of the team's declared system-of-record rules
 * (`recordRules`: a required header empty, a value outside its list or a known variant, a value not in
 * its format, two dates out of order), or a switched-on standard spelling (`standards`) would write a
 * value differently. Proposes the value the rule determines (an alias's canonical value, a normalised
 * phone, email, country or state, trimmed spaces); otherwise the proposal is blank: needs evidence.
 */
export const recordRuleViolation: Check = (ctx) => {
  const { recordRules, standards } = ctx.rules;
  if (recordRules.length === 0 && Object.keys(standards).length === 0) return [];
  norm = memoText(normaliseText);
  const phoneCountry = phoneCountryOf(ctx);
  const compiled = recordRules.map((r) => compile(ctx, r, phoneCountry)).filter((c): c is CompiledRule => c !== undefined);
  const width = ctx.headers.length;
  const flagged = new Set<number>();
  const out: Finding[] = [];
  ctx.rows.forEach((row, r) => {
    for (const c of compiled) {
      if (c.when.length && !meetsAll(c.when, row, norm)) continue;
      const v = violation(c, row);
      if (!v) continue;
      flagged.add(r * width + c.column);
      const message = c.rule.message ? ` Rule message: "${c.rule.message}"` : '';
      out.push(
        finding(ctx, row, {
          check: 'record_rule_violation',
          field: c.header,
          currentValue: row[c.column]!,
          proposedValue: v.proposal,
          evidence: `${v.what}${describeWhen(c, row)}${message}${v.proposal ? ` Proposed "${v.proposal}": the value the rule determines.` : ' No value follows from the rule: needs evidence.'}`,
          // the rule (and the other date a date order rests on) is part of the Evidence ID
          severity: c.severity,
          reason: `Record rule ${c.rule.id}: ${v.reason}`,
          rule: c.ref,
          basis: v.basis ? `${c.ref}\u0000${v.basis}` : c.ref,
        }),
      );
    }
  });
  // standards last: a value a rule already flagged keeps that one proposal (whose value is the standard form)
  for (const std of standardisers(ctx, phoneCountry)) {
    const ref = standardRef(std.key);
    const columns = [...new Set(std.headers.map((h) => ctx.column(h)).filter((c) => c >= 0))];
    for (const column of columns) {
      ctx.rows.forEach((row, r) => {
        const value = row[column]!;
        if (isBlank(value) || isMask(value) || flagged.has(r * width + column)) return;
        const proposal = std.fn(value, row);
        if (proposal === undefined || proposal === value) return;
        flagged.add(r * width + column);
        out.push(
          finding(ctx, row, {
            check: 'record_rule_violation',
            field: ctx.headers[column]!,
            currentValue: value,
            proposedValue: proposal,
            evidence: `${ctx.headers[column]} "${value}" is written "${proposal}" in the standard form (Rules: ${ref}, ${std.option}). Proposed "${proposal}".`,
            severity: 'Low',
            reason: `Standard spelling: ${std.key}`,
            rule: ref,
            basis: ref,
          }),
        );
      });
    }
  }
  return out;
};

import * as z from 'zod/mini';
import { MATCH_ROLES } from '../checks/dedupe/engine';
import { UserError } from '../text/errors';
import { decideColumns } from './boundary';
import { ownerKey } from './salesforceIds';
import { getPreset } from './presets';
import { COUNTRY_FORMS, findCountry } from './standards/countries';
import { checkFormat, FORMATS } from './standards/formats';
import { US_STATE_FORMS } from './standards/usStates';

/** Roles a header can play (PRODUCT.md). Checks read fields by role, never by a hard-coded header. */
export const ROLES = [
  'id',
  'email',
  'firstName',
  'lastName',
  'phone',
  'company',
  'domain',
  'country',
  'owner',
  'lifecycleStage',
  'leadStatus',
  'leadSource',
  'campaignSource',
  'createdAt',
  'updatedAt',
  'lastActivityAt',
] as const;
export type Role = (typeof ROLES)[number];

export const PRESET_IDS = [
  'hubspot-contacts',
  'hubspot-companies',
  'hubspot-deals',
  'salesforce-leads',
  'salesforce-contacts',
  'salesforce-accounts',
  'salesforce-opportunities',
] as const;
export type PresetId = (typeof PRESET_IDS)[number];

const text = z.string({ error: 'expected text' });
const header = z.string({ error: 'expected a column header' }).check(z.trim(), z.minLength(1, { error: 'expected a column header, got an empty value' }));
const headerList = z.array(header, { error: 'expected a list of column headers' });
const valueList = z.array(text, { error: 'expected a list of values' });
/** A match probability: duplicate thresholds are probabilities since the v2 engine (0.95, not points). */
const probability = z
  .number({ error: 'expected a match probability between 0 and 1 (e.g. 0.95)' })
  .check(z.gt(0, { error: 'expected a match probability above 0 and below 1 (e.g. 0.95)' }), z.lt(1, { error: 'expected a match probability above 0 and below 1 (e.g. 0.95)' }));

export const OwnerSchema = z.object({
  name: text.check(z.minLength(1, { error: 'an owner needs a name' })),
  // (an owner's email is what a HubSpot import takes as the new owner: "alice example.com" would fail there)
  email: z._default(
    text.check(
      z.refine((v) => v.trim() === '' || checkFormat('email', v.trim(), { dayOrder: 'unknown' }) === undefined, {
        error: 'expected an email address (name@company.com), or a blank cell',
      }),
    ),
    '',
  ),
  active: z.boolean({ error: 'expected TRUE or FALSE' }),
  team: z._default(text, ''),
  /** CRM user id (e.g. Salesforce OwnerId 005...), for exports whose owner column holds ids. */
  id: z.optional(text),
  /**
   * A Salesforce queue (a report shows its name where a Data Loader export shows its 00G id): it owns
   * records by design, so it is never a stale owner and never proposed as an owner; a team's queue is
   * routed like the team's owners (a record in another team's queue is a routing exception).
   */
  queue: z.optional(z.boolean({ error: 'expected TRUE or FALSE' })),
});

export const RoutingRuleSchema = z.object({
  id: text.check(z.minLength(1, { error: 'a routing rule needs an id' })),
  // (at least one: a rule without conditions would route every record to its team)
  when: z
    .record(header, valueList, { error: 'expected conditions { header: [values] }' })
    .check(z.refine((w) => Object.keys(w).length > 0, { error: 'a routing rule needs at least one condition { header: [values] } ("*" matches any value)' })),
  team: text.check(z.minLength(1, { error: 'a routing rule needs a team' })),
});

/** A YYYY-MM-DD text that names a day that exists (2026-02-31 does not). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

const whole = (min: number, what: string) =>
  z.number({ error: `expected a whole number of ${what}` }).check(z.int({ error: `expected a whole number of ${what}` }), z.gte(min, { error: `expected ${min} or more ${what}` }));
const share = z
  .number({ error: 'expected a share between 0 and 1 (e.g. 0.6)' })
  .check(z.gt(0, { error: 'expected a share above 0 and at most 1 (e.g. 0.6)' }), z.lte(1, { error: 'expected a share above 0 and at most 1 (e.g. 0.6)' }));

/** Thresholds of the exception pattern reviewer (src/core/report/patterns.ts); every key optional. */
export const PatternsSchema = z.strictObject(
  {
    minDecisions: z.optional(whole(1, 'decisions')),
    rejectionShare: z.optional(share),
    minExceptions: z.optional(whole(1, 'exceptions')),
    concentrationFactor: z.optional(z.number({ error: 'expected a factor such as 2' }).check(z.gt(1, { error: 'expected a factor above 1 (e.g. 2: twice its share of records)' }))),
    recurrenceBatches: z.optional(whole(2, 'batches')),
    minRecurring: z.optional(whole(1, 'records')),
    deadRuleBatches: z.optional(whole(1, 'batches')),
  },
  { error: 'expected { minDecisions, rejectionShare, minExceptions, concentrationFactor, recurrenceBatches, minRecurring, deadRuleBatches }' },
);
export type PatternThresholds = Required<z.infer<typeof PatternsSchema>>;

/** How routing_exception treats records in a closed (defined, not open) stage: flag them with Low severity, or leave them out. */
export const ROUTING_CLOSED_STAGES = ['low', 'skip'] as const;
export type RoutingClosedStages = (typeof ROUTING_CLOSED_STAGES)[number];

/** Rule ids are quoted in evidence ("Rules: recordRules P-PARTNER") and counted per id, so they are one plain word. */
const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const conditions = z.record(header, valueList, { error: 'expected conditions { header: [values] }' });

/**
 * A system-of-record rule on one approved header (a contract: PRODUCT.md). Declarative only: no
 * user-written regular expressions, which would be a denial-of-service and injection risk in a shared sheet.
 */
export const RecordRuleSchema = z.strictObject(
  {
    id: z
      .string({ error: 'a record rule needs an id' })
      .check(z.trim(), z.regex(RULE_ID, { error: 'a record rule id is one word of letters, digits, dots, dashes or underscores (e.g. P-PARTNER)' })),
    header,
    when: z.optional(conditions),
    require: z.optional(z.literal(true, { error: 'expected true (leave require out when the header may be empty)' })),
    oneOf: z.optional(z.array(text, { error: 'expected a list of values' }).check(z.minLength(1, { error: 'expected at least one value' }))),
    aliases: z.optional(
      z.record(text.check(z.trim(), z.minLength(1, { error: 'an alias needs a variant' })), text.check(z.trim(), z.minLength(1, { error: 'an alias needs the value it means' })), {
        error: 'expected aliases { variant: canonical value }',
      }),
    ),
    format: z.optional(z.enum(FORMATS, { error: `expected a format: ${FORMATS.join(', ')}` })),
    notBefore: z.optional(header),
    notAfter: z.optional(header),
    severity: z.optional(z.enum(['Low', 'Medium', 'High'], { error: 'expected Low, Medium or High' })),
    message: z.optional(text.check(z.maxLength(500, { error: 'a rule message is at most 500 characters' }))),
  },
  { error: 'expected a record rule { id, header, ... }' },
);

const standardHeaders = z.optional(headerList);
const form = <T extends readonly [string, ...string[]]>(forms: T, byDefault: T[number]) => z._default(z.enum(forms, { error: `expected ${forms.join(', ')}` }), byDefault);
/** Standard spellings a team switches on one by one; headers default to the column of the matching role. */
export const StandardsSchema = z.strictObject({
  country: z.optional(z.strictObject({ form: form(COUNTRY_FORMS, 'name'), headers: standardHeaders })),
  usState: z.optional(z.strictObject({ form: form(US_STATE_FORMS, 'code'), headers: headerList.check(z.minLength(1, { error: 'name the columns that hold US states' })) })),
  phone: z.optional(z.strictObject({ defaultCountry: z.optional(text), headers: standardHeaders })),
  email: z.optional(z.strictObject({ headers: standardHeaders })),
  legalForm: z.optional(z.strictObject({ headers: standardHeaders })),
});
export const STANDARD_KEYS = ['country', 'usState', 'phone', 'email', 'legalForm'] as const;
export type StandardKey = (typeof STANDARD_KEYS)[number];

/** The rules file (and the Rules tab): every key optional, merged over the preset's defaults. */
export const RulesFileSchema = z.strictObject({
  preset: z.optional(z.enum(PRESET_IDS, { error: `expected one of ${PRESET_IDS.join(', ')}` })),
  asOf: z.optional(
    z
      .string({ error: 'expected a date YYYY-MM-DD' })
      .check(
        z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date YYYY-MM-DD' }),
        z.refine(isCalendarDate, { error: 'expected a real calendar date (this day does not exist)' }),
      ),
  ),
  fields: z.optional(z.partialRecord(z.enum(ROLES, { error: `expected a role: ${ROLES.join(', ')}` }), header)),
  approvedFields: z.optional(headerList),
  blockedFields: z.optional(valueList),
  requiredFields: z.optional(headerList),
  readOnlyFields: z.optional(headerList),
  readOnlyRecords: z.optional(
    z.record(
      header,
      z
        .array(text.check(z.trim(), z.minLength(1, { error: 'expected a value, got an empty one' })), { error: 'expected a list of values' })
        .check(z.minLength(1, { error: 'expected at least one value (delete the row to mark none)' })),
      { error: 'expected { header: [values] }' },
    ),
  ),
  owners: z.optional(z.array(OwnerSchema, { error: 'expected a list of owners' })),
  staleAfterDays: z.optional(
    z.number({ error: 'expected a whole number of days' }).check(z.int({ error: 'expected a whole number of days' }), z.positive({ error: 'expected a number of days above 0' })),
  ),
  lifecycleStages: z.optional(valueList),
  openStages: z.optional(valueList),
  statusStages: z.optional(z.record(text, valueList, { error: 'expected { leadStatus: [stages] }' })),
  stageRequiredFields: z.optional(z.record(text, headerList, { error: 'expected { stage: [headers] }' })),
  sources: z.optional(
    z.strictObject(
      {
        mapping: z._default(z.array(z.object({ campaignSource: text, leadSource: text }), { error: 'expected [{ campaignSource, leadSource }]' }), []),
        unclear: z._default(valueList, []),
      },
      { error: 'expected { mapping, unclear }' },
    ),
  ),
  routing: z.optional(z.array(RoutingRuleSchema, { error: 'expected a list of routing rules' })),
  routingClosedStages: z.optional(z.enum(ROUTING_CLOSED_STAGES, { error: 'expected low (flag closed records with Low severity) or skip (leave closed stages out)' })),
  patterns: z.optional(PatternsSchema),
  recordUrlTemplate: z.optional(text),
  recordRules: z.optional(z.array(RecordRuleSchema, { error: 'expected a list of record rules' })),
  standards: z.optional(StandardsSchema),
  duplicates: z.optional(
    z.strictObject(
      {
        shape: z.optional(z.enum(['person', 'organization'], { error: 'expected person or organization' })),
        threshold: z.optional(probability),
        possibleThreshold: z.optional(probability),
        maxGroupSize: z.optional(
          z
            .number({ error: 'expected a whole number of records' })
            .check(z.int({ error: 'expected a whole number of records' }), z.gte(2, { error: 'expected 2 or more records' })),
        ),
        learn: z.optional(z.boolean({ error: 'expected TRUE or FALSE' })),
        match: z.optional(z.partialRecord(z.enum(MATCH_ROLES, { error: `expected a match role: ${MATCH_ROLES.join(', ')}` }), headerList)),
      },
      { error: 'expected { shape, threshold, possibleThreshold, maxGroupSize, learn, match }' },
    ),
  ),
});
export type RulesFile = z.infer<typeof RulesFileSchema>;
export type Owner = z.infer<typeof OwnerSchema>;
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;
export type RecordRule = z.infer<typeof RecordRuleSchema>;
export type Standards = z.infer<typeof StandardsSchema>;

/** Complete rules after merging a file over a preset: what the checks run on. */
export interface Rules {
  preset: PresetId;
  asOf?: string;
  fields: Partial<Record<Role, string>>;
  approvedFields: string[];
  blockedFields: string[];
  requiredFields: string[];
  readOnlyFields: string[];
  /**
   * Records the CRM refuses to change, by a header and the values that mark one (Salesforce: a
   * converted lead, IsConverted true): QA refuses proposals on them. {} = none.
   */
  readOnlyRecords: Record<string, string[]>;
  owners: Owner[];
  staleAfterDays: number;
  lifecycleStages: string[];
  openStages: string[];
  statusStages: Record<string, string[]>;
  stageRequiredFields: Record<string, string[]>;
  sources: { mapping: { campaignSource: string; leadSource: string }[]; unclear: string[] };
  routing: RoutingRule[];
  /** Closed-stage records owned by the wrong team: "low" flags them with Low severity (default), "skip" leaves them out. */
  routingClosedStages: RoutingClosedStages;
  /** Pattern reviewer thresholds, defaults filled in (DEFAULT_PATTERNS). */
  patterns: PatternThresholds;
  recordUrlTemplate?: string;
  /** The team's system-of-record rules (record_rule_violation). */
  recordRules: RecordRule[];
  /** Standard spellings switched on (record_rule_violation); {} = none. */
  standards: Standards;
  /** Duplicate matching: every key optional; the record shape's defaults fill the rest. */
  duplicates: NonNullable<RulesFile['duplicates']>;
}

/** Defaults of the pattern reviewer's thresholds (README: The exception pattern reviewer). */
export const DEFAULT_PATTERNS: PatternThresholds = {
  minDecisions: 10,
  rejectionShare: 0.6,
  minExceptions: 5,
  concentrationFactor: 2,
  recurrenceBatches: 2,
  minRecurring: 3,
  deadRuleBatches: 3,
};

type Issue = { path: PropertyKey[]; message: string; code?: string; keys?: string[] };

function issueText(issue: Issue): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) return `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message === 'Invalid input' ? 'has an invalid value' : issue.message;
}

/** Where a key lives in a rules file; the empty path is the file itself. */
export const defaultLocate = (path: readonly PropertyKey[]): string => (path.length ? `rules key "${pathLabel(path)}"` : 'rules file');

export function pathLabel(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '');
}

/**
 * Validates a parsed rules object. `locate` turns a key path into where it lives
 * (e.g. "Rules!B7"), so the message names the cell a person must fix.
 */
export function validateRulesFile(data: unknown, locate: (path: readonly PropertyKey[]) => string = defaultLocate): RulesFile {
  const proto = protoKeyPath(data);
  if (proto) throw new UserError(`Invalid rules: ${locate(proto)}: "__proto__" cannot be a name in the rules (a header, status, stage or variant of that name is not supported).`);
  const result = RulesFileSchema.safeParse(data);
  if (result.success) return result.data;
  const first = result.error.issues[0] as Issue;
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problem${result.error.issues.length > 2 ? 's' : ''})` : '';
  throw new UserError(`Invalid rules: ${locate(first.path)}: ${issueText(first)}${more}.`);
}

/**
 * Where a "__proto__" key sits in parsed JSON, if anywhere. JSON.parse makes it an ordinary key, but a
 * record schema drops it without a word, so a condition keyed by it would vanish and its rule widen to
 * every record: it is refused instead.
 */
function protoKeyPath(value: unknown, path: PropertyKey[] = []): PropertyKey[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = protoKeyPath(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  // (an own key, as JSON.parse makes it, also with spaces around it: the header schema trims a key
  // before the record drops it)
  const proto = Object.keys(value).find((k) => k.trim() === '__proto__');
  if (proto !== undefined) return [...path, proto];
  for (const [k, v] of Object.entries(value)) {
    const found = protoKeyPath(v, [...path, k]);
    if (found) return found;
  }
  return undefined;
}

/** Checks that need the whole rule set (and the export's headers) at once. */
export function checkRulesConsistency(rules: Rules, locate: (path: readonly PropertyKey[]) => string = defaultLocate): void {
  const fail = (path: PropertyKey[], message: string): never => {
    throw new UserError(`Invalid rules: ${locate(path)}: ${message}.`);
  };
  if (!rules.fields.id) fail(['fields', 'id'], 'name the column that holds the record id');
  const stages = new Set(rules.lifecycleStages.map((s) => s.trim().toLowerCase()));
  rules.openStages.forEach((s, i) => {
    if (!stages.has(s.trim().toLowerCase())) fail(['openStages', i], `"${s}" is not one of the lifecycle stages`);
  });
  // (a stage's required fields on a stage the Rules do not define would never be asked for)
  for (const stage of Object.keys(rules.stageRequiredFields)) {
    if (!stages.has(stage.trim().toLowerCase())) fail(['stageRequiredFields', stage], `"${stage}" is not one of the lifecycle stages`);
  }
  for (const [status, allowed] of Object.entries(rules.statusStages)) {
    allowed.forEach((s, i) => {
      if (!stages.has(s.trim().toLowerCase())) fail(['statusStages', status, i], `"${s}" is not one of the lifecycle stages`);
    });
  }
  const seenRoutes = new Set<string>();
  rules.routing.forEach((r, i) => {
    if (seenRoutes.has(r.id)) fail(['routing', i, 'id'], `routing rule id "${r.id}" is used twice`);
    seenRoutes.add(r.id);
  });
  checkRoster(rules, fail);
  checkRecordRules(rules, fail);
  if (rules.staleAfterDays <= 0) fail(['staleAfterDays'], 'expected a number of days above 0');
  const d = rules.duplicates;
  if (d.threshold !== undefined && d.possibleThreshold !== undefined && d.possibleThreshold > d.threshold) {
    fail(['duplicates', 'possibleThreshold'], `the possible-duplicate threshold (${d.possibleThreshold}) must not be above the duplicate threshold (${d.threshold})`);
  }
}

/**
 * One user, one roster row: a user id on two rows (a Salesforce id's 15- and 18-character forms are one
 * id), a name on two rows, or for HubSpot, whose users' emails are unique, an email on two rows, would
 * let the later row silently decide who is active and in which team. Two users may share a name when
 * each row has an email (HubSpot) or a user id (Salesforce, whose users may also share an email: an old
 * and a new user of one person): they are told apart by it, and a name they share finds neither
 * (src/core/checks/owners.ts).
 */
function checkRoster(rules: Rules, fail: (path: PropertyKey[], message: string) => never): void {
  const seen = new Map<string, number>();
  const hubspot = getPreset(rules.preset).crm === 'hubspot';
  // (what tells two users of one name apart: a user id, or for HubSpot an email)
  const hasId = (i: number): boolean => (rules.owners[i]!.id ?? '').trim() !== '' || (hubspot && (rules.owners[i]!.email ?? '').trim() !== '');
  // a name that is another user's email or id would find that user by it (keys as the roster reads them)
  const contacts = new Map<string, [number, string]>();
  rules.owners.forEach((o, i) => {
    for (const [what, v] of [
      ['email', o.email],
      ['user id', o.id],
    ] as const)
      if (v?.trim()) contacts.set(ownerKey(v), [i, what]);
  });
  rules.owners.forEach((o, i) => {
    const keys: [string, string, string, string][] = [];
    const email = (o.email ?? '').trim();
    const id = (o.id ?? '').trim();
    if (id) keys.push(['id', `id:${ownerKey(id)}`, id, 'user id']);
    if (email && hubspot) keys.push(['email', `email:${ownerKey(email)}`, email, 'email']);
    if (o.name.trim()) keys.push(['name', `name:${ownerKey(o.name)}`, o.name.trim(), 'name']);
    const other = contacts.get(ownerKey(o.name));
    if (other && other[0] !== i)
      fail(
        ['owners', i, 'name'],
        `name "${o.name.trim()}" is the ${other[1]} of the roster's owner ${other[0] + 1} (${rules.owners[other[0]]!.name}); give each user their own name`,
      );
    for (const [field, key, value, what] of keys) {
      const first = seen.get(key);
      const toldApart = field === 'name' && hasId(i) && first !== undefined && hasId(first);
      if (first !== undefined && !toldApart) {
        const fix = field === 'name' ? `; if they are two users, give each their ${hubspot ? 'email or ' : ''}user id` : '';
        fail(['owners', i, field], `${what} "${value}" is already the roster's owner ${first + 1} (${rules.owners[first]!.name}); list each user once${fix}`);
      }
      seen.set(key, i);
    }
  });
}

/** Why a header may not appear in a rule (blocked or not approved), or undefined when it may. */
export function headerRefusal(header: string, rules: Pick<Rules, 'approvedFields' | 'blockedFields'>): string | undefined {
  const d = decideColumns([header], rules)[0]!;
  return d.kept ? undefined : d.reason;
}

const TAB_SEPARATOR = ';';

function checkRecordRules(rules: Rules, fail: (path: PropertyKey[], message: string) => never): void {
  const allowed = (path: PropertyKey[], h: string): void => {
    const why = headerRefusal(h, rules);
    if (why) fail(path, `"${h}" cannot be used in a rule: it is ${why}`); // "blocked: …" or "not an approved field"
  };
  // the Rules tab writes a list in one cell, separated by ";", and aliases as variant=canonical
  const plain = (path: PropertyKey[], v: string, what: string): void => {
    if (v.includes(TAB_SEPARATOR)) fail(path, `${what} "${v}" contains ";", which the Rules tab uses to separate values`);
  };
  const seen = new Set<string>();
  rules.recordRules.forEach((r, i) => {
    if (seen.has(r.id.toLowerCase())) fail(['recordRules', i, 'id'], `record rule id "${r.id}" is used twice`);
    seen.add(r.id.toLowerCase());
    if (!r.require && !r.oneOf && !r.aliases && !r.format && !r.notBefore && !r.notAfter) {
      fail(['recordRules', i], `record rule ${r.id} requires nothing: give it require, oneOf, aliases, format, notBefore or notAfter`);
    }
    allowed(['recordRules', i, 'header'], r.header);
    for (const [h, values] of Object.entries(r.when ?? {})) {
      allowed(['recordRules', i, 'when', h], h);
      values.forEach((v, k) => plain(['recordRules', i, 'when', h, k], v, 'value'));
    }
    for (const key of ['notBefore', 'notAfter'] as const) {
      const h = r[key];
      if (h === undefined) continue;
      allowed(['recordRules', i, key], h);
      if (h.trim().toLowerCase() === r.header.trim().toLowerCase()) fail(['recordRules', i, key], `record rule ${r.id} compares "${h}" with itself`);
    }
    r.oneOf?.forEach((v, k) => plain(['recordRules', i, 'oneOf', k], v, 'value'));
    const listed = new Set((r.oneOf ?? []).map((v) => v.trim().replace(/\s+/g, ' ').toLowerCase()));
    for (const [variant, canonical] of Object.entries(r.aliases ?? {})) {
      plain(['recordRules', i, 'aliases', variant], variant, 'alias');
      plain(['recordRules', i, 'aliases', variant], canonical, 'value');
      if (variant.includes('=')) fail(['recordRules', i, 'aliases', variant], `alias "${variant}" contains "=", which the Rules tab uses between a variant and its value`);
      if (r.oneOf && !listed.has(canonical.trim().replace(/\s+/g, ' ').toLowerCase())) {
        fail(['recordRules', i, 'aliases', variant], `alias "${variant}" means "${canonical}", which is not one of the rule's oneOf values`);
      }
    }
  });
  const s = rules.standards;
  for (const key of STANDARD_KEYS) {
    const std = s[key] as { headers?: string[] } | undefined;
    std?.headers?.forEach((h, k) => allowed(['standards', key, 'headers', k], h));
  }
  if (s.phone?.defaultCountry !== undefined && !findCountry(s.phone.defaultCountry)) {
    fail(['standards', 'phone', 'defaultCountry'], `"${s.phone.defaultCountry}" is not a known country (an ISO code such as US or GB, or a name)`);
  }
}

import { type CellValue, cellToText } from '../text/cells';
import { UserError } from '../text/errors';
import { DEFAULT_PATTERNS, type PatternThresholds, type RecordRule, ROLES, type Rules, type RulesFile, STANDARD_KEYS, type StandardKey, validateRulesFile } from './rules';

/**
 * The Rules tab: one setting per row, the key in column A and its values from column B on, in
 * readable sections. Rows starting with "#" are notes. The same content as the rules JSON file.
 * Parsing keeps where each value came from, so a validation error names the cell to fix.
 */
export const RULES_TAB_TITLE = 'CRM Review Gate rules';

const SECTIONS = {
  preset: '# Preset and review date (asOf blank = today). recordUrlTemplate: a link to a record, {id} is replaced by the record id',
  fields: '# Field roles: which column of the export plays each role',
  approved: '# Approved fields: only these columns cross into the review. Blocked patterns win over approval',
  blocked: '# Blocked field patterns, added to the built-in ones (notes, transcripts, secrets, personal ids, payment data). * is a wildcard',
  required:
    '# Required fields; read-only fields (never proposed for write-back); readOnlyRecords: a column, then the values that mark a record the CRM refuses to change (a converted lead)',
  owners: '# Owner roster: owner | name | email | active (TRUE or FALSE) | team | CRM user id | queue (TRUE for a Salesforce queue)',
  lifecycle:
    '# Lifecycle: stages in order | open stages (where staleness matters) | statusStages: lead status, then the stages it allows | stageRequiredFields: stage, then the fields it requires',
  sources: '# Sources: unclearSources values | sourceMapping: campaign source, then the lead source it maps to',
  routing:
    '# Routing (first matching rule wins): route | rule id | team | column | values… ; repeat the id on another row to add a condition. * matches any value. routingClosedStages: low (flag closed-stage records owned by the wrong team, Low severity) or skip (leave closed stages out)',
  patterns:
    '# Pattern reviewer thresholds: patterns.minDecisions (decided proposals before a rejection share counts) | patterns.rejectionShare (0-1) | patterns.minExceptions | patterns.concentrationFactor (share of exceptions / share of records) | patterns.recurrenceBatches | patterns.minRecurring | patterns.deadRuleBatches',
  recordRules:
    '# Record rules, one row each (README: System-of-record rules). when: the rule applies if "when column" holds a "when values" value (* = any); repeat the id with only these two to add a condition. Lists: a; b. Aliases: variant=value; …',
  standards:
    "# Standard spellings, one per line, blank = off: country name|alpha2, usState code|name, phone default country or on, email on, legalForm on; then the columns (blank = the role's column)",
  duplicates:
    '# Duplicates (blank = the defaults for the record shape): duplicates.shape person or organization | duplicates.threshold and duplicates.possibleThreshold: match probabilities (defaults 0.5 and 0.2) | duplicates.maxGroupSize: larger groups are reported, not merged (default 20 people, 1000 organisations) | duplicates.learn TRUE or FALSE: learn weights from the batch | duplicates.match.<role>: columns compared for a role',
};

/** The Rules tab's record-rule columns, B onwards, in order. */
export const RECORD_RULE_COLUMNS = [
  'id',
  'column',
  'when column',
  'when values',
  'require',
  'one of',
  'aliases',
  'format',
  'not before',
  'not after',
  'severity',
  'message',
] as const;
const LIST_SEPARATOR = '; ';

const pad = (rows: string[][]): string[][] => {
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')]);
};

export function rulesToGrid(rules: Rules): string[][] {
  const rows: string[][] = [[RULES_TAB_TITLE, 'Edit the values, then run Pull approved fields or Run review. Each run validates this tab.']];
  rows.push(
    [SECTIONS.preset],
    ['preset', rules.preset],
    ['asOf', rules.asOf ?? ''],
    ['staleAfterDays', String(rules.staleAfterDays)],
    ['recordUrlTemplate', rules.recordUrlTemplate ?? ''],
  );
  rows.push([SECTIONS.fields]);
  for (const role of ROLES) rows.push([`fields.${role}`, rules.fields[role] ?? '']);
  rows.push([SECTIONS.approved], ['approvedFields', ...rules.approvedFields]);
  rows.push([SECTIONS.blocked], ['blockedFields', ...rules.blockedFields]);
  rows.push([SECTIONS.required], ['requiredFields', ...rules.requiredFields], ['readOnlyFields', ...rules.readOnlyFields]);
  for (const [header, values] of Object.entries(rules.readOnlyRecords)) rows.push(['readOnlyRecords', header, ...values]);
  rows.push([SECTIONS.owners]);
  for (const o of rules.owners) rows.push(['owner', o.name, o.email, o.active ? 'TRUE' : 'FALSE', o.team, o.id ?? '', ...(o.queue ? ['TRUE'] : [])]);
  rows.push([SECTIONS.lifecycle], ['lifecycleStages', ...rules.lifecycleStages], ['openStages', ...rules.openStages]);
  for (const [status, stages] of Object.entries(rules.statusStages)) rows.push(['statusStages', status, ...stages]);
  for (const [stage, fields] of Object.entries(rules.stageRequiredFields)) rows.push(['stageRequiredFields', stage, ...fields]);
  rows.push([SECTIONS.sources], ['unclearSources', ...rules.sources.unclear]);
  for (const m of rules.sources.mapping) rows.push(['sourceMapping', m.campaignSource, m.leadSource]);
  rows.push([SECTIONS.routing]);
  for (const r of rules.routing) {
    for (const [header, values] of Object.entries(r.when)) rows.push(['route', r.id, r.team, header, ...values]);
  }
  rows.push(['routingClosedStages', rules.routingClosedStages]);
  rows.push([SECTIONS.patterns]);
  for (const key of PATTERN_KEYS) rows.push([`patterns.${key}`, String(rules.patterns[key])]);
  rows.push([SECTIONS.recordRules], [`# recordRule`, ...RECORD_RULE_COLUMNS]);
  for (const r of rules.recordRules) rows.push(...recordRuleRows(r));
  rows.push([SECTIONS.standards]);
  for (const key of STANDARD_KEYS) rows.push(standardRow(rules, key));
  const d = rules.duplicates;
  const blankOr = (v: number | boolean | undefined): string => (v === undefined ? '' : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v));
  rows.push(
    [SECTIONS.duplicates],
    ['duplicates.shape', d.shape ?? ''],
    ['duplicates.threshold', blankOr(d.threshold)],
    ['duplicates.possibleThreshold', blankOr(d.possibleThreshold)],
    ['duplicates.maxGroupSize', blankOr(d.maxGroupSize)],
    ['duplicates.learn', blankOr(d.learn)],
  );
  for (const [role, headers] of Object.entries(d.match ?? {})) rows.push([`duplicates.match.${role}`, ...(headers ?? [])]);
  return pad(rows);
}

function recordRuleRows(r: RecordRule): string[][] {
  const [first, ...more] = Object.entries(r.when ?? {});
  const rows = [
    [
      'recordRule',
      r.id,
      r.header,
      first?.[0] ?? '',
      first?.[1].join(LIST_SEPARATOR) ?? '',
      r.require ? 'TRUE' : '',
      (r.oneOf ?? []).join(LIST_SEPARATOR),
      Object.entries(r.aliases ?? {})
        .map(([v, c]) => `${v}=${c}`)
        .join(LIST_SEPARATOR),
      r.format ?? '',
      r.notBefore ?? '',
      r.notAfter ?? '',
      r.severity ?? '',
      r.message ?? '',
    ],
  ];
  for (const [h, values] of more) rows.push(['recordRule', r.id, '', h, values.join(LIST_SEPARATOR)]);
  return rows;
}

function standardRow(rules: Rules, key: StandardKey): string[] {
  const s = rules.standards;
  const headers = (s[key] as { headers?: string[] } | undefined)?.headers ?? [];
  let option = '';
  if (key === 'country') option = s.country?.form ?? '';
  else if (key === 'usState') option = s.usState?.form ?? '';
  else if (key === 'phone') option = s.phone ? (s.phone.defaultCountry ?? 'on') : '';
  else option = s[key] ? 'on' : '';
  return [`standard.${key}`, option, ...headers];
}

export function columnLetter(index0: number): string {
  let n = index0 + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export interface ParsedRulesTab {
  file: RulesFile;
  /** Where a rules key path lives, e.g. "Rules!C12". */
  locate: (path: readonly PropertyKey[]) => string;
}

const LIST_KEYS = ['approvedFields', 'blockedFields', 'requiredFields', 'readOnlyFields', 'lifecycleStages', 'openStages'] as const;
const SCALAR_KEYS = ['preset', 'asOf', 'staleAfterDays', 'recordUrlTemplate', 'routingClosedStages'] as const;
const PATTERN_KEYS = Object.keys(DEFAULT_PATTERNS) as (keyof PatternThresholds)[];
const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/;
const OWNER_PROPS = ['name', 'email', 'active', 'team', 'id', 'queue'] as const;

function parseBoolean(text: string): boolean | string {
  const v = text.trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'active'].includes(v)) return true;
  if (['false', 'no', 'n', '0', 'inactive'].includes(v)) return false;
  return text;
}

export function rulesFromGrid(grid: readonly (readonly CellValue[])[], tabName = 'Rules'): ParsedRulesTab {
  const cells = new Map<string, string>();
  const cell = (row: number, col: number): string => `${tabName}!${columnLetter(col)}${row + 1}`;
  const at = (path: PropertyKey[], row: number, col: number): void => {
    cells.set(path.map(String).join('\u0000'), cell(row, col));
  };
  // a name written as an object's key: "__proto__" would set the object's prototype, not a key
  const noProto = (name: string, row: number, col: number): void => {
    if (name === '__proto__') throw new UserError(`Invalid rules: ${cell(row, col)}: "__proto__" cannot be a name in the rules.`);
  };
  const file: Record<string, unknown> = {};
  const fields: Record<string, string> = {};
  const owners: Record<string, unknown>[] = [];
  const statusStages: Record<string, string[]> = {};
  const stageRequired: Record<string, string[]> = {};
  const readOnlyRecords: Record<string, string[]> = {};
  let unclear: string[] | undefined;
  const mapping: { campaignSource: string; leadSource: string }[] = [];
  const routes = new Map<string, { id: string; team: string; when: Record<string, string[]> }>();
  const recordRules = new Map<string, Record<string, unknown>>();
  const standards: Record<string, unknown> = {};
  // where a setting was given a value: a second row for it is refused, not read over the first silently
  const given = new Map<string, { where: string; value: string }>();
  const once = (name: string, value: string, r: number, col: number): void => {
    const earlier = given.get(name);
    if (earlier && earlier.value !== value.toLowerCase()) throw new UserError(`Invalid rules: ${cell(r, col)}: ${name} is set twice (also in ${earlier.where}); keep one row.`);
    given.set(name, { where: cell(r, col), value: value.toLowerCase() });
  };
  // a list cell holding several values ("United Kingdom; Germany") would be one value that never matches
  const oneValueEach = (vals: readonly string[], r: number, from: number, what: string): void => {
    vals.forEach((v, i) => {
      if (v.includes(';'))
        throw new UserError(`Invalid rules: ${cell(r, from + i)}: "${v}" holds several values; ${what} take one value per cell (the next in the cell to its right).`);
    });
  };
  // a list given on a second row adds to the first: a team adding a value on a row of its own keeps the others
  const addTo = (list: string[], vals: readonly string[], path: PropertyKey[], r: number, from: number): void => {
    // (a value an earlier row has is not added twice; a row's own values are as written)
    const earlier = new Set(list.map((x) => x.toLowerCase()));
    vals.forEach((v, i) => {
      if (v !== '' && earlier.has(v.toLowerCase())) return;
      at([...path, list.length], r, from + i);
      list.push(v);
    });
  };
  let sawOwners = false,
    sawStatus = false,
    sawStageReq = false,
    sawMapping = false,
    sawRouting = false;

  grid.forEach((raw, r) => {
    const row = raw.map(cellToText);
    const key = (row[0] ?? '').trim();
    if (r === 0 && key === RULES_TAB_TITLE) return;
    if (key === '' || key.startsWith('#')) return;
    const values = row.slice(1).map((v) => v.trim());
    while (values.length && values[values.length - 1] === '') values.pop();
    const list = (): string[] => values;
    if ((SCALAR_KEYS as readonly string[]).includes(key)) {
      const v = values[0] ?? '';
      if (v === '') {
        if (!given.has(key)) at([key], r, 1);
        return; // blank = preset default (asOf blank = today)
      }
      once(key, v, r, 1);
      at([key], r, 1);
      file[key] = key === 'staleAfterDays' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : key === 'routingClosedStages' ? v.toLowerCase() : v;
    } else if ((LIST_KEYS as readonly string[]).includes(key)) {
      oneValueEach(values, r, 1, key);
      addTo((file[key] ??= []) as string[], list(), [key], r, 1);
    } else if (key.startsWith('patterns.')) {
      const sub = key.slice('patterns.'.length);
      if (!(PATTERN_KEYS as string[]).includes(sub))
        throw new UserError(`Invalid rules: ${cell(r, 0)}: unknown setting "${key}". Use one of ${PATTERN_KEYS.map((k) => `patterns.${k}`).join(', ')}.`);
      const v = values[0] ?? '';
      if (v !== '') once(key, v, r, 1);
      at(['patterns', sub], r, 1);
      if (v !== '') ((file.patterns ??= {}) as Record<string, unknown>)[sub] = NUMBER.test(v) ? Number(v) : v; // blank = default
    } else if (key.startsWith('duplicates.')) {
      const dup = (file.duplicates ??= {}) as Record<string, unknown>;
      const sub = key.slice('duplicates.'.length);
      const num = (v: string): number | string => (/^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v);
      if (['shape', 'threshold', 'possibleThreshold', 'maxGroupSize', 'learn'].includes(sub)) {
        if (values[0]) once(key, values[0], r, 1);
        at(['duplicates', sub], r, 1);
        if (values[0]) dup[sub] = sub === 'shape' ? values[0] : sub === 'learn' ? parseBoolean(values[0]) : num(values[0]);
      } else if (sub.startsWith('match.')) {
        const role = sub.slice('match.'.length);
        const match = (dup.match ??= {}) as Record<string, string[]>;
        noProto(role, r, 0);
        at(['duplicates', 'match', role], r, 0);
        values.forEach((_, i) => at(['duplicates', 'match', role, i], r, i + 1));
        match[role] = values;
      } else {
        throw new UserError(`Invalid rules: ${cell(r, 0)}: unknown setting "${key}". Use one of the keys this tab was created with.`);
      }
    } else if (key.startsWith('fields.')) {
      const role = key.slice('fields.'.length);
      noProto(role, r, 0);
      if (values[0]) once(key, values[0], r, 1);
      at(['fields', role], r, 0);
      if (values[0]) fields[role] = values[0];
    } else if (key === 'owner') {
      sawOwners = true;
      const k = owners.length;
      const o: Record<string, unknown> = {};
      OWNER_PROPS.forEach((p, i) => {
        at(['owners', k, p], r, i + 1);
        const v = values[i] ?? '';
        if (p === 'active') o[p] = v === '' ? v : parseBoolean(v);
        else if (p === 'queue') {
          const b = v ? parseBoolean(v) : undefined;
          // (a tab made before this column existed may hold a note there: say what the column is now)
          if (typeof b === 'string')
            throw new UserError(
              `Invalid rules: ${cell(r, i + 1)}: this column of an owner row is "queue" (TRUE for a Salesforce queue, else blank), and "${b}" is neither. Move a note to a column further right.`,
            );
          if (b !== undefined) o[p] = b;
        } else if (p === 'id') {
          if (v) o[p] = v;
        } else o[p] = v;
      });
      at(['owners', k], r, 1);
      owners.push(o);
    } else if (key === 'statusStages' || key === 'stageRequiredFields' || key === 'readOnlyRecords') {
      const target = key === 'statusStages' ? statusStages : key === 'readOnlyRecords' ? readOnlyRecords : stageRequired;
      if (key === 'statusStages') sawStatus = true;
      else sawStageReq ||= key === 'stageRequiredFields';
      const name = values[0] ?? '';
      if (!name)
        throw new UserError(`Invalid rules: ${cell(r, 1)}: ${key} needs a ${key === 'statusStages' ? 'lead status' : key === 'readOnlyRecords' ? 'column' : 'stage'} in column B.`);
      noProto(name, r, 1);
      // a second row for one name adds to the first (a team adding a value on a row of its own must not
      // lose the others); a blank cell between values is no value
      const list = (target[name] ??= []);
      at([key, name], r, 1);
      values.slice(1).forEach((v, i) => {
        // (a value the list has, written again on another row, is one value: no repeated proposals)
        if ((v === '' && key === 'readOnlyRecords') || list.some((x) => x.toLowerCase() === v.toLowerCase())) return;
        at([key, name, list.length], r, i + 2);
        list.push(v);
      });
    } else if (key === 'unclearSources') {
      oneValueEach(values, r, 1, 'unclearSources');
      addTo((unclear ??= []), list(), ['sources', 'unclear'], r, 1);
    } else if (key === 'sourceMapping') {
      sawMapping = true;
      const k = mapping.length;
      at(['sources', 'mapping', k, 'campaignSource'], r, 1);
      at(['sources', 'mapping', k, 'leadSource'], r, 2);
      if (!values[0] || !values[1])
        throw new UserError(`Invalid rules: ${cell(r, values[0] ? 2 : 1)}: sourceMapping needs a campaign source in column B and the lead source it maps to in column C.`);
      // (one campaign source mapped to two lead sources: which one a record gets cannot be told)
      once(`sourceMapping "${values[0]}"`, values[1], r, 2);
      mapping.push({ campaignSource: values[0], leadSource: values[1] });
    } else if (key === 'route') {
      sawRouting = true;
      const [id = '', team = '', header = '', ...vals] = values;
      if (!id) throw new UserError(`Invalid rules: ${cell(r, 1)}: a route needs a rule id in column B.`);
      if (!header) throw new UserError(`Invalid rules: ${cell(r, 3)}: route ${id} needs the column it tests in column D.`);
      if (vals.length === 0) throw new UserError(`Invalid rules: ${cell(r, 4)}: route ${id} needs at least one value from column E on.`);
      let route = routes.get(id);
      if (!route) {
        route = { id, team, when: {} };
        routes.set(id, route);
        at(['routing', routes.size - 1, 'id'], r, 1);
        at(['routing', routes.size - 1, 'team'], r, 2);
      } else if (team && route.team && team !== route.team) {
        throw new UserError(`Invalid rules: ${cell(r, 2)}: route ${id} names two teams ("${route.team}" and "${team}"); one rule routes to one team.`);
      }
      route.team ||= team;
      noProto(header, r, 3);
      oneValueEach(vals, r, 4, 'routes');
      // a second row testing the same column adds values to it (a record's cell holds one value, so both
      // rows' values at once would match nothing): "route R-EMEA … Country France" under UK and Germany
      const index = [...routes.keys()].indexOf(id);
      // (an own key only: "constructor" is a column name here, not the prototype's)
      const tested = Object.keys(route.when).includes(header) ? route.when[header]! : (route.when[header] = []);
      addTo(tested, vals, ['routing', index, 'when', header], r, 4);
    } else if (key === 'recordRule') {
      parseRecordRuleRow(
        row.slice(1).map((v) => v.trim()),
        r,
        recordRules,
        at,
        cell,
      );
    } else if (key.startsWith('standard.') && (STANDARD_KEYS as readonly string[]).includes(key.slice('standard.'.length))) {
      const std = key.slice('standard.'.length) as StandardKey;
      const on = parseStandardSwitch(std, values[0] ?? '');
      if (on === 'bad') throw new UserError(`Invalid rules: ${cell(r, 1)}: ${key} expects on or a blank cell (blank = off).`);
      at(['standards', std], r, 0);
      at(['standards', std, std === 'phone' ? 'defaultCountry' : 'form'], r, 1);
      const headers = values.slice(1).filter((v) => v !== '');
      values.slice(1).forEach((_, i) => at(['standards', std, 'headers', i], r, i + 2));
      if (on === undefined) {
        if (headers.length) throw new UserError(`Invalid rules: ${cell(r, 1)}: ${key} names columns but is off; fill column B to switch it on, or clear the columns.`);
        return;
      }
      standards[std] = { ...on, ...(headers.length || std === 'usState' ? { headers } : {}) };
    } else {
      throw new UserError(`Invalid rules: ${cell(r, 0)}: unknown setting "${key}". Use one of the keys this tab was created with.`);
    }
  });
  // the tab states its record rules and standards in full: rules a person cannot see never run, so a
  // tab with every example row deleted (or written before record rules existed) has none
  file.recordRules = [...recordRules.values()];
  file.standards = standards;
  // (so too its read-only records: a team whose importing user may edit converted leads deletes the row)
  file.readOnlyRecords = readOnlyRecords;
  if (Object.keys(fields).length) file.fields = fields;
  if (sawOwners) file.owners = owners;
  if (sawStatus) file.statusStages = statusStages;
  if (sawStageReq) file.stageRequiredFields = stageRequired;
  if (unclear || sawMapping) file.sources = { unclear: unclear ?? [], mapping };
  if (sawRouting) file.routing = [...routes.values()];

  const locate = (path: readonly PropertyKey[]): string => {
    for (let n = path.length; n > 0; n--) {
      const hit = cells.get(path.slice(0, n).map(String).join('\u0000'));
      if (hit) return `${hit} (${path.map(String).join('.')})`;
    }
    return `${tabName} setting "${path.map(String).join('.')}"`;
  };
  return { file: validateRulesFile(file, locate), locate };
}

const split = (text: string): string[] =>
  text
    .split(';')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** A standard's column B: undefined = off; the object to merge = on; 'bad' = neither. */
function parseStandardSwitch(key: StandardKey, option: string): Record<string, string> | undefined | 'bad' {
  const v = option.trim().toLowerCase();
  if (v === '' || v === 'off' || v === 'false') return undefined;
  if (key === 'country' || key === 'usState') return { form: option.trim() };
  if (key === 'phone') return ['on', 'true', 'yes'].includes(v) ? {} : { defaultCountry: option.trim() }; // "no" is Norway here
  if (['on', 'true', 'yes', '1'].includes(v)) return {};
  return v === 'no' || v === '0' ? undefined : 'bad';
}

/** One recordRule row: columns B.. as RECORD_RULE_COLUMNS. A repeated id with only the when cells adds a condition. */
function parseRecordRuleRow(
  values: string[],
  r: number,
  rules: Map<string, Record<string, unknown>>,
  at: (path: PropertyKey[], row: number, col: number) => void,
  cell: (row: number, col: number) => string,
): void {
  const col = (name: (typeof RECORD_RULE_COLUMNS)[number]): number => RECORD_RULE_COLUMNS.indexOf(name) + 1;
  const get = (name: (typeof RECORD_RULE_COLUMNS)[number]): string => values[col(name) - 1] ?? '';
  const id = get('id');
  const bad = (name: (typeof RECORD_RULE_COLUMNS)[number], message: string): never => {
    throw new UserError(`Invalid rules: ${cell(r, col(name))}: ${id ? `record rule ${id}: ` : ''}${message}.`);
  };
  if (!id) bad('id', 'a record rule needs an id in column B');
  const whenHeader = get('when column');
  const whenValues = split(get('when values'));
  if (!whenHeader !== !whenValues.length) bad(whenHeader ? 'when values' : 'when column', 'fill both the when column and its values (a; b, * = any), or neither');
  const existing = rules.get(id);
  const k = existing ? [...rules.keys()].indexOf(id) : rules.size;
  const rule = existing ?? { id, header: get('column') };
  if (existing && (!whenHeader || RECORD_RULE_COLUMNS.some((n) => !n.startsWith('when') && n !== 'id' && get(n)))) {
    bad('id', 'this id is used twice; to add a condition, fill only the when column and when values on this row');
  }
  if (whenHeader) {
    const when = (rule.when ??= {}) as Record<string, string[]>;
    if (whenHeader === '__proto__') bad('when column', '"__proto__" cannot be a column name in the rules');
    // (own keys only: a column named "constructor" is not Object.prototype's)
    if (Object.getOwnPropertyDescriptor(when, whenHeader)) bad('when column', `"${whenHeader}" is tested twice; put all its values in one cell`);
    when[whenHeader] = whenValues;
    at(['recordRules', k, 'when', whenHeader], r, col('when column'));
    whenValues.forEach((_, i) => at(['recordRules', k, 'when', whenHeader, i], r, col('when values')));
  }
  if (existing) return;
  for (const [prop, name] of [
    ['id', 'id'],
    ['header', 'column'],
    ['require', 'require'],
    ['oneOf', 'one of'],
    ['aliases', 'aliases'],
    ['format', 'format'],
    ['notBefore', 'not before'],
    ['notAfter', 'not after'],
    ['severity', 'severity'],
    ['message', 'message'],
  ] as const) {
    at(['recordRules', k, prop], r, col(name));
    const v = get(name);
    if (!v || prop === 'id' || prop === 'header') continue;
    if (prop === 'require') {
      const b = parseBoolean(v);
      if (typeof b !== 'boolean') bad(name, 'require expects TRUE or a blank cell');
      if (b === true) rule.require = true;
    } else if (prop === 'oneOf') {
      rule.oneOf = split(v);
    } else if (prop === 'aliases') {
      rule.aliases = Object.fromEntries(
        split(v).map((pair) => {
          const eq = pair.indexOf('=');
          if (eq <= 0 || eq === pair.length - 1) bad(name, 'write each alias as variant=value, separated by ";"');
          if (pair.slice(0, eq).trim() === '__proto__') bad(name, '"__proto__" cannot be an alias\'s variant');
          return [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
        }),
      );
    } else rule[prop] = v;
  }
  at(['recordRules', k], r, col('id'));
  rules.set(id, rule);
}

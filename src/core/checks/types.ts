import { flat, memoText, normaliseText } from '../text/cells';
import { columnDayEvidence, type DayEvidence } from '../text/dates';
import { OwnerRoster } from './owners';
import { type Preset, readOnlyMarkColumn } from '../intake/presets';
import { type CompiledRoute, compileRoutes } from './routing';
import type { Role, Rules } from '../intake/rules';

/** Check ids are a contract (PRODUCT.md): they appear in the Review tab, review.csv and summary.json. */
export const CHECK_IDS = [
  'missing_required_field',
  'inactive_owner',
  'stale_owner',
  'duplicate_record',
  'lifecycle_mismatch',
  'source_mismatch',
  'routing_exception',
  'record_rule_violation',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export type Severity = 'High' | 'Medium' | 'Low';

/** One proposed change to one field of one record, before QA and before a person decides. */
export interface Finding {
  recordId: string;
  check: CheckId;
  field: string;
  currentValue: string;
  /** Blank when no value can be derived from the evidence. */
  proposedValue: string;
  evidence: string;
  severity: Severity;
  reason: string;
  /**
   * The Rules entry that produced the finding, for breakdowns and pattern findings: e.g. "routing R-EMEA",
   * "recordRules P-PARTNER", "sources.mapping linkedin-ads", "statusStages Unqualified". Optional.
   */
  rule?: string;
  /**
   * Facts beyond the current and proposed value that the proposal rests on (e.g. the compared values
   * of a duplicate pair). Part of the Evidence ID, so a decision returns to Pending when they change.
   */
  basis?: string;
}

/** The batch as the checks see it: approved columns only, looked up by role or header. */
export interface CheckContext {
  rules: Rules;
  preset: Preset;
  headers: readonly string[];
  rows: readonly (readonly string[])[];
  /** Review date, as whole UTC days since 1970-01-01, and as text. */
  asOfDay: number;
  asOfText: string;
  /** Column index of a header (case-insensitive), -1 when the snapshot lacks it. */
  column(header: string | undefined): number;
  /** Column index of the header that plays a role, -1 when unmapped or absent. */
  roleColumn(role: Role): number;
  idColumn: number;
  /** The owner roster, shared by every check. */
  roster: OwnerRoster;
  routes: CompiledRoute[];
  /** Index of a stage in rules.lifecycleStages, matching labels or internal values ("marketingqualifiedlead"); -1 if undefined. */
  stageIndex(value: string): number;
  isOpenStage(value: string): boolean;
  /**
   * What the export's created, updated and last-activity columns together say of their day order, for a
   * date column whose own values do not say: worked out once, when first asked.
   */
  dateEvidence(): DayEvidence;
  /**
   * The rows of records the CRM refuses to change (Rules: readOnlyRecords), each with what marks it
   * (`IsConverted "true"`): QA refuses proposals on them, and no merge keeps one. Found once, when first asked.
   */
  readOnlyRows(): ReadonlyMap<number, string>;
}

export type Check = (ctx: CheckContext) => Finding[];

/** A stage as a key: case, spaces, dashes and underscores do not matter ("Sales Qualified Lead" = "salesqualifiedlead"). */
export function stageKey(value: string): string {
  return normaliseText(value).replace(/[\s_-]+/g, '');
}

/** Where a value stands among the Rules' lifecycle stages, as stage keys (-1: not a stage); memoised per distinct value. */
export function stageIndexer(rules: Rules): (value: string) => number {
  const stages = new Map(rules.lifecycleStages.map((s, i) => [stageKey(s), i]));
  return memoText((value) => stages.get(stageKey(value)) ?? -1);
}

export function makeContext(rules: Rules, preset: Preset, headers: readonly string[], rows: readonly (readonly string[])[], asOfText: string): CheckContext {
  const byName = new Map(headers.map((h, i) => [h.toLowerCase(), i]));
  const column = (header: string | undefined): number => (header ? (byName.get(header.trim().toLowerCase()) ?? -1) : -1);
  const roleColumn = (role: Role): number => column(rules.fields[role]);
  const open = new Set(rules.openStages.map(stageKey));
  const roster = new OwnerRoster(rules.owners);
  roster.learnDeactivated(rows, roleColumn('owner'));
  let evidence: DayEvidence | undefined;
  let readOnly: Map<number, string> | undefined;
  const ctx: CheckContext = {
    rules,
    preset,
    headers,
    rows,
    column,
    roleColumn,
    asOfDay: Math.floor(Date.parse(`${asOfText}T00:00:00Z`) / 86_400_000),
    asOfText,
    idColumn: roleColumn('id'),
    roster,
    routes: [],
    stageIndex: stageIndexer(rules),
    isOpenStage: memoText((value) => open.has(stageKey(value))),
    dateEvidence: () => (evidence ??= exportDayEvidence(rows, [roleColumn('createdAt'), roleColumn('updatedAt'), roleColumn('lastActivityAt')])),
    readOnlyRows: () => (readOnly ??= readOnlyRowsOf(rules, preset, rows, column)),
  };
  ctx.routes = compileRoutes(ctx);
  return ctx;
}

function readOnlyRowsOf(rules: Rules, preset: Preset, rows: readonly (readonly string[])[], column: (header: string) => number): Map<number, string> {
  const found = new Map<number, string>();
  for (const [named, values] of Object.entries(rules.readOnlyRecords)) {
    const header = readOnlyMarkColumn(preset, named, (h) => column(h) >= 0);
    if (header === undefined) continue; // (the pull said so)
    const c = column(header);
    const marks = new Set(values.map(normaliseText));
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i]![c]!;
      if (marks.has(normaliseText(v)) && !found.has(i)) found.set(i, `${header} "${v}"`);
    }
  }
  return found;
}

/** What an export's date columns read together say of their day order (each column's values in turn). */
function exportDayEvidence(rows: readonly (readonly string[])[], columns: readonly number[]): DayEvidence {
  const present = columns.filter((c) => c >= 0);
  return columnDayEvidence(
    (function* () {
      for (const c of present) for (const row of rows) yield row[c]!;
    })(),
  );
}

/**
 * The domain's other column, when the export has one beside the role's own (HubSpot's Website URL beside
 * Company Domain Name): read where the domain is blank. -1 when none.
 */
export function websiteColumn(ctx: CheckContext): number {
  const own = ctx.roleColumn('domain');
  for (const alias of ctx.preset.roles.domain ?? []) {
    const c = ctx.column(alias);
    if (c >= 0 && c !== own) return c;
  }
  return -1;
}

/** A finding with the record id filled in from the row, its evidence flattened (see flat). */
export function finding(ctx: CheckContext, row: readonly string[], f: Omit<Finding, 'recordId'>): Finding {
  // explicit fields, not a spread: one object shape for every finding keeps 100k-row reviews fast
  return {
    recordId: row[ctx.idColumn]!,
    check: f.check,
    field: f.field,
    currentValue: f.currentValue,
    proposedValue: f.proposedValue,
    evidence: flat(f.evidence),
    severity: f.severity,
    reason: f.reason,
    rule: f.rule,
    basis: f.basis,
  };
}

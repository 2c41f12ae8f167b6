import type { Preset } from '../presets';
import type { Role, Rules } from '../rules';

/** Check ids are a contract (PRODUCT.md): they appear in the Review tab, review.csv and summary.json. */
export const CHECK_IDS = [
  'missing_required_field', 'inactive_owner', 'stale_owner', 'duplicate_record',
  'lifecycle_mismatch', 'source_mismatch', 'routing_exception',
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
}

/** The batch as the checks see it: approved columns only, looked up by role or header. */
export interface CheckContext {
  rules: Rules;
  preset: Preset;
  headers: readonly string[];
  rows: readonly (readonly string[])[];
  /** Review date, midnight UTC. */
  asOf: Date;
  asOfText: string;
  /** Column index of a header (case-insensitive), -1 when the snapshot lacks it. */
  column(header: string | undefined): number;
  /** Column index of the header that plays a role, -1 when unmapped or absent. */
  roleColumn(role: Role): number;
  idColumn: number;
}

export type Check = (ctx: CheckContext) => Finding[];

export function makeContext(rules: Rules, preset: Preset, headers: readonly string[], rows: readonly (readonly string[])[], asOfText: string): CheckContext {
  const byName = new Map(headers.map((h, i) => [h.toLowerCase(), i]));
  const column = (header: string | undefined): number => (header ? byName.get(header.trim().toLowerCase()) ?? -1 : -1);
  const roleColumn = (role: Role): number => column(rules.fields[role]);
  return {
    rules, preset, headers, rows, column, roleColumn,
    asOf: new Date(`${asOfText}T00:00:00Z`),
    asOfText,
    idColumn: roleColumn('id'),
  };
}

import { KEEP_MARK, MERGE_PREFIX } from '../checks/duplicateRecord';
import { isApprovable, type ReviewRow } from '../review/rows';
import type { Rules } from '../intake/rules';

export interface ApprovedChanges {
  /** Header row, then one row per record. */
  table: string[][];
  /** Approved changes left out because another approved change sets the same field differently. */
  conflicts: ReviewRow[];
  /** Approved changes left out because QA refused them. */
  refused: ReviewRow[];
}

/**
 * Step 5: the approved, approvable proposals as a table the CRM imports: one row per record, the id
 * column first (HubSpot "Record ID", Salesforce "Id"), one column per changed field. Cells a record does
 * not change stay blank; HubSpot and Salesforce updates leave blank cells' values as they are.
 * Nothing that is not approved, that QA refused, or that contradicts another approved change leaves.
 */
export function approvedChanges(rows: readonly ReviewRow[], rules: Rules): ApprovedChanges {
  const idHeader = rules.fields.id ?? 'Id';
  const approved = rows.filter((r) => r.decision === 'Approve' && r.check !== 'duplicate_record');
  const refused = approved.filter((r) => !isApprovable(r) || r.proposedValue.trim() === '');
  const writable = approved.filter((r) => !refused.includes(r));
  const byKey = new Map<string, ReviewRow[]>();
  for (const row of writable) {
    const key = `${row.recordId}\u0000${row.field.toLowerCase()}`;
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  const conflicts: ReviewRow[] = [];
  const fields: string[] = [];
  const byRecord = new Map<string, Map<string, string>>();
  for (const group of byKey.values()) {
    const values = new Set(group.map((r) => r.proposedValue.trim().toLowerCase()));
    if (values.size > 1) {
      conflicts.push(...group);
      continue;
    }
    const row = group[0]!;
    if (!fields.includes(row.field)) fields.push(row.field);
    let changes = byRecord.get(row.recordId);
    if (!changes) byRecord.set(row.recordId, (changes = new Map()));
    changes.set(row.field, row.proposedValue);
  }
  const table: string[][] = [[idHeader, ...fields]];
  for (const [recordId, changes] of byRecord) table.push([recordId, ...fields.map((f) => changes.get(f) ?? '')]);
  return { table, conflicts, refused };
}

export function describeLeftOut(result: ApprovedChanges): string {
  const parts: string[] = [];
  if (result.refused.length) parts.push(`${result.refused.length} approved row${result.refused.length === 1 ? ' was' : 's were'} not exported because QA marked ${result.refused.length === 1 ? 'it' : 'them'} not approvable`);
  if (result.conflicts.length) parts.push(`${result.conflicts.length} approved rows set the same field of a record to different values and were not exported: approve only one of them (Issue IDs ${result.conflicts.slice(0, 4).map((r) => r.issueId).join(', ')}${result.conflicts.length > 4 ? ', …' : ''})`);
  return parts.length ? ` ${parts.join('; ')}.` : '';
}

export const MERGE_COLUMNS = ['Survivor ID', 'Merged ID', 'Fields to keep from merged record', 'Issue ID'] as const;

/**
 * Approved merges, apart from field updates: CRM imports cannot merge records (HubSpot merges cannot be
 * undone), so merges are a list for the CRM's own merge tool. A merge leaves when the merged record's
 * row is approved and approvable, and the survivor's row is not rejected.
 */
export function approvedMerges(rows: readonly ReviewRow[]): string[][] {
  const dup = rows.filter((r) => r.check === 'duplicate_record');
  const survivorRejected = new Set(dup.filter((r) => r.decision === 'Reject' && !r.proposedValue.startsWith(MERGE_PREFIX)).map((r) => r.recordId));
  const out: string[][] = [[...MERGE_COLUMNS]];
  for (const r of dup) {
    if (r.decision !== 'Approve' || !isApprovable(r) || !r.proposedValue.startsWith(MERGE_PREFIX)) continue;
    const survivor = r.proposedValue.slice(MERGE_PREFIX.length);
    if (survivorRejected.has(survivor)) continue;
    const at = r.evidence.indexOf(KEEP_MARK);
    const keep = at >= 0 ? r.evidence.slice(at + KEEP_MARK.length).replace(/\.$/, '') : '';
    out.push([survivor, r.recordId, keep === 'none' ? '' : keep, r.issueId]);
  }
  return out;
}

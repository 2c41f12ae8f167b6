import type { Preset } from './presets';
import { isApprovable, type ReviewRow } from './review';
import type { Rules } from './rules';

/**
 * Step 5: the approved, approvable proposals as a table the CRM imports: one row per record, the id
 * column first (HubSpot "Record ID", Salesforce "Id"), one column per changed field. Cells a record does
 * not change stay blank; HubSpot and Salesforce updates leave blank cells' values as they are.
 * Nothing that is not approved, or that QA refused, leaves.
 */
export function approvedChangesTable(rows: readonly ReviewRow[], rules: Rules, _preset: Preset): string[][] {
  const idHeader = rules.fields.id ?? 'Id';
  const approved = rows.filter((r) => r.decision === 'Approve' && isApprovable(r) && r.proposedValue.trim() !== '' && r.check !== 'duplicate_record');
  const fields: string[] = [];
  const byRecord = new Map<string, Map<string, string>>();
  for (const row of approved) {
    if (!fields.includes(row.field)) fields.push(row.field);
    let changes = byRecord.get(row.recordId);
    if (!changes) byRecord.set(row.recordId, (changes = new Map()));
    changes.set(row.field, row.proposedValue);
  }
  const out: string[][] = [[idHeader, ...fields]];
  for (const [recordId, changes] of byRecord) out.push([recordId, ...fields.map((f) => changes.get(f) ?? '')]);
  return out;
}

import { KEEP_MARK, MERGE_PREFIX } from '../checks/duplicateRecord';
import { isApprovable, type ReviewRow } from '../review/rows';
import type { Rules } from '../intake/rules';
import { isBlank } from '../text/cells';
import { shortHash } from '../text/hash';

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
  if (result.refused.length)
    parts.push(
      `${result.refused.length} approved row${result.refused.length === 1 ? ' was' : 's were'} not exported because QA marked ${result.refused.length === 1 ? 'it' : 'them'} not approvable`,
    );
  if (result.conflicts.length)
    parts.push(
      `${result.conflicts.length} approved rows set the same field of a record to different values and were not exported: approve only one of them (Issue IDs ${result.conflicts
        .slice(0, 4)
        .map((r) => r.issueId)
        .join(', ')}${result.conflicts.length > 4 ? ', …' : ''})`,
    );
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

// ---- Export IDs, the export ledger and rollback ----

/** The export ledger (Export Log tab, export-log.csv): one row per change or merge that left, never rewritten. */
export const EXPORT_LOG_COLUMNS = ['Export ID', 'Exported at', 'Issue ID', 'Evidence ID', 'Record ID', 'Field', 'New value', 'Previous value'] as const;
export const MERGE_FIELD = '(merge)';

export interface ExportedItem {
  exportId: string;
  exportedAt: string;
  issueId: string;
  evidenceId: string;
  recordId: string;
  field: string;
  newValue: string;
  previousValue: string;
}

export function exportedItemCells(e: ExportedItem): string[] {
  return [e.exportId, e.exportedAt, e.issueId, e.evidenceId, e.recordId, e.field, e.newValue, e.previousValue];
}

export function parseExportLog(grid: readonly (readonly string[])[]): ExportedItem[] {
  if (grid.length < 2) return [];
  const header = grid[0]!.map((h) => h.trim());
  const at = (name: (typeof EXPORT_LOG_COLUMNS)[number]): number => header.indexOf(name);
  const cols = EXPORT_LOG_COLUMNS.map(at);
  if (cols[0]! < 0 || cols[2]! < 0) return [];
  const get = (row: readonly string[], i: number): string => (cols[i]! >= 0 ? (row[cols[i]!] ?? '') : '');
  return grid
    .slice(1)
    .filter((r) => !isBlank(get(r, 2)))
    .map((r) => ({
      exportId: get(r, 0),
      exportedAt: get(r, 1),
      issueId: get(r, 2).trim(),
      evidenceId: get(r, 3),
      recordId: get(r, 4),
      field: get(r, 5),
      newValue: get(r, 6),
      previousValue: get(r, 7),
    }));
}

/**
 * What is wrong with an export ledger against the count of changes and merges `by` left in it (its pin),
 * in words; undefined when it lists them all (rows typed in add to it) or there is no pin. The ledger is
 * what keeps a change from leaving twice, so the add-on and the CLI refuse one that lost rows.
 */
export function exportLogPinProblem(pinned: unknown, listed: number, missing: boolean, by: string): string | undefined {
  if (typeof pinned !== 'number' || pinned < 1 || listed >= pinned) return undefined;
  return missing ? 'is missing' : `lists ${listed} ${listed === 1 ? 'change or merge' : 'changes and merges'}, ${by} left ${pinned}`;
}

/**
 * A readable Export ID, unique in the ledger (`taken`): when it left, and a hash of the batch and the
 * moment (counted on when an earlier export of the same second holds it).
 */
export function exportIdFor(batchId: string, exportedAt: string, taken: ReadonlySet<string> = new Set()): string {
  const stamp = exportedAt.replace(/[^0-9]/g, '').slice(0, 14);
  // (two exports in one second must not share an id, nor one's saved copy the other's folder)
  for (let n = 0; ; n++) {
    const id = `EX-${stamp.slice(0, 8)}-${stamp.slice(8, 14)}-${shortHash(`${batchId}\u0000${exportedAt}${n ? `\u0000${n}` : ''}`).slice(-4)}`;
    if (!taken.has(id)) return id;
  }
}

/** A date as an isoDate proposal writes it: YYYY-MM-DD, or with its time. */
const ISO_FORM = /^\d{4}-\d\d-\d\d(?:T\d\d:\d\d:\d\dZ?)?$/;

export interface ExportPlan {
  exportId: string;
  exportedAt: string;
  /** The import table: the id column, one column per changed field, then Export ID and Exported at. */
  changes: string[][];
  /** The same records and columns with the values before the change (from the snapshot), and how to undo what an import cannot. */
  rollback: string[][];
  /** Approved merges with their Export ID, for the CRM's merge tool. */
  merges: string[][];
  /** What this export adds to the ledger. */
  ledger: ExportedItem[];
  conflicts: ReviewRow[];
  refused: ReviewRow[];
  /** Approved changes and merges left out because an earlier export already carried them. */
  alreadyExported: number;
  /** Changes that an earlier export carried and that are no longer approved: undo them with that export's rollback. */
  withdrawn: Map<string, number>;
  /** The same for merges, per Export ID: the CRM keeps a merged record, so no rollback undoes them. */
  withdrawnMerges: Map<string, number>;
}

export interface ExportOptions {
  exportedAt: string;
  batchId: string;
  /** Repeat changes an earlier export already carried (a person asked for it). */
  includeExported: boolean;
  /** HubSpot lifecycle stages only move forward by import. */
  forwardOnlyStageField?: string;
  /**
   * The owner column, and what a rollback writes for an owner as the export shows it: the value its import
   * takes (the export may show a Salesforce owner by name, and a name does not import), or the value as
   * shown when none is known.
   */
  ownerImport?: { field: string; rollback: (shown: string) => OwnerRollback };
}

/** What a rollback writes for an owner before (see ExportOptions.ownerImport), and what its note must say. */
export interface OwnerRollback {
  value: string;
  /** No value the import takes is known: written as shown, to restore by hand. */
  unknown?: boolean;
  /** The owner before can no longer own records. */
  inactive?: boolean;
}

/**
 * Step 5 as a plan: what leaves now, with its Export ID, its rollback and its ledger rows. Nothing an
 * earlier export carried leaves twice unless asked; a change an earlier export carried that is no
 * longer approved is reported, with the export whose rollback undoes it.
 */
export function planExport(rows: readonly ReviewRow[], rules: Rules, earlier: readonly ExportedItem[], opts: ExportOptions): ExportPlan {
  const exportId = exportIdFor(opts.batchId, opts.exportedAt, new Set(earlier.map((e) => e.exportId)));
  const done = new Set(earlier.map((e) => `${e.issueId}\u0000${e.evidenceId}`));
  const isNew = (r: ReviewRow): boolean => opts.includeExported || !done.has(`${r.issueId}\u0000${r.evidenceId}`);
  let alreadyExported = 0;
  const fresh = rows.filter((r) => {
    if (r.decision !== 'Approve') return true;
    if (isNew(r)) return true;
    alreadyExported++;
    return false;
  });
  const result = approvedChanges(fresh, rules);
  const [header = [], ...body] = result.table;
  const changes = [[...header, 'Export ID', 'Exported at'], ...body.map((r) => [...r, exportId, opts.exportedAt])];

  // rollback: the value each exported cell held before, from the snapshot (the proposal's current value)
  const byCell = new Map<string, ReviewRow>();
  for (const r of fresh) if (r.decision === 'Approve' && r.check !== 'duplicate_record') byCell.set(`${r.recordId}\u0000${r.field.toLowerCase()}`, r);
  const fields = header.slice(1);
  const ownerField = opts.ownerImport?.field.toLowerCase();
  const ledger: ExportedItem[] = [];
  const rollback = [[...header, 'Export ID', 'Rollback note']];
  for (const line of body) {
    const recordId = line[0]!;
    const before: string[] = [];
    const blankBefore: string[] = [];
    const cellNotes: string[] = [];
    let stageBack = false;
    fields.forEach((field, i) => {
      const row = line[i + 1] ? byCell.get(`${recordId}\u0000${field.toLowerCase()}`) : undefined;
      if (!row) {
        before.push('');
        return;
      }
      const owner = ownerField === field.toLowerCase() && !isBlank(row.currentValue) ? opts.ownerImport!.rollback(row.currentValue) : undefined;
      before.push(owner ? owner.value : row.currentValue);
      if (owner?.unknown) {
        cellNotes.push(
          `${field} "${row.currentValue}" is the owner before as the export showed it, and the roster gives no value an import takes for them: restore the owner by hand`,
        );
      } else if (owner && owner.value !== row.currentValue) {
        cellNotes.push(`${field} is the owner before as the import takes it (the export showed "${row.currentValue}")`);
      }
      if (owner?.inactive) {
        cellNotes.push(`${field}: the owner before is inactive, and an import restores them only where the CRM lets records be assigned to inactive users`);
      }
      if (isBlank(row.currentValue)) blankBefore.push(field);
      // a date's form rewritten (isoDate): the value before as the export showed it, which an import may
      // not read ("10/20/2026, 4:05 PM": Data Loader takes no comma or AM/PM); its ISO form is the same date
      else if (row.check === 'record_rule_violation' && ISO_FORM.test(row.proposedValue) && !ISO_FORM.test(row.currentValue.trim()))
        cellNotes.push(`${field} "${row.currentValue}" is the value before as the export showed it: if the import refuses that form, write ${row.proposedValue}, the same date`);
      if (opts.forwardOnlyStageField && field.toLowerCase() === opts.forwardOnlyStageField.toLowerCase()) stageBack = true;
      ledger.push({
        exportId,
        exportedAt: opts.exportedAt,
        issueId: row.issueId,
        evidenceId: row.evidenceId,
        recordId,
        field,
        newValue: row.proposedValue,
        previousValue: row.currentValue,
      });
    });
    const notes: string[] = [];
    if (blankBefore.length)
      notes.push(
        `${blankBefore.join(', ')} ${blankBefore.length === 1 ? 'was' : 'were'} blank before: an import leaves blank cells unchanged, so clear ${blankBefore.length === 1 ? 'it' : 'them'} by hand`,
      );
    if (stageBack) notes.push('the stage moves backwards, which an import cannot do: clear the stage first, then import');
    notes.push(...cellNotes);
    rollback.push([recordId, ...before, exportId, notes.join('; ')]);
  }

  const mergeRows = approvedMerges(fresh);
  // a merge is a duplicate_record row: only those are looked up, and only when there is a merge (issue 12)
  const byIssue = new Map(mergeRows.length > 1 ? fresh.flatMap((r) => (r.check === 'duplicate_record' ? [[r.issueId, r] as const] : [])) : []);
  const merges = [[...mergeRows[0]!, 'Export ID', 'Exported at']];
  for (const m of mergeRows.slice(1)) {
    const row = byIssue.get(m[3]!)!;
    merges.push([...m, exportId, opts.exportedAt]);
    ledger.push({
      exportId,
      exportedAt: opts.exportedAt,
      issueId: row.issueId,
      evidenceId: row.evidenceId,
      recordId: row.recordId,
      field: MERGE_FIELD,
      newValue: row.proposedValue,
      previousValue: '',
    });
  }

  // a person changed their mind after an export: the proposal is still here, on the same facts, no longer approved
  const exportOf = new Map(earlier.map((e) => [`${e.issueId}\u0000${e.evidenceId}`, e]));
  const withdrawn = new Map<string, number>();
  const withdrawnMerges = new Map<string, number>();
  // nothing exported before, nothing withdrawn (issue 12: no key built per proposal on a first export)
  if (exportOf.size)
    for (const r of rows) {
      if (r.decision === 'Approve') continue;
      const e = exportOf.get(`${r.issueId}\u0000${r.evidenceId}`);
      // (a merge is counted apart: no import undoes it)
      const counts = e?.field === MERGE_FIELD ? withdrawnMerges : withdrawn;
      if (e) counts.set(e.exportId, (counts.get(e.exportId) ?? 0) + 1);
    }
  return {
    exportId,
    exportedAt: opts.exportedAt,
    changes,
    rollback,
    merges,
    ledger,
    conflicts: result.conflicts,
    refused: result.refused,
    alreadyExported,
    withdrawn,
    withdrawnMerges,
  };
}

/**
 * The latest export, if some of its changes are no longer approved on the same facts: the Approved
 * Changes tab then no longer says what the decisions imply, and Run review marks it stale.
 */
export function staleExport(rows: readonly ReviewRow[], earlier: readonly ExportedItem[]): { exportId: string; count: number } | undefined {
  if (earlier.length === 0) return undefined;
  let latest = earlier[0]!;
  // (the ledger is in the order exports left: of two in one second, the later row is the later export)
  for (const e of earlier) if (e.exportedAt >= latest.exportedAt) latest = e;
  const approved = new Set(rows.filter((r) => r.decision === 'Approve' && isApprovable(r)).map((r) => `${r.issueId}\u0000${r.evidenceId}`));
  const count = earlier.filter((e) => e.exportId === latest.exportId && !approved.has(`${e.issueId}\u0000${e.evidenceId}`)).length;
  return count ? { exportId: latest.exportId, count } : undefined;
}

/** The plan in words: what left, what was left out and why, and what an earlier export carried that is no longer approved. */
export function describeExport(plan: ExportPlan, rollbackOf: (exportId: string) => string = () => "that export's rollback"): string {
  const parts: string[] = [];
  if (plan.alreadyExported)
    parts.push(
      `${plan.alreadyExported} approved change${plan.alreadyExported === 1 ? ' was' : 's were'} exported before and ${plan.alreadyExported === 1 ? 'is' : 'are'} not repeated`,
    );
  if (plan.withdrawn.size) parts.push(`no longer approved but exported before: ${[...plan.withdrawn].map(([id, n]) => `${n} in ${id} (undo with ${rollbackOf(id)})`).join(', ')}`);
  if (plan.withdrawnMerges.size)
    parts.push(
      `merges no longer approved but exported before: ${[...plan.withdrawnMerges].map(([id, n]) => `${n} in ${id}`).join(', ')} (no import undoes a merge the CRM made: check the merged records there)`,
    );
  const leftOut = describeLeftOut({ table: plan.changes, conflicts: plan.conflicts, refused: plan.refused }).trim();
  return [leftOut, parts.length ? `${parts.join('; ')}.` : ''].filter(Boolean).join(' ');
}

import type { OwnerRoster } from '../checks/owners';
import { CHECKS } from '../checks';
import { type CheckId, type Finding, makeContext } from '../checks/types';
import type { ResolvedRules } from '../intake/config';
import { recordIndexOf } from '../intake/pull';
import { makeQa } from './qa';
import { type ReviewRow, reviewIdsFor, sortReviewRows } from './rows';
import { whySkipped } from '../checks/applicability';
import { type Linker, linkHere, MERGE_PREFIX, startDuplicateRecord } from '../checks/duplicateRecord';

/**
 * The review date: the rules' asOf, else today in the spreadsheet's (or the CLI's) time zone, as
 * YYYY-MM-DD. `today` is asked only when needed (the CLI's first time-zone lookup costs 16 ms).
 */
export function reviewDate(rules: { asOf?: string }, today: () => string): string {
  return rules.asOf ?? today();
}

/**
 * The Record link for one template: each "{id}" replaced by the encoded record id, the template cut at
 * its "{id}"s once (issue 12: no regex replace per row; test/fastPaths.test.ts checks it against the
 * replace on random templates).
 */
export function recordUrlMaker(template: string | undefined): (recordId: string) => string {
  const parts = template ? template.split('{id}') : undefined;
  return (recordId) => (parts ? parts.join(encodeURIComponent(recordId)) : '');
}

export interface SkippedCheck {
  check: CheckId;
  reason: string;
}

export interface ChecksRun {
  /** Every proposal after QA, Pending, grouped by record in batch order. */
  rows: ReviewRow[];
  /** Checks that could not run on this batch, with why. */
  skipped: SkippedCheck[];
  /** The owner roster as the checks read it (the batch's "(Deactivated User)" labels learnt): the export's rollback reads owners with it. */
  roster: OwnerRoster;
}

/**
 * Steps 2 and 3: run every check on the snapshot, QA each proposal and give it its stable Issue ID and
 * Evidence ID. Depends only on the snapshot's set of records and the Rules, never on row order.
 * Decisions are joined on afterwards (decisions/reconcile.ts).
 */
export function runChecks(
  snapshot: { headers: readonly string[]; rows: readonly (readonly string[])[] },
  resolved: ResolvedRules,
  asOf: string,
  only?: readonly CheckId[],
  linker: Linker = linkHere,
): ChecksRun {
  const { rules, preset } = resolved;
  const ctx = makeContext(rules, preset, snapshot.headers, snapshot.rows, asOf);
  const readOnly = new Map<string, string>();
  for (const [i, why] of ctx.readOnlyRows()) readOnly.set(ctx.rows[i]![ctx.idColumn]!, why);
  const qa = makeQa(rules, preset, ctx.roster, ctx.stageIndex, readOnly);
  const findings: Finding[] = [];
  const skipped: SkippedCheck[] = [];
  const runs = CHECKS.filter((check) => {
    if (only && !only.includes(check.id)) return false;
    const reason = whySkipped(check.id, ctx);
    if (reason) skipped.push({ check: check.id, reason });
    return !reason;
  });
  // the duplicate engine starts first and is joined last, so a linker that works elsewhere (the CLI's
  // worker thread) runs beside the other checks (issue 12); the rows are sorted below, so the order the
  // checks run in changes nothing. Everything that does not need the duplicates (the other checks'
  // rows with their IDs and QA, the record order) is done before the join, in the same window.
  const duplicates = runs.some((c) => c.id === 'duplicate_record') ? startDuplicateRecord(ctx, linker) : undefined;
  for (const check of runs) if (check.id !== 'duplicate_record') for (const f of check.run(ctx)) findings.push(f);
  const urlOf = recordUrlMaker(rules.recordUrlTemplate);
  // issue 12: the IDs and QA read the row, of one shape, not the finding (each check makes its own
  // shape, so every property read of a finding is a slow, many-shaped one)
  const toRow = (finding: Finding): ReviewRow => {
    const row: ReviewRow = {
      recordId: finding.recordId,
      check: finding.check,
      field: finding.field,
      currentValue: finding.currentValue,
      proposedValue: finding.proposedValue,
      evidence: finding.evidence,
      severity: finding.severity,
      reason: finding.reason,
      rule: finding.rule,
      basis: finding.basis,
      issueId: '',
      evidenceId: '',
      qa: '',
      recordUrl: urlOf(finding.recordId),
      decision: 'Pending',
      reviewerNote: '',
    };
    const ids = reviewIdsFor(row);
    row.issueId = ids.issueId;
    row.evidenceId = ids.evidenceId;
    row.qa = notApprovable(qa(row));
    return row;
  };
  const owners = harmoniseOwners(findings, rules.fields.owner);
  const early = owners.findings.map(toRow);
  const order = recordIndexOf(snapshot.rows, ctx.idColumn);
  const duplicateFindings = duplicates ? duplicates() : [];
  const merged = mergedRecords(duplicateFindings);
  const rows = merged.size ? early.map((row, k) => (owners.isOwnerProposal[k] && merged.has(row.recordId) ? alsoMerged(row, merged.get(row.recordId)!) : row)) : early;
  for (const f of duplicateFindings) rows.push(toRow(f));
  return { rows: sortReviewRows(rows, order), skipped, roster: ctx.roster };
}

/** The proposals alone (every row Pending), for callers that do not need the skipped checks. */
export function reviewSnapshot(
  snapshot: { headers: readonly string[]; rows: readonly (readonly string[])[] },
  resolved: ResolvedRules,
  asOf: string,
  only?: readonly CheckId[],
): ReviewRow[] {
  return runChecks(snapshot, resolved, asOf, only).rows;
}

/** Which owner proposal wins when several checks propose an owner for one record. */
const OWNER_PRIORITY: Partial<Record<CheckId, number>> = { inactive_owner: 0, routing_exception: 1, stale_owner: 2, missing_required_field: 3 };

/**
 * One record, one coherent set of proposals. Checks that propose a new owner for one record propose the
 * same one (harmoniseOwners, before the join). A record proposed for merge keeps its owner findings: the
 * merge is a proposal too, and a rejected merge must not hide an inactive or misrouted owner batch after
 * batch (its decision survives re-runs); the owner finding says that an approved merge makes it moot
 * (alsoMerged). mergedRecords maps each such record to its survivor.
 */
function mergedRecords(findings: readonly Finding[]): Map<string, string> {
  const merged = new Map<string, string>();
  for (const f of findings) if (f.check === 'duplicate_record' && f.proposedValue.startsWith(MERGE_PREFIX)) merged.set(f.recordId, f.proposedValue.slice(MERGE_PREFIX.length));
  return merged;
}

/**
 * An owner finding of a record proposed for merge, saying how the two proposals meet. (Its Evidence ID
 * stands for the values behind the proposal, not its wording, so the note resets no decision.)
 */
function alsoMerged(row: ReviewRow, survivor: string): ReviewRow {
  return {
    ...row,
    evidence: `${row.evidence} This record is also proposed for merge into ${survivor}: if that merge is approved, the merge keeps the survivor's owner and this finding no longer matters; if it is rejected, this finding stands on its own.`,
  };
}

/**
 * Every owner proposal of a record takes the strongest reason's owner (inactive, then routing, then
 * stale); the others say so. (The rendezvous choice already agrees in practice; this makes it a rule.)
 * Returns the findings, owner proposals rewritten where they differed, and which are owner proposals.
 */
function harmoniseOwners(findings: readonly Finding[], ownerHeader: string | undefined): { findings: Finding[]; isOwnerProposal: boolean[] } {
  const ownerKey = ownerHeader?.trim().toLowerCase();
  const isOwnerProposal = findings.map((f) => OWNER_PRIORITY[f.check] !== undefined && f.check !== 'missing_required_field' && f.field.trim().toLowerCase() === ownerKey);
  const chosen = new Map<string, Finding>();
  findings.forEach((f, k) => {
    if (!isOwnerProposal[k] || f.proposedValue === '') return;
    const best = chosen.get(f.recordId);
    if (!best || OWNER_PRIORITY[f.check]! < OWNER_PRIORITY[best.check]!) chosen.set(f.recordId, f);
  });
  const out = findings.map((f, k) => {
    if (!isOwnerProposal[k]) return f;
    const best = chosen.get(f.recordId);
    if (best && best !== f && f.proposedValue !== '' && f.proposedValue !== best.proposedValue) {
      return {
        ...f,
        proposedValue: best.proposedValue,
        evidence: `${f.evidence} The owner proposed by ${best.check} (${best.proposedValue}) is proposed here too, so the record gets one new owner.`,
      };
    }
    return f;
  });
  return { findings: out, isOwnerProposal };
}

function notApprovable(reasons: string[]): string {
  return reasons.length ? `Not approvable: ${reasons.join('; ')}` : '';
}

import { CHECKS } from '../checks';
import { type CheckId, makeContext } from '../checks/types';
import type { ResolvedRules } from '../intake/config';
import type { Snapshot } from '../intake/pull';
import { makeQa } from './qa';
import { carryDecisions, issueIdFor, type ReviewRow, sortReviewRows } from './rows';

/** The review date: the rules' asOf, else today (UTC), as YYYY-MM-DD. */
export function reviewDate(rules: { asOf?: string }, now: Date): string {
  return rules.asOf ?? now.toISOString().slice(0, 10);
}

export function recordUrl(template: string | undefined, recordId: string): string {
  return template ? template.replace(/\{id\}/g, encodeURIComponent(recordId)) : '';
}

/**
 * Steps 2 and 3: run every check on the snapshot, QA each proposal, give it its stable Issue ID,
 * and carry the decisions already made on the previous Review.
 */
export function reviewSnapshot(snapshot: Pick<Snapshot, 'headers' | 'rows'>, resolved: ResolvedRules, asOf: string, previous: readonly ReviewRow[] = [], only?: readonly CheckId[]): ReviewRow[] {
  const { rules, preset } = resolved;
  const ctx = makeContext(rules, preset, snapshot.headers, snapshot.rows, asOf);
  const qa = makeQa(rules, preset, ctx.roster);
  const rows: ReviewRow[] = [];
  for (const check of CHECKS) {
    if (only && !only.includes(check.id)) continue;
    for (const finding of check.run(ctx)) {
      rows.push({
        recordId: finding.recordId, check: finding.check, field: finding.field, currentValue: finding.currentValue,
        proposedValue: finding.proposedValue, evidence: finding.evidence, severity: finding.severity, reason: finding.reason,
        issueId: issueIdFor(finding.recordId, finding.check, finding.field),
        qa: notApprovable(qa(finding)),
        recordUrl: recordUrl(rules.recordUrlTemplate, finding.recordId),
        decision: 'Pending',
        reviewerNote: '',
      });
    }
  }
  const order = new Map<string, number>();
  snapshot.rows.forEach((r, i) => order.set(r[ctx.idColumn]!, i));
  return sortReviewRows(carryDecisions(rows, previous), order);
}

function notApprovable(reasons: string[]): string {
  return reasons.length ? `Not approvable: ${reasons.join('; ')}` : '';
}

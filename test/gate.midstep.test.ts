/**
 * A decision typed into the Review while a step runs: the edit trigger cannot take the lock the step
 * holds, and the step builds its new Review from what it read at its start. The swap reads the old tab
 * again and carries what was typed meanwhile; the step logs it. Proved by typing the decision at every
 * service call of each step.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { carryMidStepEdits } from '../src/core/decisions/reconcile';
import { latestEntries, parseLog } from '../src/core/decisions/log';
import { REVIEW_COLUMNS, type ReviewRow, reviewRowsFromGrid, reviewRowsToGrid } from '../src/core/review/rows';
import { cellToText, type CellValue } from '../src/core/text/cells';
import { BUNDLE_PATH, loadBundle } from '../src/local/bundle';
import { reviewLines, workbookWithExport } from '../src/local/workbench';
import { contact, type Contact, exportCsv, teamRulesFile } from './fixtures';

beforeAll(() => {
  if (!existsSync(BUNDLE_PATH)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
});

type Rt = ReturnType<typeof workbookWithExport>;
const values = (rt: Rt, name: string): string[][] => (rt.spreadsheet.sheet(name)?.values() ?? []).map((r) => r.map((c) => cellToText(c as CellValue)));
const D = REVIEW_COLUMNS.indexOf('Decision') + 1;

/** A reviewed batch; record 501's proposal approved by Alice (logged by onEdit). */
function approvedByAlice() {
  const contacts: Contact[] = [
    contact({ 'Record ID': '501', 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' }),
    contact({ 'Record ID': '503', 'Contact owner': 'Dana Brooks' }),
  ];
  const rt = workbookWithExport(exportCsv(contacts), { rules: teamRulesFile });
  const a = loadBundle(rt);
  a.call('pullApprovedFields');
  a.call('runReview');
  const line = reviewLines(rt).find((l) => l.cells['Record ID'] === '501')!;
  a.call('onEdit', rt.editEvent('Review', line.row, D, 'Approve', 'alice@example.com'));
  return { rt, a, issue: line.cells['Issue ID']! };
}

/**
 * The service calls of a step, and those made while its new Review waits beside the old one: every
 * call there is tried, and every fifth before (typed before the step reads the Review, a decision is
 * simply read by it).
 */
function callsOf(step: string): { total: number; tried: number[]; swapping: number[] } {
  const { rt, a } = approvedByAlice();
  const swapping: number[] = [];
  let n = 0;
  const probe = (): void => {
    n++;
    if (rt.spreadsheet.sheetList.some((s) => s.name === 'Review ~new')) swapping.push(n);
    rt.duringCall(1, probe);
  };
  rt.duringCall(1, probe);
  a.call(step);
  rt.duringCall(undefined);
  const first = swapping[0] ?? n;
  const tried = [];
  for (let k = 1; k <= n + 1; k++) if (k >= first - 2 || k % 5 === 0) tried.push(k);
  return { total: n, tried, swapping };
}

const exportedUnstale = (rt: Rt, record: string): boolean => values(rt, 'Approved Changes').some((r) => r[0] === record);

describe('a decision typed while a step holds the lock', () => {
  for (const step of ['runReview', 'refreshSummary', 'exportApprovedChanges']) {
    it(`${step}: survives the swap and is logged, wherever in the step it is typed`, () => {
      const { tried, swapping } = callsOf(step);
      expect(swapping.length).toBeGreaterThan(3);
      const lost: number[] = [];
      let carried = 0;
      for (const n of tried) {
        const { rt, a, issue } = approvedByAlice();
        let typedAt: 'old' | 'new' | undefined;
        rt.duringCall(n, () => {
          // Alice changes her mind in the Review in view: the trigger fires but cannot take the lock
          const line = reviewLines(rt).find((l) => l.cells['Issue ID'] === issue);
          if (!line) return; // the instant between deleting the old tab and naming the new one: no Review to type in
          typedAt = rt.spreadsheet.sheetList.some((s) => s.name === 'Review ~new') ? 'old' : 'new';
          a.call('onEdit', rt.editEvent('Review', line.row, D, 'Reject', 'alice@example.com'));
        });
        a.call(step);
        rt.duringCall(undefined);
        expect(rt.alerts).toEqual([]);
        if (!typedAt) continue;
        const shown = reviewLines(rt).find((l) => l.cells['Issue ID'] === issue)?.cells.Decision;
        if (shown !== 'Reject') {
          lost.push(n);
          continue;
        }
        if (typedAt === 'old') {
          // carried by the swap, and logged by this step
          expect(latestEntries(parseLog(values(rt, 'Decision Log')).entries).get(issue)?.decision).toBe('Reject');
          expect(rt.toasts.at(-1)).toContain('typed while this step ran');
          carried++;
        }
        // whatever the moment, the next step holds it and nothing approved by nobody is importable
        a.call('refreshSummary');
        expect(latestEntries(parseLog(values(rt, 'Decision Log')).entries).get(issue)?.decision).toBe('Reject');
        expect(exportedUnstale(rt, '501')).toBe(false);
      }
      // only the instant between the swap's last read of the old tab and its deletion (one call)
      expect(lost.length).toBeLessThanOrEqual(1);
      expect(carried).toBeGreaterThan(3);
    });
  }

  it('an export that a Reject typed meanwhile overtakes leaves its tab marked stale, and says so', () => {
    const { swapping } = callsOf('exportApprovedChanges');
    let checked = 0;
    for (const n of swapping) {
      const { rt, a, issue } = approvedByAlice();
      let typedBeforeSwap = false;
      rt.duringCall(n, () => {
        const line = reviewLines(rt).find((l) => l.cells['Issue ID'] === issue);
        if (!line) return;
        typedBeforeSwap = rt.spreadsheet.sheetList.some((s) => s.name === 'Review ~new');
        a.call('onEdit', rt.editEvent('Review', line.row, D, 'Reject', 'alice@example.com'));
      });
      a.call('exportApprovedChanges');
      rt.duringCall(undefined);
      if (!typedBeforeSwap || reviewLines(rt).find((l) => l.cells['Issue ID'] === issue)?.cells.Decision !== 'Reject') continue;
      checked++;
      expect(exportedUnstale(rt, '501')).toBe(false);
      expect(values(rt, 'Approved Changes (stale)').some((r) => r[0] === '501')).toBe(true);
      expect(rt.toasts.at(-1)).toContain('is now "Approved Changes (stale)"');
    }
    expect(checked).toBeGreaterThan(3);
  });

  it('an interruption of the swap after the carry loses nothing: the next step finishes it', () => {
    const { swapping } = callsOf('refreshSummary');
    let checked = 0;
    for (const n of swapping) {
      for (let fail = 1; fail <= 3; fail++) {
        const { rt, a, issue } = approvedByAlice();
        let typed = false;
        rt.duringCall(n, () => {
          const line = reviewLines(rt).find((l) => l.cells['Issue ID'] === issue);
          if (!line || !rt.spreadsheet.sheetList.some((s) => s.name === 'Review ~new')) return;
          typed = true;
          a.call('onEdit', rt.editEvent('Review', line.row, D, 'Reject', 'alice@example.com'));
        });
        rt.failAt(n + fail);
        try {
          a.call('refreshSummary');
        } catch {
          /* the injected failure */
        }
        rt.failAt(undefined);
        rt.duringCall(undefined);
        if (!typed) continue;
        a.call('refreshSummary');
        const shown = reviewLines(rt).find((l) => l.cells['Issue ID'] === issue)?.cells.Decision;
        if (shown !== 'Reject') continue; // typed in the swap's last instant (see the test above)
        checked++;
        expect(latestEntries(parseLog(values(rt, 'Decision Log')).entries).get(issue)?.decision).toBe('Reject');
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
});

describe('carryMidStepEdits', () => {
  const ctx = { batchId: 'B-1', loggedAt: '2026-11-27T09:00:00Z', reviewer: 'runner@example.com' };
  const row = (id: string, over: Partial<ReviewRow> = {}): ReviewRow => ({
    issueId: id,
    recordId: id.slice(3),
    check: 'source_mismatch',
    field: 'Lead Source',
    currentValue: '',
    proposedValue: 'Event',
    evidence: 'campaign webinar-q3 maps to Event',
    severity: 'Medium',
    reason: '',
    evidenceId: `EV-${id}`,
    qa: '',
    recordUrl: '',
    decision: 'Pending',
    reviewerNote: '',
    ...over,
  });
  const read = (rows: ReviewRow[]) => reviewRowsFromGrid(reviewRowsToGrid(rows), 'test');

  it('carries a decision and a note typed since the step read the Review, and logs each "at step"', () => {
    const rows = [row('RG-1'), row('RG-2', { decision: 'Approve' })];
    const c = carryMidStepEdits(
      read(rows),
      [
        { issueId: 'RG-1', decision: 'Reject', reviewerNote: 'not a webinar lead' },
        { issueId: 'RG-2', decision: 'Approve', reviewerNote: '' },
      ],
      rows,
      ctx,
    );
    expect(c).toMatchObject({ carried: 1, dropped: 0 });
    expect(c.rows.map((r) => [r.decision, r.reviewerNote])).toEqual([
      ['Reject', 'not a webinar lead'],
      ['Approve', ''],
    ]);
    expect(c.entries).toEqual([
      expect.objectContaining({ issueId: 'RG-1', decision: 'Reject', previousDecision: 'Pending', recorded: 'at step', reviewer: 'runner@example.com', qa: 'Approvable' }),
    ]);
  });

  it('keeps what the step did on purpose: a reset, a refused or changed row, a proposal gone', () => {
    const before = [row('RG-1', { decision: 'Approve' }), row('RG-2', { decision: 'Approve' }), row('RG-3')];
    // the step reset RG-1 (facts changed), and RG-3's proposal is gone
    const after = [row('RG-1', { proposedValue: 'Webinar', evidenceId: 'EV-new' }), row('RG-2', { decision: 'Approve' })];
    const c = carryMidStepEdits(
      read(before),
      [
        { issueId: 'RG-1', decision: 'Escalate', reviewerNote: '' },
        { issueId: 'RG-3', decision: 'Approve', reviewerNote: '' },
      ],
      after,
      ctx,
    );
    expect(c).toMatchObject({ carried: 0, dropped: 2, entries: [] });
    expect(c.rows).toEqual(after);
  });

  it('carries nothing for cells that are as the step read them, values that are not decisions, or unknown issues', () => {
    const rows = [row('RG-1', { decision: 'Escalate', reviewerNote: 'ask Dana' })];
    const c = carryMidStepEdits(
      read(rows),
      [
        { issueId: ' RG-1 ', decision: 'escalated', reviewerNote: 'ask Dana' },
        { issueId: 'RG-1', decision: 'Maybe', reviewerNote: 'x' },
        { issueId: 'RG-9', decision: 'Approve', reviewerNote: '' },
      ],
      rows,
      ctx,
    );
    expect(c).toMatchObject({ carried: 0, dropped: 0, entries: [] });
  });
});

/**
 * Decisions typed while a step runs, against failures after the step logged them and exports they
 * overtake (third adversarial review of 2026-11-27): the step logs what was typed before its commit,
 * so an edit trigger that waited for the lock must not log it again when the step then stops short of
 * its commit; and an export whose row was typed over and rejected meanwhile is marked stale at once.
 */
import { beforeAll, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { latestEntries, parseLog } from '../src/core/decisions/log';
import { REVIEW_COLUMNS } from '../src/core/review/rows';
import { cellToText, type CellValue } from '../src/core/text/cells';
import { BUNDLE_PATH, loadBundle } from '../src/local/bundle';
import { reviewLines, workbookWithExport } from '../src/local/workbench';
import { contact, exportCsv, teamRulesFile } from './fixtures';

beforeAll(() => {
  if (!existsSync(BUNDLE_PATH)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
});

type Rt = ReturnType<typeof workbookWithExport>;
const values = (rt: Rt, name: string): string[][] => (rt.spreadsheet.sheet(name)?.values() ?? []).map((r) => r.map((c) => cellToText(c as CellValue)));
const D = REVIEW_COLUMNS.indexOf('Decision') + 1;

for (const step of ['refreshSummary', 'runReview', 'exportApprovedChanges'])
  it(`${step}: a Reject logged before the commit is not logged again by the trigger that waited, when the step then fails`, () => {
    const rt = workbookWithExport(
      exportCsv([
        contact({ 'Record ID': '501', 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' }),
        contact({ 'Record ID': '503', 'Contact owner': 'Dana Brooks' }),
      ]),
      { rules: teamRulesFile },
    );
    const a = loadBundle(rt);
    a.call('pullApprovedFields');
    a.call('runReview');
    const line = reviewLines(rt).find((l) => l.cells['Record ID'] === '501')!;
    const issue = line.cells['Issue ID']!;
    a.call('onEdit', rt.editEvent('Review', line.row, D, 'Approve', 'alice@example.com'));
    const rejects = (): number => parseLog(values(rt, 'Decision Log')).entries.filter((e) => e.issueId === issue && e.decision === 'Reject').length;

    let event: Record<string, unknown> | undefined;
    let failed = false;
    const fail = (): void => {
      // the first service call after the step's carry reached the log: fail it (a quota error, a timeout)
      if (rejects() > 0) {
        failed = true;
        throw new Error('Injected failure after the carry was logged');
      }
      rt.duringCall(1, fail);
    };
    const probe = (): void => {
      const list = rt.spreadsheet.sheetList;
      if (list.some((s) => s.name === 'Review ~new') && list.some((s) => s.name === 'Review')) {
        event = rt.editEvent('Review', line.row, D, 'Reject', 'alice@example.com');
        rt.duringCall(1, fail);
      } else rt.duringCall(1, probe);
    };
    rt.duringCall(1, probe);
    try {
      a.call(step);
    } catch {
      /* the injected failure */
    }
    rt.duringCall(undefined);
    expect(event).toBeDefined();
    expect(failed).toBe(true);
    expect(rejects()).toBe(1); // logged "at step" before the commit
    expect(rt.spreadsheet.sheet('Review ~new')).toBeDefined(); // no commit: the old Review is still the Review

    a.call('onEdit', event); // the trigger that waited for the lock
    a.call('refreshSummary'); // the next step: removes the leftover, reads the old Review
    const log = parseLog(values(rt, 'Decision Log')).entries.filter((e) => e.issueId === issue);
    expect(log.map((e) => `${e.previousDecision}->${e.decision} (${e.recorded})`)).toEqual(['Pending->Approve (on edit)', 'Approve->Reject (at step)']);
  });

const P = REVIEW_COLUMNS.indexOf('Proposed value') + 1;

it('an export overtaken by a Reject typed meanwhile (on a row whose cell was typed over) marks its tab stale', () => {
  const rt = workbookWithExport(exportCsv([contact({ 'Record ID': '501', 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' })]), { rules: teamRulesFile });
  const a = loadBundle(rt);
  a.call('pullApprovedFields');
  a.call('runReview');
  const line = reviewLines(rt)[0]!;
  const issue = line.cells['Issue ID']!;
  a.call('onEdit', rt.editEvent('Review', line.row, D, 'Approve', 'alice@example.com'));
  const probe = (): void => {
    const list = rt.spreadsheet.sheetList;
    if (list.some((s) => s.name === 'Review ~new') && list.some((s) => s.name === 'Review')) {
      rt.spreadsheet.sheet('Review')!.store(line.row, P, 'Partner Referral'); // typed over
      a.call('onEdit', rt.editEvent('Review', line.row, D, 'Reject', 'alice@example.com')); // lock held: not logged here
    } else rt.duringCall(1, probe);
  };
  rt.duringCall(1, probe);
  a.call('exportApprovedChanges');
  rt.duringCall(undefined);
  expect(rt.alerts).toEqual([]);
  // the Reject reached the log, and the Review no longer approves 501
  expect(parseLog(values(rt, 'Decision Log')).entries.some((e) => e.issueId === issue && e.decision === 'Reject')).toBe(true);
  expect(latestEntries(parseLog(values(rt, 'Decision Log')).entries).get(issue)?.decision).toBe('Pending');
  expect(reviewLines(rt)[0]!.cells.Decision).toBe('Pending');
  // ...yet the import table that just left with 501 is not marked
  expect(values(rt, 'Approved Changes').some((r) => r[0] === '501')).toBe(false);
  expect(rt.toasts.at(-1)).toContain('is now "Approved Changes (stale)"');
});

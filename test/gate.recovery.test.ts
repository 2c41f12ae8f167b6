/**
 * A step interrupted after its commit leaves the old Review in view; what a person decides there before
 * the next step must survive the swap (adversarial review of 2026-11-26, found by gate.property.test.ts
 * with other seeds).
 */
import { beforeAll, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseLog } from '../src/core/decisions/log';
import { REVIEW_COLUMNS } from '../src/core/review/rows';
import { cellToText, type CellValue } from '../src/core/text/cells';
import { BUNDLE_PATH, loadBundle } from '../src/local/bundle';
import { reviewLines, workbookWithExport } from '../src/local/workbench';
import { contact, type Contact, exportCsv, teamRulesFile } from './fixtures';

beforeAll(() => {
  if (!existsSync(BUNDLE_PATH)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
});

type Rt = ReturnType<typeof workbookWithExport>;
const values = (rt: Rt, name: string): string[][] => (rt.spreadsheet.sheet(name)?.values() ?? []).map((r) => r.map((c) => cellToText(c as CellValue)));

/** Interrupts a step at the first service call that leaves its commit recorded with the old Review in view. */
function interruptAfterCommit(rt: Rt, a: ReturnType<typeof loadBundle>, step = 'refreshSummary'): number {
  for (let n = 1; n < 400; n++) {
    rt.failAt(n);
    try {
      a.call(step);
    } catch {
      /* the injected failure */
    }
    rt.failAt(undefined);
    const sheets = rt.spreadsheet.sheetList as unknown as { name: string; hidden: boolean }[];
    const review = sheets.find((s) => s.name === 'Review');
    if ((rt.documentProperties as unknown as { store: Map<string, string> }).store.has('crg.commit') && review && !review.hidden && sheets.some((s) => s.name === 'Review ~new'))
      return n;
    a.call('refreshSummary'); // a clean step: back to a settled workbook for the next try
  }
  return -1;
}

/** A reviewed batch whose record 501 Alice approved in the Review (onEdit logged it). */
function approvedByAlice() {
  const contacts: Contact[] = [
    contact({ 'Record ID': '501', 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' }),
    contact({ 'Record ID': '503', 'Contact owner': 'Dana Brooks' }),
  ];
  const rt = workbookWithExport(exportCsv(contacts), { rules: teamRulesFile });
  const a = loadBundle(rt);
  a.call('pullApprovedFields');
  a.call('runReview');
  const D = REVIEW_COLUMNS.indexOf('Decision') + 1;
  const line = reviewLines(rt).find((l) => l.cells['Record ID'] === '501')!;
  a.call('onEdit', rt.editEvent('Review', line.row, D, 'Approve', 'alice@example.com'));
  return { rt, a, D, line };
}

it('a Reject made in the Review left in view after an interrupted step is not undone by the swap, nor exported', () => {
  const { rt, a, D, line } = approvedByAlice();
  expect(interruptAfterCommit(rt, a)).toBeGreaterThan(0);
  // Alice, in the Review still in view, changes her mind: onEdit logs the Reject
  a.call('onEdit', rt.editEvent('Review', line.row, D, 'Reject', 'alice@example.com'));
  a.call('exportApprovedChanges');
  expect(values(rt, 'Approved Changes').some((r) => r[0] === '501')).toBe(false);
  const now = reviewLines(rt).find((l) => l.cells['Record ID'] === '501')!;
  expect(now.cells.Decision).toBe('Reject');
  const log = parseLog(values(rt, 'Decision Log')).entries.filter((e) => e.issueId === line.cells['Issue ID']);
  expect(log.at(-1)?.decision).toBe('Reject');
});

it('after an interrupted export, a Reject carried over marks the Approved Changes tab stale at the next step', () => {
  const { rt, a, D, line } = approvedByAlice();
  expect(interruptAfterCommit(rt, a, 'exportApprovedChanges')).toBeGreaterThan(0);
  a.call('onEdit', rt.editEvent('Review', line.row, D, 'Reject', 'alice@example.com'));
  a.call('refreshSummary');
  expect(values(rt, 'Approved Changes').some((r) => r[0] === '501')).toBe(false);
  expect(rt.spreadsheet.sheet('Approved Changes (stale)')).toBeDefined();
  expect(rt.toasts.at(-1)).toContain('is now "Approved Changes (stale)"');
});

/**
 * The add-on's Decision Log pinned in document properties (the CLI pins it in summary.json): deleting
 * its last rows leaves a log whose rows still chain, so only the pin shows the cut. A step refuses such
 * a log and changes nothing; the menu's "Accept the logs as they are…" is the escape after a
 * deliberate restore.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ACCEPT_LOG_CAPTION } from '../src/addon/menu';
import { latestEntries, parseLog } from '../src/core/decisions/log';
import { REVIEW_COLUMNS } from '../src/core/review/rows';
import { cellToText, type CellValue } from '../src/core/text/cells';
import { restoreFromSheet } from '../src/core/text/safeText';
import { BUNDLE_PATH, loadBundle } from '../src/local/bundle';
import { Button } from '../src/local/runtime/types';
import { reviewLines, workbookWithExport } from '../src/local/workbench';
import { contact, exportCsv, teamRulesFile } from './fixtures';

beforeAll(() => {
  if (!existsSync(BUNDLE_PATH)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
});

type Rt = ReturnType<typeof workbookWithExport>;
const values = (rt: Rt, name: string): string[][] => (rt.spreadsheet.sheet(name)?.values() ?? []).map((r) => r.map((c) => cellToText(c as CellValue)));
const D = REVIEW_COLUMNS.indexOf('Decision') + 1;
const tabs = (rt: Rt): string => JSON.stringify(rt.spreadsheet.sheetList.map((s) => [s.name, (s as unknown as { values(): unknown[][] }).values()]));

/** Record 701 approved then rejected by Alice (both logged by onEdit), and a step that pinned the log. */
function rejectedAfterApprove() {
  const rt = workbookWithExport(exportCsv([contact({ 'Record ID': '701', 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' }), contact({ 'Record ID': '702' })]), {
    rules: teamRulesFile,
  });
  const a = loadBundle(rt);
  a.call('pullApprovedFields');
  a.call('runReview');
  const line = reviewLines(rt).find((l) => l.cells['Record ID'] === '701')!;
  a.call('onEdit', rt.editEvent('Review', line.row, D, 'Approve', 'alice@example.com'));
  a.call('onEdit', rt.editEvent('Review', line.row, D, 'Reject', 'alice@example.com'));
  a.call('refreshSummary');
  expect(rt.alerts).toEqual([]);
  return { rt, a, issue: line.cells['Issue ID']!, row: line.row };
}

/** Deletes the last `n` rows of the Decision Log tab, as a person selecting them and pressing Delete row would. */
function cutLog(rt: Rt, n: number): void {
  const sheet = rt.spreadsheet.sheet('Decision Log')!;
  sheet.rows.splice(sheet.rows.length - n, n);
}

describe('a Decision Log tab that lost its last rows', () => {
  it('stops every decision step, naming the cut and the escape, and nothing changes', () => {
    const { rt, a } = rejectedAfterApprove();
    cutLog(rt, 1); // the Reject: what is left still chains, and says Approve
    const before = tabs(rt);
    for (const step of ['refreshSummary', 'runReview', 'exportApprovedChanges', 'closeBatch']) {
      rt.alerts.length = 0;
      a.call(step);
      expect(rt.alerts).toHaveLength(1);
      expect(rt.alerts[0]).toContain('The Decision Log tab has lost or changed rows since the last step (it has 1 rows, the last step left 2)');
      expect(rt.alerts[0]).toContain(`choose "${ACCEPT_LOG_CAPTION}"`);
      expect(tabs(rt)).toBe(before);
    }
  });

  it('is taken as it is only when a person accepts it; the Review still holds the Reject, which the next step logs again', () => {
    const { rt, a, issue } = rejectedAfterApprove();
    cutLog(rt, 1);
    const before = tabs(rt);
    rt.promptResponses.push({ button: Button.NO });
    a.call('acceptDecisionLog');
    expect(rt.alerts.at(-1)).toContain('Accept its 1 rows as the record from now on?');
    expect(rt.toasts.at(-1)).toContain('Nothing was changed.');
    expect(tabs(rt)).toBe(before);
    rt.alerts.length = 0;
    a.call('refreshSummary');
    expect(rt.alerts[0]).toContain('has lost or changed rows');

    rt.alerts.length = 0;
    rt.promptResponses.push({ button: Button.YES });
    a.call('acceptDecisionLog');
    expect(rt.toasts.at(-1)).toContain('Accepted the Decision Log tab (1 rows) as it is.');
    rt.alerts.length = 0;
    a.call('refreshSummary');
    expect(rt.alerts).toEqual([]);
    // nothing approved comes back: the Review's Reject is logged again ("at step")
    const latest = latestEntries(parseLog(values(rt, 'Decision Log')).entries).get(issue)!;
    expect(latest).toMatchObject({ decision: 'Reject', recorded: 'at step' });
    a.call('exportApprovedChanges');
    expect(values(rt, 'Approved Changes').some((r) => r[0] === '701')).toBe(false);
  });

  it('rows the edit trigger added are pinned by the next step; an untouched log, or one that only grew, passes', () => {
    const { rt, a, row } = rejectedAfterApprove();
    a.call('onEdit', rt.editEvent('Review', row, D, 'Escalate', 'alice@example.com'));
    a.call('refreshSummary'); // pins the Escalate too
    expect(rt.alerts).toEqual([]);
    a.call('onEdit', rt.editEvent('Review', row, D, 'Approve', 'alice@example.com'));
    a.call('refreshSummary');
    expect(rt.alerts).toEqual([]);
    cutLog(rt, 2);
    a.call('refreshSummary');
    expect(rt.alerts[0]).toContain('(it has 2 rows, the last step left 4)');
  });

  it('a last pinned row changed in place is refused too; a pin that cannot be read pins nothing', () => {
    const { rt, a } = rejectedAfterApprove();
    const sheet = rt.spreadsheet.sheet('Decision Log')!;
    const last = sheet.values().length;
    const hashCol = sheet.values()[0]!.length;
    sheet.store(last, hashCol, 'f'.repeat(64));
    a.call('refreshSummary');
    expect(rt.alerts[0]).toContain('its row 3 is not the one the last step wrote');

    const fresh = rejectedAfterApprove();
    fresh.rt.documentProperties.store.set('crg.logPin', '{not json');
    cutLog(fresh.rt, 1);
    fresh.a.call('refreshSummary');
    expect(fresh.rt.alerts).toEqual([]);
  });

  it('says there is nothing to accept when the log holds every pinned row', () => {
    const { rt, a } = rejectedAfterApprove();
    a.call('acceptDecisionLog');
    expect(rt.toasts.at(-1)).toContain('The Decision Log and Export Log tabs hold every row the last step left; nothing to accept.');
  });
});

describe('a Decision Log tab with a row typed in above the pinned ones', () => {
  it('passes the pin (nothing was lost), and the typed row is not taken as a decision', () => {
    const { rt, a, issue } = rejectedAfterApprove();
    const sheet = rt.spreadsheet.sheet('Decision Log')!;
    sheet.rows.splice(1, 0, ['', '', issue, '', '', '', '', '', 'Approve', 'Reject', 'mallory', '', '', '', '', '']);
    a.call('refreshSummary');
    expect(rt.alerts).toEqual([]);
    const log = parseLog(values(rt, 'Decision Log'));
    expect(log.unverifiedRows).toEqual([2]);
    expect(latestEntries(log.entries).get(issue)?.decision).toBe('Reject');
  });
});

describe('a row typed in at the end of the Decision Log', () => {
  it('is not pinned: deleting it again does not stop the next step', () => {
    const { rt, a } = rejectedAfterApprove();
    const log = rt.spreadsheet.sheet('Decision Log')!;
    const typedRow = log.values().length + 1;
    log.store(typedRow, 3, 'checked with Dana'); // a person's note row
    a.call('refreshSummary'); // nothing to log: the pin stays on the last row the tool wrote
    expect(rt.alerts).toEqual([]);
    log.rows.splice(typedRow - 1, 1);
    a.call('refreshSummary');
    expect(rt.alerts).toEqual([]);
  });
});

describe('the Decision Log read back where Sheets keeps the formula guard as a character', () => {
  it("a note '+1, agreed' is logged once, not again at every step", () => {
    const rt = workbookWithExport(exportCsv([contact({ 'Record ID': '501', 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' })]), {
      rules: teamRulesFile,
      runtime: { apostrophe: 'literal' },
    });
    const a = loadBundle(rt);
    a.call('pullApprovedFields');
    a.call('runReview');
    const N = REVIEW_COLUMNS.indexOf('Reviewer note') + 1;
    a.call('onEdit', rt.editEvent('Review', reviewLines(rt)[0]!.row, N, "'+1, agreed", 'alice@example.com'));
    a.call('refreshSummary');
    a.call('refreshSummary');
    const entries = parseLog(values(rt, 'Decision Log')).entries;
    expect(entries.map((e) => e.recorded)).toEqual(['on edit']);
    expect(restoreFromSheet(entries[0]!.reviewerNote)).toBe('+1, agreed'); // (this test reads the cells as stored)
  });
});

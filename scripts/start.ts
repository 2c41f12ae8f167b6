// npm start: the whole workflow on the bundled sample, run by the built add-on (dist/Code.js) in
// the local Apps Script runtime, the way a founder would click through the menu.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBundle } from '../src/local/bundle';
import { decide, tabAsCsv, workbookWithExport } from '../src/local/workbench';
import { MENU_ITEMS } from '../src/addon/menu';
import { parseCsv } from '../src/core/intake/csv';
import type { RulesFile } from '../src/core/intake/rules';

const root = process.cwd();
const exportCsv = readFileSync(join(root, 'samples/hubspot-contacts.csv'), 'utf8');
const rules = JSON.parse(readFileSync(join(root, 'samples/rules.json'), 'utf8')) as RulesFile;

const rt = workbookWithExport(exportCsv, { rules });
const addon = loadBundle(rt);
const menuFunction = (caption: string): string => MENU_ITEMS.find((m) => m.caption === caption)!.functionName;
const click = (caption: string): void => {
  const before = rt.alerts.length;
  rt.resetCalls();
  addon.call(menuFunction(caption));
  const alert = rt.alerts.slice(before).join(' | ');
  const toast = rt.toasts[rt.toasts.length - 1] ?? '';
  console.log(`> ${caption}: ${alert || toast} [${rt.totalCalls()} Sheets service calls]`);
  if (alert) process.exitCode = 1;
};

addon.call('onOpen', { authMode: 'LIMITED' });
console.log(`Menu "${rt.menus[0]?.title}": ${rt.menus[0]?.items.map((i) => i.caption).join(' | ')}`);
click('Pull approved fields');
click('Run review');

// The reviewer: approves proposals QA passed, rejects or escalates some of the rest.
let approved = 0,
  rejected = 0,
  escalated = 0;
const decided = decide(rt, (line) => {
  if (line.cells.QA === 'Approvable' && approved < 14) return (approved++, 'Approve');
  if (line.cells.Check === 'missing_required_field' && rejected < 3) return (rejected++, 'Reject');
  if (line.cells.QA !== 'Approvable' && escalated < 2) return (escalated++, 'Escalate');
  return undefined;
});
console.log(`> Reviewer picked ${decided} decisions from the dropdown (${approved} Approve, ${rejected} Reject, ${escalated} Escalate)`);
click('Run review'); // a re-run keeps every decision
click('Export approved changes');
click('Refresh summary');
click('Close batch'); // archives the batch to History; the next pull starts a new one

const out = join(root, 'out');
mkdirSync(out, { recursive: true });
const files: [string, string][] = [
  ['Rules', 'rules.csv'],
  ['Records', 'records.csv'],
  ['Review', 'review.csv'],
  ['Decision Log', 'decision-log.csv'],
  ['Summary', 'summary.csv'],
  ['Approved Changes', 'approved-changes.csv'],
  ['Approved Merges', 'approved-merges.csv'],
  ['History', 'history.csv'],
];
for (const [tab, file] of files) {
  const csv = tabAsCsv(rt, tab);
  if (csv !== undefined) writeFileSync(join(out, file), csv);
}
console.log(`\nWrote ${files.map(([, f]) => `out/${f}`).join(', ')}\n`);

// The Summary tab, as a table
const summary = parseCsv(tabAsCsv(rt, 'Summary') ?? '');
const end = summary.findIndex((r) => r.every((c) => c === ''));
const headline = summary.slice(0, end > 0 ? end : summary.length);
const width = Math.max(...headline.map((r) => r[0]!.length));
console.log('Summary');
for (const r of headline) console.log(`  ${r[0]!.padEnd(width)}  ${r[1] ?? ''}`);

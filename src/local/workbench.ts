/**
 * A founder's session in the local runtime: a workbook with an imported export (and the team's
 * Rules), a reviewer who picks decisions from the dropdown, and tabs read back as CSV.
 * Shared by `npm start`, the bundle test and the benchmarks.
 */
import { cellToText } from '../core/text/cells';
import { resolveRules } from '../core/intake/config';
import { parseCsv, toCsv } from '../core/intake/csv';
import { type Decision, REVIEW_COLUMNS } from '../core/review/rows';
import type { RulesFile } from '../core/intake/rules';
import { rulesToGrid } from '../core/intake/rulesSheet';
import { LocalRuntime, type RuntimeOptions } from './runtime';

export function workbookWithExport(exportCsv: string, options: { sourceTab?: string; rules?: RulesFile; runtime?: RuntimeOptions } = {}): LocalRuntime {
  const rt = new LocalRuntime(options.runtime ?? {});
  const grid = parseCsv(exportCsv);
  // File > Import leaves one tab per file; cells hold text as it was imported
  rt.spreadsheet.addSheetWithValues(options.sourceTab ?? 'contacts-export', grid);
  if (options.rules) {
    const { rules } = resolveRules(options.rules, grid[0] ?? []);
    rt.spreadsheet.addSheetWithValues('Rules', rulesToGrid(rules));
    rt.spreadsheet.setActiveSheet(rt.spreadsheet.getSheetByName(options.sourceTab ?? 'contacts-export')!);
  }
  rt.resetCalls();
  return rt;
}

export interface ReviewLine {
  row: number;
  cells: Record<string, string>;
}

/** The Review tab as the reviewer sees it. */
export function reviewLines(rt: LocalRuntime): ReviewLine[] {
  const sheet = rt.spreadsheet.sheet('Review');
  if (!sheet) return [];
  const [header = [], ...rows] = sheet.values().map((r) => r.map((c) => cellToText(c)));
  return rows.map((r, i) => ({ row: i + 2, cells: Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])) }));
}

/** Sets Decision cells the way a person does with the dropdown, one cell at a time. */
export function decide(rt: LocalRuntime, choose: (line: ReviewLine, index: number) => Decision | undefined): number {
  const sheet = rt.spreadsheet.sheet('Review');
  if (!sheet) throw new Error('no Review tab');
  const col = REVIEW_COLUMNS.indexOf('Decision') + 1;
  let n = 0;
  reviewLines(rt).forEach((line, i) => {
    const d = choose(line, i);
    if (!d) return;
    const rule = sheet.validationAt(line.row, col);
    if (rule && !rule.allowInvalid && !rule.values.includes(d)) throw new Error(`the dropdown rejects ${d}`);
    sheet.store(line.row, col, d);
    n++;
  });
  return n;
}

export function tabAsCsv(rt: LocalRuntime, name: string): string | undefined {
  const sheet = rt.spreadsheet.sheet(name);
  return sheet ? toCsv(sheet.values().map((r) => r.map((c) => cellToText(c)))) : undefined;
}

// One whole process per measurement (spawned by npm run bench): the add-on's Pull and Run review in the
// local Apps Script runtime on N generated contacts. Prints one JSON line: step times, service calls per
// step, the spreadsheet's own memory (what the in-memory Sheets hold, which Google holds in real use),
// and the process's peak RSS. CPU time (user + system, all threads) beside wall time, for shared machines.
import { performance } from 'node:perf_hooks';
import { toCsv } from '../src/core/intake/csv';
import { loadBundle } from '../src/local/bundle';
import { workbookWithExport } from '../src/local/workbench';
import { generateContacts, sampleRules } from '../src/sample/generator';

const gc = (globalThis as { gc?: () => void }).gc;
const heapAfterGc = (): number => {
  gc?.();
  return process.memoryUsage().heapUsed;
};
const MB = 1048576;
const n = Number(process.argv[2] ?? '1000');
const steps = (process.argv[3] ?? 'pullApprovedFields,runReview').split(',');
// "no-duplicates": duplicate matching on columns the export lacks, to show the duplicate engine's share
const none = ['(none)'];
const rules =
  process.argv[4] === 'no-duplicates'
    ? { ...sampleRules(), duplicates: { match: { firstName: none, lastName: none, email: none, phone: none, company: none, domain: none } } }
    : sampleRules();

const base = heapAfterGc();
let csv: string | undefined = toCsv((({ headers, rows }) => [headers, ...rows])(generateContacts(n, 7)), { raw: true });
const rt = workbookWithExport(csv, { rules });
csv = undefined;
const addon = loadBundle(rt);
const result: Record<string, unknown> = { records: n };
const calls: Record<string, number> = {};
const ms: Record<string, number> = {};
const cpuMs: Record<string, number> = {};
const sheetsBefore: Record<string, number> = {};
for (const step of steps) {
  sheetsBefore[step] = (heapAfterGc() - base) / MB;
  rt.resetCalls();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  addon.call(step);
  ms[step] = performance.now() - t0;
  const c = process.cpuUsage(c0);
  cpuMs[step] = (c.user + c.system) / 1000;
  if (rt.alerts.length) throw new Error(`${step} failed at ${n} rows: ${rt.alerts.join(' | ')}`);
  calls[step] = rt.totalCalls();
}
result.ms = ms;
result.cpuMs = cpuMs;
result.calls = calls;
// what the in-memory spreadsheet holds before each step and at the end (the add-on keeps nothing between steps)
result.spreadsheetMbBefore = sheetsBefore;
result.spreadsheetMb = (heapAfterGc() - base) / MB;
result.peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify(result)}\n`);

// npm run bench:dedupe: the duplicate engine on public labelled data sets (../shared/data) and on
// generated contacts at scale. Prints pairwise precision, recall and F1, the share of pairs compared,
// time and memory. One set of defaults per record shape; nothing is tuned per file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseCsv } from '../src/core/intake/csv';
import { defaultMatchConfig, linkRecords, type MatchValues, type Shape } from '../src/core/checks/dedupe/engine';
import { generateContacts } from '../src/sample/generator';

const DATA = join(process.cwd(), '..', 'shared', 'data');
const gc = (globalThis as { gc?: () => void }).gc;

interface LabelledSet { name: string; shape: Shape; values: MatchValues[]; truePairs: Set<string> }

function table(path: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  const h = header!.map((x) => x.trim());
  return rows.filter((r) => r.length === h.length).map((r) => Object.fromEntries(h.map((k, i) => [k, r[i]!.trim()])));
}

const pairKey = (a: number, b: number): string => (a < b ? `${a},${b}` : `${b},${a}`);

function pairsFromEntities(entities: string[]): Set<string> {
  const byEntity = new Map<string, number[]>();
  entities.forEach((e, i) => { if (e !== '') byEntity.set(e, [...(byEntity.get(e) ?? []), i]); });
  const pairs = new Set<string>();
  for (const m of byEntity.values()) for (let x = 0; x < m.length; x++) for (let y = x + 1; y < m.length; y++) pairs.add(pairKey(m[x]!, m[y]!));
  return pairs;
}

function febrl(file: string): LabelledSet {
  const rows = table(join(DATA, 'febrl', file));
  return {
    name: `Febrl ${file.replace('.csv', '')}`, shape: 'person',
    values: rows.map((r) => ({
      firstName: r.given_name, lastName: r.surname, address: [r.street_number, r.address_1, r.address_2].join(' '),
      city: r.suburb, postcode: r.postcode, state: r.state, dob: r.date_of_birth,
    })),
    truePairs: pairsFromEntities(rows.map((r) => /^rec-(\d+)-/.exec(r.rec_id!)?.[1] ?? '')),
  };
}

function splink(): LabelledSet {
  const rows = table(join(DATA, 'splink', 'fake_1000.csv'));
  return {
    name: 'Splink fake_1000', shape: 'person',
    values: rows.map((r) => ({ firstName: r.first_name, lastName: r.surname, dob: r.dob, city: r.city, email: r.email })),
    truePairs: pairsFromEntities(rows.map((r) => r.cluster!)),
  };
}

function fodorsZagat(): LabelledSet {
  const f = table(join(DATA, 'fodors_zagats', 'fodors.csv'));
  const z = table(join(DATA, 'fodors_zagats', 'zagats.csv'));
  const all = [...f, ...z];
  const index = new Map<string, number>();
  f.forEach((r, i) => index.set(`f${r.id}`, i));
  z.forEach((r, i) => index.set(`z${r.id}`, f.length + i));
  const truePairs = new Set<string>();
  for (const m of table(join(DATA, 'fodors_zagats', 'matches_fodors_zagats.csv'))) truePairs.add(pairKey(index.get(`f${m.fodors_id}`)!, index.get(`z${m.zagats_id}`)!));
  return { name: 'Fodors-Zagat', shape: 'organization', values: all.map((r) => ({ company: r.name, address: r.addr, city: r.city, phone: r.phone })), truePairs };
}

function patstat(): LabelledSet {
  const rows = table(join(DATA, 'patstat', 'patstat_input.csv'));
  const ref = new Map(table(join(DATA, 'patstat', 'patstat_reference.csv')).map((r) => [r.person_id!, r.leuven_id!]));
  return { name: 'PATSTAT', shape: 'organization', values: rows.map((r) => ({ company: r.Name })), truePairs: pairsFromEntities(rows.map((r) => ref.get(r.person_id!) ?? '')) };
}

function measure(set: LabelledSet): string[] {
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const cfg = defaultMatchConfig(set.shape);
  // DEDUPE_TRY='{"person":{"threshold":7}}' tries other settings without editing the defaults
  const tryOut = process.env.DEDUPE_TRY ? (JSON.parse(process.env.DEDUPE_TRY) as Record<string, Partial<typeof cfg>>)[set.shape] : undefined;
  const result = linkRecords(set.values, { ...cfg, ...tryOut, weights: { ...cfg.weights, ...tryOut?.weights } });
  const ms = performance.now() - t0;
  const heap = (process.memoryUsage().heapUsed - heap0) / 1048576;
  const predicted = new Set<string>();
  for (const g of result.groups) for (let x = 0; x < g.members.length; x++) for (let y = x + 1; y < g.members.length; y++) predicted.add(pairKey(g.members[x]!, g.members[y]!));
  let tp = 0;
  for (const p of predicted) if (set.truePairs.has(p)) tp++;
  const precision = predicted.size ? tp / predicted.size : 0;
  const recall = set.truePairs.size ? tp / set.truePairs.size : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return [set.name, String(set.values.length), String(set.truePairs.size), precision.toFixed(3), recall.toFixed(3), f1.toFixed(3),
    `${((100 * result.compared) / result.totalPairs).toFixed(3)}%`, `${ms.toFixed(0)} ms`, `${Math.max(0, heap).toFixed(0)} MB`];
}

function scale(n: number): { ms: number; heap: number; groups: number } {
  const data = generateContacts(n, 5);
  const col = (h: string) => data.headers.indexOf(h);
  const values: MatchValues[] = data.rows.map((r) => ({
    firstName: r[col('First Name')], lastName: r[col('Last Name')], email: r[col('Email')], phone: r[col('Phone Number')], company: r[col('Company Name')],
  }));
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, 5);
  const t0 = performance.now();
  const result = linkRecords(values, defaultMatchConfig('person'));
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { ms, heap: (peak - heap0) / 1048576, groups: result.groups.length };
}

const rows: string[][] = [];
if (existsSync(DATA)) {
  const sets = [febrl('dataset1.csv'), febrl('dataset2.csv'), febrl('dataset3.csv'), splink(), fodorsZagat(), patstat()];
  for (const s of sets) rows.push(measure(s));
} else {
  console.log(`(no ${DATA}: labelled data sets skipped)`);
}
const header = ['data set', 'records', 'true pairs', 'precision', 'recall', 'F1', 'pairs compared', 'time', 'heap'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));

const sizes = (process.env.DEDUPE_SIZES ?? '10000,100000').split(',').filter(Boolean).map(Number);
const timings = sizes.map((n) => ({ n, ...scale(n) }));
console.log('\ngenerated contacts (person defaults: name, email, phone, company)');
for (const t of timings) console.log(`  ${t.n.toLocaleString('en-US').padStart(7)} records: ${t.ms.toFixed(0)} ms, peak heap growth ${t.heap.toFixed(0)} MB, ${t.groups} groups`);
const t10 = timings.find((t) => t.n === 10000);
const t100 = timings.find((t) => t.n === 100000);
if (t10 && t100) console.log(`  time(100k) / time(10k) = ${(t100.ms / t10.ms).toFixed(1)} (target at most 15); 100k under 5 s and 500 MB: ${t100.ms < 5000 && t100.heap < 500 ? 'yes' : 'no'}`);

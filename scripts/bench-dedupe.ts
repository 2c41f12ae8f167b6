// npm run bench:dedupe: the duplicate engine on public labelled data sets (../shared/data) and on
// generated contacts at scale. Prints pairwise precision, recall and F1, the share of pairs compared,
// time and memory, and what the model learned. One set of defaults per record shape; nothing is tuned per file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseCsv } from '../src/core/intake/csv';
import { defaultMatchConfig, type LinkResult, linkRecords, type MatchRole, type MatchValues, type Model, type Shape } from '../src/core/checks/dedupe/engine';
import { type MatchColumns, whereOnlyWithoutIdentity } from '../src/core/checks/duplicateRecord';
import { MATCH_ROLES } from '../src/core/checks/dedupe/comparisons';
import { generateContacts } from '../src/sample/generator';

const DATA = join(process.cwd(), '..', 'shared', 'data');
const gc = (globalThis as { gc?: () => void }).gc;

interface LabelledSet {
  name: string;
  shape: Shape;
  values: MatchValues[];
  truePairs: Set<string>;
}

function table(path: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  const h = header!.map((x) => x.trim());
  return rows.filter((r) => r.length === h.length).map((r) => Object.fromEntries(h.map((k, i) => [k, r[i]!.trim()])));
}

const pairKey = (a: number, b: number): string => (a < b ? `${a},${b}` : `${b},${a}`);

function pairsFromEntities(entities: string[]): Set<string> {
  const byEntity = new Map<string, number[]>();
  entities.forEach((e, i) => {
    if (e !== '') byEntity.set(e, [...(byEntity.get(e) ?? []), i]);
  });
  const pairs = new Set<string>();
  for (const m of byEntity.values()) for (let x = 0; x < m.length; x++) for (let y = x + 1; y < m.length; y++) pairs.add(pairKey(m[x]!, m[y]!));
  return pairs;
}

/** Febrl rows as one labelled set: the person fields, and true pairs from the rec-N- ids. */
function febrlSet(name: string, rows: ReturnType<typeof table>): LabelledSet {
  return {
    name,
    shape: 'person',
    values: rows.map((r) => ({
      firstName: r.given_name,
      lastName: r.surname,
      address: [r.street_number, r.address_1, r.address_2].join(' '),
      city: r.suburb,
      postcode: r.postcode,
      state: r.state,
      dob: r.date_of_birth,
    })),
    truePairs: pairsFromEntities(rows.map((r) => /^rec-(\d+)-/.exec(r.rec_id!)?.[1] ?? '')),
  };
}

function febrl(file: string): LabelledSet {
  return febrlSet(`Febrl ${file.replace('.csv', '')}`, table(join(DATA, 'febrl', file)));
}

/** Febrl 4a and 4b (a linkage task) read as one batch to deduplicate; no setting was tried on it (held out). */
function febrl4(): LabelledSet {
  return febrlSet('Febrl 4a+4b (held out)', [...table(join(DATA, 'febrl', 'dataset4a.csv')), ...table(join(DATA, 'febrl', 'dataset4b.csv'))]);
}

function splink(): LabelledSet {
  const rows = table(join(DATA, 'splink', 'fake_1000.csv'));
  return {
    name: 'Splink fake_1000',
    shape: 'person',
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

function rldata(): LabelledSet {
  const rows = table(join(DATA, 'rldata500', 'RLdata500.csv'));
  const pad = (v: string | undefined): string => (v ? v.padStart(2, '0') : '');
  return {
    name: 'RLdata500',
    shape: 'person',
    values: rows.map((r) => ({
      firstName: [r.fname_c1, r.fname_c2].filter((x) => x && x !== 'NA').join(' '),
      lastName: [r.lname_c1, r.lname_c2].filter((x) => x && x !== 'NA').join(' '),
      dob: r.by ? `${r.by}-${pad(r.bm)}-${pad(r.bd)}` : '',
    })),
    truePairs: pairsFromEntities(rows.map((r) => r.identity!)),
  };
}

/**
 * Pairwise scores: a predicted pair is two records in one group (suspicious groups included: they are
 * flagged as one; `mergesOnly` leaves them out, as the merges a reviewer is proposed).
 */
function scores(result: LinkResult, truePairs: Set<string>, mergesOnly = false): { precision: number; recall: number; f1: number; suspicious: number } {
  const predicted = new Set<string>();
  let suspicious = 0;
  for (const g of result.groups) {
    if (g.suspicious) suspicious += g.members.length;
    if (g.suspicious && mergesOnly) continue;
    for (let x = 0; x < g.members.length; x++) for (let y = x + 1; y < g.members.length; y++) predicted.add(pairKey(g.members[x]!, g.members[y]!));
  }
  let tp = 0;
  for (const p of predicted) if (truePairs.has(p)) tp++;
  const precision = predicted.size ? tp / predicted.size : 0;
  const recall = truePairs.size ? tp / truePairs.size : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, suspicious };
}

/**
 * What a review compares with no Rules written: the boundary keeps the date of birth out, the street is
 * not approved by default, and where a record is (city, postcode, state) is compared only for people,
 * on records with neither an email nor a phone (README, Duplicates). The F1 on these is what the CLI gets.
 */
const DEFAULT_ROLES: ReadonlySet<MatchRole> = new Set(['firstName', 'lastName', 'email', 'phone', 'company', 'domain', 'city', 'postcode', 'state']);
const WHERE: ReadonlySet<MatchRole> = new Set(['city', 'postcode', 'state']);
function byDefault(values: MatchValues[], shape: Shape): MatchValues[] {
  const compared = (role: MatchRole): boolean => DEFAULT_ROLES.has(role) && !(shape === 'organization' && WHERE.has(role));
  const columns: MatchColumns = MATCH_ROLES.filter((role) => compared(role) && values.some((v) => v[role])).map((role) => ({
    role,
    values: values.map((v) => v[role] || undefined),
  }));
  if (shape === 'person')
    whereOnlyWithoutIdentity(
      columns,
      columns.map((c) => c.role).filter((r) => WHERE.has(r)),
    );
  return values.map((_, i) => Object.fromEntries(columns.flatMap((c) => (c.values[i] ? [[c.role, c.values[i]]] : []))));
}
const defaultsOnly = (values: MatchValues[]): boolean => values.every((v) => Object.keys(v).every((k) => DEFAULT_ROLES.has(k as MatchRole) && !WHERE.has(k as MatchRole)));

const learnedModels: [string, Model][] = [];

function run(values: MatchValues[], shape: Shape, ids?: string[]): { result: LinkResult; ms: number; cpu: number; heap: number } {
  const cfg = defaultMatchConfig(shape);
  // DEDUPE_TRY='{"person":{"threshold":0.9}}' tries other settings without editing the defaults
  const tryOut = process.env.DEDUPE_TRY ? (JSON.parse(process.env.DEDUPE_TRY) as Record<string, Partial<typeof cfg>>)[shape] : undefined;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const result = linkRecords(values, { ...cfg, ...tryOut }, ids);
  const ms = performance.now() - t0;
  const c1 = process.cpuUsage(c0);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  // CPU time as well as wall time: on a shared machine the wall clock also counts other processes' turns
  return { result, ms, cpu: (c1.user + c1.system) / 1000, heap: (peak - heap0) / 1048576 };
}

function row(name: string, values: MatchValues[], truePairs: Set<string>, shape: Shape, ids?: string[]): string[] {
  const { result, ms, cpu, heap } = run(values, shape, ids);
  learnedModels.push([name, result.model]);
  const s = scores(result, truePairs);
  const merges = scores(result, truePairs, true);
  // (rerun only where a role the defaults leave out is compared)
  const plain = defaultsOnly(values) ? merges : scores(linkRecords(byDefault(values, shape), defaultMatchConfig(shape), ids), truePairs, true);
  return [
    name,
    String(values.length),
    String(truePairs.size),
    s.precision.toFixed(3),
    s.recall.toFixed(3),
    s.f1.toFixed(3),
    `${((100 * result.compared) / result.totalPairs).toFixed(3)}%`,
    `${ms.toFixed(0)} ms`,
    `${cpu.toFixed(0)} ms`,
    `${Math.max(0, heap).toFixed(0)} MB`,
    String(s.suspicious),
    merges.f1.toFixed(3),
    plain.f1.toFixed(3),
    `${plain.precision.toFixed(3)} / ${plain.recall.toFixed(3)}`,
  ];
}

function measure(set: LabelledSet): string[] {
  return row(set.name, set.values, set.truePairs, set.shape);
}

function generated(n: number): { values: MatchValues[]; truePairs: Set<string>; ids: string[] } {
  const data = generateContacts(n, 5, { names: 'realistic' });
  const col = (h: string) => data.headers.indexOf(h);
  const values: MatchValues[] = data.rows.map((r) => ({
    firstName: r[col('First Name')],
    lastName: r[col('Last Name')],
    email: r[col('Email')],
    phone: r[col('Phone Number')],
    company: r[col('Company Name')],
  }));
  // the record ids, as the check passes them (the engine orders the batch by id)
  return { values, truePairs: pairsFromEntities(data.entities.map(String)), ids: data.rows.map((r) => r[col('Record ID')]!) };
}

const rows: string[][] = [];
if (existsSync(DATA)) {
  const only = process.env.DEDUPE_ONLY;
  const sets = [() => febrl('dataset1.csv'), () => febrl('dataset2.csv'), () => febrl('dataset3.csv'), splink, fodorsZagat, patstat, rldata, febrl4];
  for (const s of sets) {
    const set = s();
    if (!only || set.name.toLowerCase().includes(only.toLowerCase())) rows.push(measure(set));
  }
} else {
  console.log(`(no ${DATA}: labelled data sets skipped)`);
}
const sizes = (process.env.DEDUPE_SIZES ?? '10000,100000').split(',').filter(Boolean).map(Number);
const timings: { n: number; ms: number; cpu: number; heap: number }[] = [];
for (const n of sizes) {
  const { values, truePairs, ids } = generated(n);
  const r = row(`generated ${n / 1000}k`, values, truePairs, 'person', ids);
  rows.push(r);
  timings.push({ n, ms: Number.parseFloat(r[7]!), cpu: Number.parseFloat(r[8]!), heap: Number.parseFloat(r[9]!) });
}
const header = [
  'data set',
  'records',
  'true pairs',
  'precision',
  'recall',
  'F1',
  'pairs compared',
  'time',
  'cpu',
  'heap',
  'in suspicious groups',
  'F1 merges',
  'F1 by default',
  'P / R by default',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
console.log(
  '\nF1 merges: suspicious groups (too large to propose as one merge) left out. F1 by default: the merges proposed when only what a preset compares with no Rules written is read (no date of birth, no street; city, postcode and state only for people without an email or phone): what the CLI gets on such an export.',
);

const t10 = timings.find((t) => t.n === 10000);
const t100 = timings.find((t) => t.n === 100000);
if (t10 && t100) {
  console.log(
    `\ngenerated contacts (realistic name frequencies; person defaults on name, email, phone, company): time(100k) / time(10k) = ${(t100.ms / t10.ms).toFixed(1)}, cpu ${(t100.cpu / t10.cpu).toFixed(1)} (target at most 12); 100k under 2 s and 300 MB of heap: ${t100.ms < 2000 && t100.heap < 300 ? 'yes' : `no (wall ${t100.ms.toFixed(0)} ms, cpu ${t100.cpu.toFixed(0)} ms, heap ${t100.heap.toFixed(0)} MB)`}`,
  );
}

if (process.env.DEDUPE_MODELS !== '0') {
  console.log('\nWhat each batch taught the model (weight = log2(m/u) per level; prior = share of pairs that match):');
  for (const [name, m] of learnedModels) {
    console.log(`  ${name}: prior ${m.prior.toExponential(2)} (${m.priorWeight.toFixed(1)} bits), ${m.learned}, ${m.emIterations} EM iterations, ${m.sampledPairs} random pairs`);
    for (const r of m.roles)
      console.log(
        `    ${r.role.padEnd(10)} ${r.levels.map((l) => `${l.label.split(' (')[0]} m=${l.m.toFixed(3)} u=${l.u.toExponential(1)} ${l.weight >= 0 ? '+' : ''}${l.weight.toFixed(1)}`).join(' | ')}`,
      );
  }
}

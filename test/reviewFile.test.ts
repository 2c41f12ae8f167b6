/**
 * review.csv as a person's spreadsheet saves it (adversarial review of 2026-11-26): another encoding,
 * another delimiter, a stray quote, a renamed, deleted or doubled column, sorted or copied rows. Every
 * decision typed into it is either applied or kept on disk, never dropped without a word.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run';
import { parseCsv, toCsv } from '../src/core/intake/csv';
import { shortHash } from '../src/core/text/hash';
import { restoreFromCsv } from '../src/core/text/safeText';
import { contact, type Contact, exportCsv, teamRulesFile } from './fixtures';
import { memoryIo } from './memoryIo';

const RULES = JSON.stringify(teamRulesFile);
const ARGS = ['review', 'e.csv', '--rules', 'r.json'];

function batch(): Contact[] {
  return [
    contact({ 'Record ID': '501', 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' }),
    contact({ 'Record ID': '502', Email: '' }),
    contact({ 'Record ID': '503', 'Contact owner': 'Dana Brooks' }),
    contact({ 'Record ID': '504', Email: 'Ada@Example.com' }),
  ];
}

const grid = (text: string): string[][] => parseCsv(text).map((r) => r.map(restoreFromCsv));

/** A first run, then every row decided (Approve, Reject, Escalate in turn) in review.csv, not yet run. */
function typed() {
  const m = memoryIo({ 'e.csv': exportCsv(batch()), 'r.json': RULES });
  expect(runCli(ARGS, m.io)).toBe(0);
  const g = grid(m.files['out/review.csv']!);
  const d = g[0]!.indexOf('Decision');
  g.slice(1).forEach((r, i) => {
    r[d] = ['Approve', 'Reject', 'Escalate'][i % 3]!;
  });
  return {
    m,
    g,
    d,
    typed: g
      .slice(1)
      .map((r) => `${r[0]} ${r[d]}`)
      .sort(),
  };
}

/** Issue ID and Decision of every row of the current review.csv. */
function decisions(files: Record<string, string>): string[] {
  const g = grid(files['out/review.csv']!);
  const d = g[0]!.indexOf('Decision');
  return g
    .slice(1)
    .map((r) => `${r[0]} ${r[d]}`)
    .sort();
}

function utf16(text: string, littleEndian: boolean, bom = true): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  let at = 0;
  if (bom) {
    out[at++] = littleEndian ? 0xff : 0xfe;
    out[at++] = littleEndian ? 0xfe : 0xff;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[at++] = littleEndian ? c & 0xff : c >> 8;
    out[at++] = littleEndian ? c >> 8 : c & 0xff;
  }
  return out;
}

describe('review.csv saved again by a spreadsheet keeps every decision', () => {
  it.each([
    ['UTF-16 LE with a byte order mark', (t: string) => utf16(t, true)],
    ['UTF-16 BE with a byte order mark', (t: string) => utf16(t, false)],
    ['UTF-16 LE without one', (t: string) => utf16(t, true, false)],
  ])('%s', (_name, encode) => {
    const { m, g, typed: want } = typed();
    m.binary['out/review.csv'] = encode(toCsv(g, { raw: true }));
    expect(runCli(ARGS, m.io)).toBe(0);
    delete m.binary['out/review.csv'];
    expect(decisions(m.files)).toEqual(want);
    expect(m.out.join('\n')).toContain(`review.csv: The file is UTF-16 (Excel's "Unicode Text"), and was read as such.`);
    expect(m.out.join('\n')).not.toContain('damaged');
  });

  it.each([
    ['semicolons', ';'],
    ['tabs', '\t'],
  ])('with %s between values', (_name, sep) => {
    const { m, g, typed: want } = typed();
    // as a spreadsheet writes it: a value with the delimiter, a quote or a line break in quotes
    const cell = (v: string): string => (/[";\t\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    m.files['out/review.csv'] = `${g.map((r) => r.map(cell).join(sep)).join('\r\n')}\r\n`;
    expect(g.flat().some((v) => v.includes(';'))).toBe(true); // (evidence holds semicolons: quoted, as Excel quotes them)
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(decisions(m.files)).toEqual(want);
  });

  it.each([
    ['semicolons', ';'],
    ['commas', ','],
  ])('with %s and the "sep=" line Excel writes above the header (review.csv and the decision log)', (_name, sep) => {
    const { m, g, typed: want } = typed();
    const cell = (v: string): string => (/[";,\t\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const resave = (rows: string[][]): string => `sep=${sep}\r\n${rows.map((r) => r.map(cell).join(sep)).join('\r\n')}\r\n`;
    m.files['out/review.csv'] = resave(g);
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(decisions(m.files)).toEqual(want);
    expect(m.out.join('\n')).not.toMatch(/damaged|unreadable|no Issue ID/);
    // the decision log re-saved so too is read, and written again whole as this tool writes it when a
    // decision is added
    const log = grid(m.files['out/decision-log.csv']!);
    m.files['out/decision-log.csv'] = resave(log);
    const now = grid(m.files['out/review.csv']!);
    const d = now[0]!.indexOf('Decision');
    now[1]![d] = now[1]![d] === 'Reject' ? 'Approve' : 'Reject';
    m.files['out/review.csv'] = toCsv(now, { raw: true });
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(m.files['out/decision-log.csv']!.startsWith('sep=')).toBe(false);
    const after = grid(m.files['out/decision-log.csv']!);
    expect(after.slice(0, log.length)).toEqual(log);
    expect(after).toHaveLength(log.length + 1);
  });

  it('sorted by a column: no damage reported, and a typing mistake still stops the run naming its row', () => {
    const { m, g, d, typed: want } = typed();
    const sorted = [g[0]!, ...g.slice(1).sort((a, b) => (a[2]! < b[2]! ? 1 : -1))];
    m.files['out/review.csv'] = toCsv(sorted, { raw: true });
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(decisions(m.files)).toEqual(want);
    expect(m.out.join('\n')).not.toMatch(/damaged|not the ones|cut short/);
    sorted[2]![d] = 'Aprove';
    m.files['out/review.csv'] = toCsv(sorted, { raw: true });
    const before = { ...m.files };
    expect(runCli(ARGS, m.io)).toBe(2);
    expect(m.err.at(-1)).toBe('crm-review-gate: out/review.csv row 3: the Decision must be one of Pending, Approve, Reject, Escalate.');
    expect(m.files).toEqual(before);
  });

  it('rows deleted: the typing mistake in a row left is still refused, not dropped', () => {
    const { m, g, d } = typed();
    g[1]![d] = 'Rejectt';
    m.files['out/review.csv'] = toCsv(g.slice(0, -1), { raw: true });
    expect(runCli(ARGS, m.io)).toBe(2);
    expect(m.err.at(-1)).toContain('row 2: the Decision must be one of');
  });
});

describe('review.csv read as its bytes, without the columns never read back (issue 12)', () => {
  it('notes in any script survive a re-run exactly; an edited Evidence, QA or Reason cell changes nothing', () => {
    const { m, g, d } = typed();
    const note = g[0]!.indexOf('Reviewer note');
    const notes = ['Chloé: −20 is fine', '中文 確認済み 😀', '"quoted", with a comma\r\nand a line'];
    g.slice(1).forEach((r, i) => {
      r[note] = notes[i % notes.length]!;
    });
    for (const column of ['Evidence', 'QA', 'Reason', 'Severity', 'Record link']) g[1]![g[0]!.indexOf(column)] = 'typed over 😀 "x"';
    m.files['out/review.csv'] = toCsv(g, { raw: true });
    expect(runCli(ARGS, m.io)).toBe(0);
    const after = grid(m.files['out/review.csv']!);
    const byId = new Map(after.slice(1).map((r) => [r[0], r]));
    for (const r of g.slice(1)) {
      expect(byId.get(r[0]!)![note]).toBe(r[note]);
      expect(byId.get(r[0]!)![d]).toBe(r[d]);
    }
    expect(m.out.join('\n')).not.toMatch(/damaged|not the ones|cut short|Windows-1252/);
  });

  // adversarial review: which columns are skipped is decided on the header decoded and restored, as
  // reviewRowsFromGrid reads it, not on its bytes
  it.each([
    ['Reviewer\u00a0note', 'Reviewer note'],
    ['Issue\u3000ID', 'Issue ID'],
    ['Decision\u00a0', 'Decision'],
  ])('a read-back header with non-ASCII white space ("%s") is read back: notes and decisions kept, no NUL logged', (typedHeader, column) => {
    const { m, g, d } = typed();
    const note = g[0]!.indexOf('Reviewer note');
    g[1]![note] = 'checked with Dana';
    g[0]![g[0]!.indexOf(column)] = typedHeader;
    m.files['out/review.csv'] = toCsv(g, { raw: true });
    expect(runCli(ARGS, m.io)).toBe(0);
    const after = grid(m.files['out/review.csv']!);
    const byId = new Map(after.slice(1).map((r) => [r[0], r]));
    for (const r of g.slice(1)) expect(byId.get(r[0]!)![d]).toBe(r[d]);
    expect(byId.get(g[1]![0]!)![note]).toBe('checked with Dana');
    expect(m.files['out/decision-log.csv']).toContain('checked with Dana');
    expect(m.files['out/decision-log.csv']).not.toContain('\u0000');
    expect(runCli(ARGS, m.io)).toBe(0);
  });

  it('UTF-8 with three byte order marks: every decision kept', () => {
    const { m, g, typed: want } = typed();
    const bom = [0xef, 0xbb, 0xbf];
    m.binary['out/review.csv'] = Uint8Array.from([...bom, ...bom, ...bom, ...new TextEncoder().encode(toCsv(g, { raw: true }))]);
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(decisions(m.files)).toEqual(want);
  });

  it('a summary.json from before the order-free fingerprint is still checked, sorted rows passing and lost rows caught', () => {
    const { m, g } = typed();
    const summary = JSON.parse(m.files['out/summary.json']!) as { reviewCsv: Record<string, unknown> };
    const ids = g.slice(1).map((r) => r[0]!);
    // what runs before 2026-11-27 wrote: a hash of the sorted Issue IDs
    summary.reviewCsv = { rows: ids.length, issueIds: shortHash([...ids].sort().join('\n')) };
    m.files['out/summary.json'] = JSON.stringify(summary);
    m.files['out/review.csv'] = toCsv([g[0]!, ...g.slice(1).reverse()], { raw: true });
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(m.out.join('\n')).not.toMatch(/damaged|not the ones|cut short/);
    expect(JSON.parse(m.files['out/summary.json']!).reviewCsv).toEqual({ rows: ids.length, issueIdSum: expect.stringMatching(/^[0-9A-Z]{11}$/) });

    summary.reviewCsv = { rows: ids.length, issueIds: shortHash([...ids].sort().join('\n')) };
    m.files['out/summary.json'] = JSON.stringify(summary);
    m.files['out/review.csv'] = toCsv(g.slice(0, -1), { raw: true });
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(m.out.join('\n')).toContain(`review.csv has ${ids.length - 1} rows but the last run wrote ${ids.length} (cut short or rows deleted)`);
  });

  it('the order-free fingerprint catches an Issue ID changed in place, the row count unchanged', () => {
    const { m, g } = typed();
    g[1]![0] = g[1]![0]!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    m.files['out/review.csv'] = toCsv(g, { raw: true });
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(m.out.join('\n')).toContain("review.csv's rows are not the ones the last run wrote");
  });
});

describe('review.csv that cannot be read in full is kept beside the new one', () => {
  it('a stray quote typed into a note: the rows before it are read, the file is kept as it was, and the run says where', () => {
    const { m, g, d } = typed();
    const note = g[0]!.indexOf('Reviewer note');
    const text = toCsv(g, { raw: true });
    // the third row's note, typed with quotes a spreadsheet would have doubled
    const lines = text.split('\r\n');
    const cells = lines[3]!.split(',');
    cells[note] = 'said "ok" by phone';
    lines[3] = cells.join(',');
    const damaged = lines.join('\r\n');
    m.files['out/review.csv'] = damaged;
    expect(runCli(ARGS, m.io)).toBe(0);
    const kept = Object.keys(m.files).filter((f) => f.startsWith('out/review.unreadable-'));
    expect(kept).toEqual(['out/review.unreadable-20261120T090000Z.csv']);
    expect(m.files[kept[0]!]).toBe(damaged);
    const out = m.out.join('\n');
    expect(out).toContain('review.csv is damaged (it does not parse as CSV)');
    expect(out).toContain(`the review.csv that could not be read is kept as ${kept[0]}: decisions typed into it since the last run are there only`);
    // the rows above the damage were read: their decisions stand
    const now = decisions(m.files);
    expect(now).toContain(`${g[1]![0]} ${g[1]![d]}`);
    expect(now).toContain(`${g[2]![0]} ${g[2]![d]}`);
  });

  it('a file with no Issue ID column is kept too', () => {
    const { m } = typed();
    m.files['out/review.csv'] = 'something else entirely\r\n1,2,3\r\n';
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(m.files['out/review.unreadable-20261120T090000Z.csv']).toBe('something else entirely\r\n1,2,3\r\n');
  });

  it('a file read in full is not copied', () => {
    const { m, g } = typed();
    m.files['out/review.csv'] = toCsv(g, { raw: true });
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(Object.keys(m.files).some((f) => f.includes('unreadable'))).toBe(false);
  });
});

describe('review.csv with a column a person added', () => {
  it('is read, and the run names the column it does not keep (notes belong in Reviewer note)', () => {
    const { m, g, typed: want } = typed();
    const withMine = g.map((r, i) => [...r, i === 0 ? 'My notes' : 'call back Monday']);
    m.files['out/review.csv'] = toCsv(withMine, { raw: true });
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(decisions(m.files)).toEqual(want);
    expect(m.out.join('\n')).toContain('review.csv: column "My notes" is not the review\'s own and is not kept in the new file (write notes in Reviewer note, which is)');
    expect(grid(m.files['out/review.csv']!)[0]).not.toContain('My notes');
    // the tool's own file says nothing
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(m.out.slice(-12).join('\n')).not.toContain('not the review');
  });
});

describe('review.csv columns a person renamed, deleted or doubled', () => {
  it('a column renamed in another case or spacing is still found', () => {
    const { m, g, d, typed: want } = typed();
    g[0]![d] = ' decision ';
    g[0]![0] = 'ISSUE  ID';
    m.files['out/review.csv'] = toCsv(g, { raw: true });
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(decisions(m.files)).toEqual(want);
  });

  it('a deleted Decision column stops the run: every decision would otherwise read as Pending', () => {
    const { m, g, d } = typed();
    m.files['out/review.csv'] = toCsv(
      g.map((r) => r.filter((_c, i) => i !== d)),
      { raw: true },
    );
    const before = { ...m.files };
    expect(runCli(ARGS, m.io)).toBe(2);
    expect(m.err.at(-1)).toBe(
      'crm-review-gate: out/review.csv has no "Decision" column (renamed or deleted?). Undo the change, or put the column back with its values, and run again; nothing was changed.',
    );
    expect(m.files).toEqual(before);
  });

  it('a Review grid whose Issue ID column is gone is refused, not read as empty (the add-on reads its tab so)', async () => {
    const { reviewRowsFromGrid } = await import('../src/core/review/rows');
    expect(() =>
      reviewRowsFromGrid(
        [
          ['Issue', 'Decision', 'Reviewer note'],
          ['RG-1', 'Approve', ''],
        ],
        'tab "Review"',
      ),
    ).toThrow('tab "Review" has no "Issue ID" column (renamed or deleted?). Undo the change, or put the column back with its values, and run again; nothing was changed.');
    expect(reviewRowsFromGrid([['Issue', 'Decision']], 'tab "Review"')).toEqual([]);
  });

  it('a deleted Reviewer note column stops the run: every note would otherwise read as wiped', () => {
    const { m, g } = typed();
    const n = g[0]!.indexOf('Reviewer note');
    m.files['out/review.csv'] = toCsv(
      g.map((r) => r.filter((_c, i) => i !== n)),
      { raw: true },
    );
    expect(runCli(ARGS, m.io)).toBe(2);
    expect(m.err.at(-1)).toContain('has no "Reviewer note" column (renamed or deleted?)');
  });

  it('two Decision columns stop the run: which one holds the decisions cannot be told', () => {
    const { m, g, d } = typed();
    m.files['out/review.csv'] = toCsv(
      g.map((r, i) => [i === 0 ? 'Decision' : 'Reject', ...r]),
      { raw: true },
    );
    expect(runCli(ARGS, m.io)).toBe(2);
    expect(m.err.at(-1)).toBe(`crm-review-gate: out/review.csv has two "Decision" columns (columns 1 and ${d + 2}). Remove one and run again; nothing was changed.`);
  });

  it('one issue twice with different decisions stops the run; twice the same is one row', () => {
    const { m, g, d, typed: want } = typed();
    const copy = [...g[1]!];
    m.files['out/review.csv'] = toCsv([...g, copy], { raw: true });
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(decisions(m.files)).toEqual(want);
    const { m: m2, g: g2, d: d2 } = typed();
    const other = [...g2[1]!];
    other[d2] = other[d2] === 'Reject' ? 'Approve' : 'Reject';
    m2.files['out/review.csv'] = toCsv([...g2, other], { raw: true });
    expect(runCli(ARGS, m2.io)).toBe(2);
    expect(m2.err.at(-1)).toBe(
      `crm-review-gate: out/review.csv rows 2 and ${g2.length + 1} are the same issue (${g2[1]![0]}) with different decisions or notes. Keep one and run again; nothing was changed.`,
    );
    void d;
  });
});

describe('an export saved by a spreadsheet with semicolons', () => {
  it('is read, and the run says so', () => {
    const text = exportCsv(batch());
    const m = memoryIo({ 'e.csv': text.replace(/,/g, ';'), 'r.json': RULES });
    const plain = memoryIo({ 'e.csv': text, 'r.json': RULES });
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(runCli(ARGS, plain.io)).toBe(0);
    expect(m.files['out/review.csv']).toBe(plain.files['out/review.csv']);
    expect(m.out.join('\n')).toContain('e.csv: its values are separated by semicolons');
  });

  it('with Excel\'s "sep=;" line before the header: the line names the delimiter and is not a header (CLI and upload)', async () => {
    const text = exportCsv(batch());
    const withSep = `sep=;\r\n${text.replace(/,/g, ';')}`;
    const m = memoryIo({ 'e.csv': withSep, 'r.json': RULES });
    const plain = memoryIo({ 'e.csv': text, 'r.json': RULES });
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(runCli(ARGS, plain.io)).toBe(0);
    expect(m.files['out/review.csv']).toBe(plain.files['out/review.csv']);
    const { readExport } = await import('../src/addon/client/prepare');
    expect(readExport(new TextEncoder().encode(withSep), 'e.csv').table).toEqual(readExport(new TextEncoder().encode(text), 'e.csv').table);
    // with a byte-order mark before it, too
    expect(readExport(new TextEncoder().encode(`\uFEFF${withSep}`), 'e.csv').table).toEqual(readExport(new TextEncoder().encode(text), 'e.csv').table);
  });
});

describe("the add-on's upload reads what the CLI reads", () => {
  it('a UTF-16, tab-separated export (Excel "Unicode Text") gives the same table as the CSV', async () => {
    const { readExport } = await import('../src/addon/client/prepare');
    const text = exportCsv(batch());
    const tabbed = parseCsv(text)
      .map((r) => r.join('\t'))
      .join('\r\n');
    const fromCsv = readExport(new TextEncoder().encode(text), 'e.csv').table;
    const fromUnicode = readExport(utf16(tabbed, true), 'e.txt');
    expect(fromUnicode.table).toEqual(fromCsv);
    expect(fromUnicode.notice).toContain('UTF-16');
  });
});

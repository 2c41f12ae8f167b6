/**
 * The previous run's review.csv, read back as the person left it (the CLI's re-run): its bytes in, the
 * Review rows out, or what is wrong with the file. Pure over the bytes (reading them is the edge's), so
 * tests can hand it any bytes, damaged or re-encoded.
 */
import { delimiterOf, parseCsv } from '../core/intake/csv';
import { isReadBack, isReviewColumn, reviewRowsFromGrid, type SheetReviewRow } from '../core/review/rows';
import { normaliseText } from '../core/text/cells';
import { hash53, shortHash } from '../core/text/hash';
import { restoreFromCsv } from '../core/text/safeText';
import { decodeCsvBytesLazily, type LazyText } from './utf8';

/** What the last run wrote, kept in summary.json, to detect a truncated or damaged review.csv. */
export interface ReviewFingerprint {
  rows: number;
  /**
   * A hash of the Issue IDs whatever their order (sorting the rows in a spreadsheet is not damage): the
   * sum of each ID's hash, so no sort of tens of thousands of IDs (issue 12).
   */
  issueIdSum?: string;
  /** What runs before 2026-11-27 kept: a hash of the IDs sorted. Still checked, so an upgrade is not taken for damage. */
  issueIds?: string;
}

const TWO_32 = 4294967296;

export function fingerprint(issueIds: readonly string[]): ReviewFingerprint {
  // two 32-bit lanes summed modulo 2^32 each: exact in doubles at any row count
  let low = 0;
  let high = 0;
  for (const id of issueIds) {
    const h = hash53(id);
    low = (low + (h >>> 0)) % TWO_32;
    high = (high + Math.floor(h / TWO_32)) % TWO_32;
  }
  return { rows: issueIds.length, issueIdSum: shortHash(`${low}:${high}`) };
}

/** Whether the Issue IDs read are the ones a fingerprint was taken of, by its own kind of hash. */
function sameIds(ids: readonly string[], expected: ReviewFingerprint): boolean {
  if (ids.length !== expected.rows) return false;
  if (expected.issueIdSum !== undefined) return fingerprint(ids).issueIdSum === expected.issueIdSum;
  return expected.issueIds === shortHash([...ids].sort().join('\n'));
}

/**
 * parseOwnCsv for a previous review.csv (issue 12): the columns never read back (Evidence, QA, …: most
 * of its bytes) are skipped, and only the values kept are decoded (decodeCsvBytesLazily).
 */
function parseOwnReview(file: LazyText, source: string, added: string[] = []): string[][] {
  const { value } = file;
  // the header as reviewRowsFromGrid will read it: decoded and restored ("Reviewer\u00a0note" is a read-back
  // name only once its bytes are decoded); a column a person added is named (it is not kept)
  const skipColumn = (header: string): boolean => {
    const name = restoreFromCsv(value(header));
    if (name.trim() !== '' && !isReviewColumn(name)) added.push(name.trim());
    return !isReadBack(name);
  };
  // (Excel's "sep=;" line, which a European spreadsheet writes above the header, names the delimiter)
  const { text, delimiter } = delimiterOf(file.text);
  const grid = parseCsv(text, { source, delimiter, skipColumn });
  for (const row of grid) for (let c = 0; c < row.length; c++) row[c] = restoreFromCsv(value(row[c]!));
  return grid;
}

export interface PreviousReview {
  rows: SheetReviewRow[] | undefined;
  problem?: string;
  /**
   * The file as it was on disk when it could not be read in full (it does not parse, a row is cut short,
   * it has no Issue ID column): kept beside the new review.csv, so no decision typed into it is lost.
   */
  unread?: Uint8Array;
  /** What decoding the file had to say (it was not UTF-8), for the run's notices. */
  notice?: string;
  /** Columns a person added to the file: not the Review's, so not kept in the new one. */
  added?: string[];
}

/**
 * review.csv as the person left it. A damaged file (cut short, an unclosed quote, rows lost) is not an
 * error: the rows that can be read are taken, and the decision log restores the rest.
 */
export function previousReviewFrom(bytes: Uint8Array | undefined, path: string, expected: ReviewFingerprint | undefined): PreviousReview {
  if (bytes === undefined) return { rows: undefined, ...(expected ? { problem: 'review.csv is missing' } : {}) };
  const file = decodeCsvBytesLazily(bytes);
  const notice = file.notice ? { notice: file.notice } : {};
  let grid: string[][];
  let problem: string | undefined;
  const added: string[] = [];
  try {
    grid = parseOwnReview(file, path, added);
  } catch {
    grid = longestReadablePrefix(file, path);
    problem = 'review.csv is damaged (it does not parse as CSV)';
  }
  if (grid.length === 0)
    return { rows: undefined, ...(expected || problem ? { problem: problem ?? 'review.csv is empty' } : {}), ...(problem ? { unread: file.original() } : {}), ...notice };
  if (!grid[0]!.some((h) => normaliseText(h) === 'issue id')) {
    return { rows: undefined, problem: 'review.csv has no Issue ID column', unread: file.original(), ...notice };
  }
  const width = grid[0]?.length ?? 0;
  const short = grid.findIndex((r, i) => i > 0 && r.length < width && r.some((c) => c !== ''));
  if (!problem && short > 0) problem = `review.csv is damaged (row ${short + 1} is cut short)`;
  // only a file that could not be read in full is read leniently (and kept): rows deleted or sorted are not damage
  const damaged = problem !== undefined;
  if (!problem && expected) {
    // the rows the last run wrote, whatever their decisions (a typo in one is the person's to fix)
    const idAt = grid[0]!.findIndex((h) => normaliseText(h) === 'issue id');
    const ids = grid
      .slice(1)
      .map((r) => (r[idAt] ?? '').trim())
      .filter((id) => id !== '');
    if (!sameIds(ids, expected)) {
      problem =
        ids.length < expected.rows
          ? `review.csv has ${ids.length} rows but the last run wrote ${expected.rows} (cut short or rows deleted)`
          : "review.csv's rows are not the ones the last run wrote";
    }
  }
  // a damaged file is read leniently: rows with an unreadable decision are left to the decision log
  // (every review.csv has been written with its Evidence ID: one without lost it by hand, and is refused)
  const rows = reviewRowsFromGrid(grid, path, { lenient: damaged });
  const kept = added.length ? { added: [...new Set(added)] } : {};
  return { rows, ...(problem ? { problem } : {}), ...(damaged ? { unread: file.original() } : {}), ...notice, ...kept };
}

/**
 * The rows of a review.csv that does not parse, up to the damage (a stray quote typed into a note, a cut):
 * the longest prefix ending before a row that parses, found by bisection over the rows' starts (a parse
 * each step, not one per row). The rest of the file is kept apart (PreviousReview.unread).
 */
function longestReadablePrefix(file: LazyText, path: string): string[][] {
  const { text } = file;
  const starts: number[] = [];
  for (let k = text.indexOf('\nRG-'); k !== -1; k = text.indexOf('\nRG-', k + 1)) starts.push(k + 1);
  let best: string[][] = [];
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    try {
      best = parseOwnReview({ ...file, text: text.slice(0, starts[mid]) }, path);
      lo = mid + 1;
    } catch {
      hi = mid - 1;
    }
  }
  return best;
}

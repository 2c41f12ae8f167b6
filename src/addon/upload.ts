/**
 * Upload CSV, server side. The dialog reads and checks the file in the browser with the same core
 * parser and data boundary (src/addon/client/), and sends only the approved columns, as CSV text in
 * parts that each fit one CacheService value. The raw file never leaves the browser.
 *
 * 1. uploadBegin(fileName, headers, rows, idCounts): drops what an abandoned upload left, resolves the Rules
 *    for these headers (the Rules tab, or the preset's defaults on the first pull) and hands the
 *    dialog the approved and blocked field lists and the part limits.
 * 2. uploadChunk(id, first, parts): stores each part as one item of the user's private cache.
 * 3. uploadFinish(id, parts): joins the parts and trusts nothing: the columns must be exactly those
 *    the Rules approve for the announced headers, the rows must parse and count as announced, and the
 *    pull then applies the boundary and the value masking again before anything is written.
 * On any error the parts are dropped and the workbook is unchanged.
 */
import { decideColumns } from '../core/intake/boundary';
import { parseCsv } from '../core/intake/csv';
import { readSourceGrid } from '../core/intake/source';
import { utf8Length } from '../core/text/encoding';
import { UserError } from '../core/text/errors';
import type { IdCounts } from '../core/intake/presets';
import { countsReceived, ownIdCounts } from '../core/intake/salesforceIds';
import type { UploadTicket } from './client/prepare';
import { loadRules, pullTable, refuseLostRules, type StepResult } from './workbook';

export type { UploadTicket };

const PROP_UPLOAD = 'crg.upload';
/** One cache value each: CacheService holds at most 100 KB (bytes) per value. */
export const MAX_PART_BYTES = 95_000;
/** CacheService keeps at most 1,000 items per cache; leave room for the header item and other keys. */
export const MAX_PARTS = 900;
/** Parts per google.script.run call (about 380 KB per call). */
export const PARTS_PER_CALL = 4;
/** Long enough for a slow upload; an abandoned one is removed at the next upload anyway. */
const CACHE_SECONDS = 30 * 60;
/** Sheets has at most 18,278 columns (https://support.google.com/drive/answer/37603). */
const MAX_COLUMNS = 18_278;

interface UploadState {
  id: string;
  fileName: string;
  rows: number;
  received: number;
}

// the upload belongs to the person uploading: their properties and their private cache
const userProps = (): GoogleAppsScript.Properties.Properties => PropertiesService.getUserProperties();
const cache = (): GoogleAppsScript.Cache.Cache => CacheService.getUserCache();
const headerKey = (id: string): string => `${id}:h`;
const partKey = (id: string, i: number): string => `${id}:${i}`;
const allKeys = (id: string, parts = MAX_PARTS): string[] => [headerKey(id), ...Array.from({ length: parts }, (_, i) => partKey(id, i))];

function current(): UploadState | undefined {
  const raw = userProps().getProperty(PROP_UPLOAD);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as UploadState;
  } catch {
    return undefined;
  }
}

function state(id: unknown): UploadState {
  const s = current();
  if (!s || s.id !== id) throw new UserError('This upload is no longer active (another upload started, or it finished). Upload the file again.');
  return s;
}

/** Removes an upload's parts and state. */
function discard(s: UploadState | undefined): void {
  if (s) cache().removeAll(allKeys(s.id));
  userProps().deleteProperty(PROP_UPLOAD);
}

/**
 * What the dialog counted of the file's first record ids (Salesforce objects per key prefix, numbers only:
 * no value leaves the browser before the Rules approve its column); malformed counts are refused.
 */
function idCountsOf(fileName: string, sent: unknown): IdCounts | undefined {
  if (sent === undefined) return undefined;
  const counts = countsReceived(sent);
  if (!counts) throw new UserError(`${fileName}: the upload sent malformed record id counts. Upload the file again.`);
  return () => counts;
}

export function uploadBegin(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, fileName: unknown, headers: unknown, rows: unknown, sentIdCounts?: unknown): UploadTicket {
  if (typeof fileName !== 'string' || !/\.(csv|txt)$/i.test(fileName)) throw new UserError('That file is not a CSV file. Export the records as CSV and try again.');
  if (!Array.isArray(headers) || headers.length === 0 || headers.length > MAX_COLUMNS || !headers.every((h) => typeof h === 'string' && h.trim() !== '' && h.length <= 1000)) {
    throw new UserError(`${fileName}: the upload sent no usable header row. Upload the file again.`);
  }
  if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 1) throw new UserError(`${fileName} has a header row but no records.`);
  const idCounts = idCountsOf(fileName, sentIdCounts);
  // parts of an abandoned upload (a closed dialog, a lost connection) go now, not when they expire
  discard(current());
  refuseLostRules(ss);
  const { resolved } = loadRules(ss, headers as string[], 'refuse', idCounts);
  const headerJson = JSON.stringify(headers);
  if (utf8Length(headerJson) > MAX_PART_BYTES) throw new UserError(`${fileName} has too many or too long column names to upload here. Remove unneeded columns from the export.`);
  const id = `U${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
  cache().put(headerKey(id), headerJson, CACHE_SECONDS);
  userProps().setProperty(PROP_UPLOAD, JSON.stringify({ id, fileName, rows, received: 0 } satisfies UploadState));
  return {
    id,
    approvedFields: [...resolved.rules.approvedFields],
    blockedFields: [...resolved.rules.blockedFields],
    maxPartBytes: MAX_PART_BYTES,
    maxParts: MAX_PARTS,
    partsPerCall: PARTS_PER_CALL,
  };
}

export function uploadChunk(id: unknown, first: unknown, parts: unknown): number {
  const s = state(id);
  if (
    typeof first !== 'number' ||
    !Number.isInteger(first) ||
    first < 0 ||
    !Array.isArray(parts) ||
    parts.length === 0 ||
    parts.length > PARTS_PER_CALL ||
    first + parts.length > MAX_PARTS
  ) {
    throw new UserError('The upload sent a part out of order. Upload the file again.');
  }
  const values: Record<string, string> = {};
  parts.forEach((part, k) => {
    if (typeof part !== 'string' || utf8Length(part) > MAX_PART_BYTES) throw new UserError('The upload sent a part larger than the cache can hold. Upload the file again.');
    values[partKey(s.id, first + k)] = part;
  });
  cache().putAll(values, CACHE_SECONDS);
  userProps().setProperty(PROP_UPLOAD, JSON.stringify({ ...s, received: s.received + parts.length } satisfies UploadState));
  return first + parts.length;
}

export function uploadFinish(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, id: unknown, parts: unknown, now: Date): StepResult {
  const s = state(id);
  try {
    return finish(ss, s, parts, now);
  } finally {
    discard(s);
  }
}

function finish(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, s: UploadState, parts: unknown, now: Date): StepResult {
  const name = s.fileName;
  const incomplete = (why: string): UserError => new UserError(`The upload of ${name} did not complete (${why}). Nothing was changed; upload the file again.`);
  if (typeof parts !== 'number' || !Number.isInteger(parts) || parts < 1 || parts > MAX_PARTS) throw incomplete('the part count is wrong');
  const keys = allKeys(s.id, parts);
  const stored = cache().getAll(keys) as Record<string, string>;
  // (keys[0] is the header's; keys[k] holds part k, counted from 1)
  const missing = keys.findIndex((k) => typeof stored[k] !== 'string');
  if (s.received < parts) throw incomplete(`part ${missing > 0 ? missing : s.received + 1} of ${parts} never arrived`);
  if (missing >= 0) throw incomplete('a part expired or was dropped by the cache before the upload finished');

  const headers = JSON.parse(stored[headerKey(s.id)]!) as string[];
  // (the Rules tab may have gone while the parts were sent)
  refuseLostRules(ss);
  const text = keys
    .slice(1)
    .map((k) => stored[k])
    .join('');
  const table = readSourceGrid(parseCsv(text, { source: name, rectangular: true }), { sourceName: name, checkRagged: true });
  // the preset is detected as uploadBegin detected it: from the headers and the first record ids
  const { resolved } = loadRules(ss, headers, 'refuse', () => ownIdCounts(table.headers, table.rows));
  const decisions = decideColumns(headers, resolved.rules);
  const approved = decisions.filter((d) => d.kept).map((d) => d.header);
  // never trust the browser: exactly the approved columns, in order, and every announced row
  if (table.headers.length !== approved.length || table.headers.some((h, i) => h !== approved[i])) {
    throw new UserError(`The upload of ${name} sent columns the Rules do not approve. Nothing was changed; reload the dialog and upload the file again.`);
  }
  if (table.rows.length !== s.rows) throw incomplete(`${table.rows.length} of ${s.rows} records arrived`);
  const dropped = decisions.flatMap((d) => (d.kept ? [] : [{ header: d.header, reason: d.reason }]));
  return pullTable(ss, table, { sourceName: name, sourceLabel: `upload: ${name}`, now, ask: 'refuse', upload: { headers, dropped } });
}

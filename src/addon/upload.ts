/**
 * Upload CSV: the dialog reads the file in the browser and sends it in parts. Parts wait in the
 * uploading user's private CacheService cache (never in the spreadsheet, never in Drive) until the
 * last one arrives; then the file is parsed and checked like any export, and only approved columns are
 * written, to Records. On any error the parts are dropped and the workbook is unchanged.
 */
import { parseCsv } from '../core/intake/csv';
import { UserError } from '../core/text/errors';
import { readSourceGrid } from '../core/intake/source';
import { pullTable, props, type StepResult } from './workbook';

const PROP_UPLOAD = 'crg.upload';
/** Characters per cache value: at most 3 bytes each in UTF-8, under CacheService's 100 KB. */
const PIECE_CHARS = 30_000;
const CACHE_SECONDS = 6 * 60 * 60;
const MAX_PARTS = 2_000;

interface UploadState { id: string; fileName: string; parts: number }

function cache(): GoogleAppsScript.Cache.Cache {
  return CacheService.getUserCache();
}

function state(id: unknown): UploadState {
  const raw = props().getProperty(PROP_UPLOAD);
  const current = raw ? (JSON.parse(raw) as UploadState) : undefined;
  if (!current || current.id !== id) throw new UserError('This upload is no longer active (another upload started, or it finished). Upload the file again.');
  return current;
}

export function uploadBegin(fileName: unknown, parts: unknown): string {
  if (typeof fileName !== 'string' || !/\.(csv|txt)$/i.test(fileName)) throw new UserError('That file is not a CSV file. Export the records as CSV and try again.');
  if (typeof parts !== 'number' || !Number.isInteger(parts) || parts < 1 || parts > MAX_PARTS) throw new UserError(`The file is too large to upload here (at most ${MAX_PARTS} parts). Split the export into smaller batches.`);
  const id = `U${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
  props().setProperty(PROP_UPLOAD, JSON.stringify({ id, fileName, parts } satisfies UploadState));
  return id;
}

export function uploadChunk(id: unknown, index: unknown, text: unknown): number {
  const s = state(id);
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= s.parts || typeof text !== 'string') {
    throw new UserError('The upload sent a part out of order. Upload the file again.');
  }
  const values: Record<string, string> = {};
  const pieces = Math.max(1, Math.ceil(text.length / PIECE_CHARS));
  for (let k = 0; k < pieces; k++) values[`${s.id}:${index}:${k}`] = text.slice(k * PIECE_CHARS, (k + 1) * PIECE_CHARS);
  values[`${s.id}:${index}:n`] = String(pieces);
  cache().putAll(values, CACHE_SECONDS);
  return index;
}

export function uploadFinish(id: unknown, now: Date): StepResult {
  const s = state(id);
  const c = cache();
  const countKeys = Array.from({ length: s.parts }, (_, i) => `${s.id}:${i}:n`);
  const counts = c.getAll(countKeys) as Record<string, string>;
  const keys: string[] = [];
  for (let i = 0; i < s.parts; i++) {
    const n = Number(counts[`${s.id}:${i}:n`]);
    if (!n) throw dropped(c, s, countKeys, `part ${i + 1} of ${s.parts} never arrived`);
    for (let k = 0; k < n; k++) keys.push(`${s.id}:${i}:${k}`);
  }
  const pieces = c.getAll(keys) as Record<string, string>;
  const missing = keys.findIndex((k) => typeof pieces[k] !== 'string');
  if (missing >= 0) throw dropped(c, s, [...countKeys, ...keys], 'a part expired before the upload finished');
  const text = keys.map((k) => pieces[k]).join('');
  c.removeAll([...countKeys, ...keys]);
  props().deleteProperty(PROP_UPLOAD);

  if (text.trim() === '') throw new UserError(`${s.fileName} is empty: it has no header row and no records.`);
  const table = readSourceGrid(parseCsv(text, { source: s.fileName, rectangular: true }), { sourceName: s.fileName, checkRagged: true });
  return pullTable(SpreadsheetApp.getActiveSpreadsheet(), table, { sourceName: s.fileName, sourceLabel: `upload: ${s.fileName}`, now, ask: 'refuse' });
}

function dropped(c: GoogleAppsScript.Cache.Cache, s: UploadState, keys: string[], why: string): UserError {
  c.removeAll(keys);
  props().deleteProperty(PROP_UPLOAD);
  return new UserError(`The upload of ${s.fileName} did not complete (${why}). Nothing was changed; upload the file again.`);
}

/**
 * The upload dialog's work, without the page: read the file's bytes, decode them (UTF-8, else
 * Windows-1252), parse and check the CSV, keep only the columns the Rules approve, and send them in
 * cache-sized parts. The same core code as the server and the CLI, bundled into the dialog page by
 * scripts/build.mjs; tests run it in Node against the built add-on.
 */
import { decideColumns } from '../../core/intake/boundary';
import { delimiterOf, parseCsv, toCsv } from '../../core/intake/csv';
import { readSourceGrid, type SourceTable } from '../../core/intake/source';
import { decodeCsvBytes, utf8Length } from '../../core/text/encoding';
import { UserError } from '../../core/text/errors';
import { countsToSend, ownIdCounts } from '../../core/intake/salesforceIds';
import { footerNote, textFooterStart } from '../../core/intake/reportFooter';
import { refuseTextTitleBlock } from '../../core/intake/reportTitle';

/** What the server hands the dialog when an upload begins (src/addon/upload.ts). */
export interface UploadTicket {
  id: string;
  approvedFields: string[];
  blockedFields: string[];
  maxPartBytes: number;
  maxParts: number;
  partsPerCall: number;
}

/** google.script.run as a promise: the name of a server function and its arguments. */
export type Run = (name: string, args: unknown[]) => Promise<unknown>;

export function readExport(bytes: Uint8Array, fileName: string): { table: SourceTable; notice?: string } {
  if (!/\.(csv|txt)$/i.test(fileName)) throw new UserError('That file is not a CSV file. Export the records as CSV and try again.');
  const decoded = decodeCsvBytes(bytes);
  // the whole file need not fit a sheet: only its approved columns are written (the server checks those)
  // a spreadsheet's regional CSV (semicolons, or Excel's "sep=;" line) or Excel's "Unicode Text" (tabs) is read as the CLI reads it
  const { text: body, delimiter } = delimiterOf(decoded.text);
  if (body.trim() === '') throw new UserError(`${fileName} is empty: it has no header row and no records.`);
  // a Salesforce report's footer below the records is not records (reportFooter.ts)
  const footer = textFooterStart(body, delimiter);
  const text = footer ? body.slice(0, footer.at) : body;
  refuseTextTitleBlock(text, delimiter, fileName);
  const table = readSourceGrid(parseCsv(text, { source: fileName, rectangular: true, delimiter }), { sourceName: fileName, checkRagged: true, cellLimit: false });
  const footerLines = footer?.lines ?? table.footerLines;
  const notice = [decoded.notice, footerLines ? footerNote(footerLines) : undefined].filter(Boolean).join(' ');
  return notice ? { table, notice } : { table };
}

/** Splits a line that is larger than a part on its own, never between the two halves of a surrogate pair. */
function splitLine(line: string, maxBytes: number): string[] {
  const out: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < line.length;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > maxBytes) {
      out.push(line.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += size;
    if (pair) i++;
  }
  out.push(line.slice(start));
  return out;
}

/** The approved columns as CSV text (header first), in parts of at most `maxPartBytes` UTF-8 bytes. */
export function approvedParts(table: SourceTable, ticket: Pick<UploadTicket, 'approvedFields' | 'blockedFields' | 'maxPartBytes'>): { headers: string[]; parts: string[] } {
  const kept = decideColumns(table.headers, ticket)
    .filter((d) => d.kept)
    .map((d) => d.index);
  const headers = kept.map((i) => table.headers[i]!);
  const parts: string[] = [];
  let current: string[] = [];
  let size = 0;
  const add = (line: string): void => {
    const bytes = utf8Length(line);
    if (size + bytes > ticket.maxPartBytes && current.length > 0) {
      parts.push(current.join(''));
      current = [];
      size = 0;
    }
    if (bytes > ticket.maxPartBytes) {
      parts.push(...splitLine(line, ticket.maxPartBytes));
      return;
    }
    current.push(line);
    size += bytes;
  };
  add(toCsv([headers], { raw: true }));
  for (const row of table.rows) add(toCsv([kept.map((i) => row[i]!)], { raw: true }));
  if (current.length > 0) parts.push(current.join(''));
  return { headers, parts };
}

export type Progress = (sent: number, total: number) => void;

/** The whole upload: nothing but approved columns leaves; returns the server's message (and the encoding notice). */
export async function uploadFile(run: Run, bytes: Uint8Array, fileName: string, progress: Progress = () => undefined): Promise<string> {
  const { table, notice } = readExport(bytes, fileName);
  // what the first values of the "Id" column say of Salesforce objects (counts per key prefix, never a
  // value: the column is not approved yet), which tells leads from contacts when the headers fit both
  const ticket = (await run('uploadBegin', [fileName, table.headers, table.rows.length, countsToSend(ownIdCounts(table.headers, table.rows))])) as UploadTicket;
  const { parts } = approvedParts(table, ticket);
  if (parts.length > ticket.maxParts) {
    throw new UserError(
      `${fileName} is too large to upload at once (its approved columns need ${parts.length} parts; at most ${ticket.maxParts}). Split the export into smaller batches.`,
    );
  }
  for (let i = 0; i < parts.length; i += ticket.partsPerCall) {
    await run('uploadChunk', [ticket.id, i, parts.slice(i, i + ticket.partsPerCall)]);
    progress(Math.min(i + ticket.partsPerCall, parts.length), parts.length);
  }
  const message = String(await run('uploadFinish', [ticket.id, parts.length]));
  return notice ? `${message} ${notice}` : message;
}

/**
 * A Salesforce record id says which object it belongs to: its first three characters, the key prefix
 * (Salesforce Help 000385203: 001 Account, 003 Contact, 00Q Lead, 006 Opportunity…). Detection lets the
 * ids of the "Id" column outweigh Salesforce headers, and the pull refuses a preset the ids contradict
 * (leads reviewed with the contacts preset would be flagged against the wrong required fields and
 * stages). The owner checks read user (005) and queue (00G) ids with the same test.
 */

import { normaliseText, withoutAccents } from '../text/cells';

/** 15 characters, case-sensitive, or 18 with the case-safe suffix. */
const SALESFORCE_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

/** Whether a value is a Salesforce id, of the object with this key prefix when one is given. */
export function isSalesforceId(value: string, prefix?: string): boolean {
  const v = value.trim();
  return (v.length === 15 || v.length === 18) && (prefix === undefined || v.startsWith(prefix)) && SALESFORCE_ID.test(v);
}

/** Standard objects a CRM export might hold, by key prefix (case matters: 00Q is Lead, 00q another object). */
const OBJECTS = new Map<string, string>([
  ['001', 'account'],
  ['003', 'contact'],
  ['00Q', 'lead'],
  ['006', 'opportunity'],
  ['005', 'user'],
  ['00G', 'queue or group'],
  ['500', 'case'],
  ['701', 'campaign'],
  ['00T', 'task'],
  ['00U', 'event'],
  ['800', 'contract'],
  ['801', 'order'],
  ['02i', 'asset'],
  ['01t', 'product'],
]);

export interface SalesforceObject {
  prefix: string;
  /** The object's name in lower case, e.g. "lead". */
  object: string;
}

/**
 * The header whose ids detection reads: Data Loader's "Id", always the record's own id (any case). A
 * report's "Account ID" may be the record's own id or its account's (an opportunity or contact report),
 * so it decides nothing.
 */
export const OWN_ID_HEADER = 'Id';

/** Whether a header is the own "Id" column (any case, any spaces around it). */
export function isOwnIdHeader(header: string): boolean {
  return header.trim().toLowerCase() === OWN_ID_HEADER.toLowerCase();
}

/** The object counts of the first ID_SAMPLE values of a table's "Id" column (none without one), for detection. */
export function ownIdCounts(headers: readonly string[], rows: readonly (readonly string[])[]): ObjectCounts {
  const at = headers.findIndex(isOwnIdHeader);
  return countSalesforceObjects(at < 0 ? [] : rows.slice(0, ID_SAMPLE).map((r) => r[at] ?? ''), ID_SAMPLE);
}

/**
 * Object counts as the upload dialog sends them: numbers per standard key prefix, never an id or any other
 * value (the column is not yet approved when they are sent).
 */
export interface SentCounts {
  read: number;
  byPrefix: Record<string, number>;
}

export function countsToSend(c: ObjectCounts): SentCounts {
  return { read: c.read, byPrefix: Object.fromEntries(c.byPrefix) };
}

/** The counts the dialog sent, or undefined when they are malformed. */
export function countsReceived(sent: unknown): ObjectCounts | undefined {
  if (typeof sent !== 'object' || sent === null || Array.isArray(sent)) return undefined;
  const { read, byPrefix } = sent as Partial<SentCounts>;
  if (!Number.isInteger(read) || read! < 0 || read! > ID_SAMPLE) return undefined;
  if (typeof byPrefix !== 'object' || byPrefix === null || Array.isArray(byPrefix)) return undefined;
  const counts = new Map<string, number>();
  let total = 0;
  for (const [prefix, n] of Object.entries(byPrefix)) {
    if (!OBJECTS.has(prefix) || !Number.isInteger(n) || n < 0) return undefined;
    counts.set(prefix, n);
    total += n;
  }
  return total <= read! ? { byPrefix: counts, read: read! } : undefined;
}

/** At least this share of the ids read must be one object's: a few stray rows do not decide, nor refuse. */
const SHARE = 0.9;
/** Ids read: enough to decide, however large the batch. */
export const ID_SAMPLE = 1_000;

/** Ids of each standard object among these ids (by key prefix), and how many non-blank ids were read. */
export interface ObjectCounts {
  byPrefix: Map<string, number>;
  read: number;
}

/** Counts the standard objects' ids among the first `limit` non-blank values. */
export function countSalesforceObjects(ids: Iterable<string>, limit = Number.POSITIVE_INFINITY): ObjectCounts {
  const byPrefix = new Map<string, number>();
  let read = 0;
  for (const raw of ids) {
    const id = raw.trim();
    if (id === '') continue;
    if (++read > limit) {
      read = limit;
      break;
    }
    const prefix = id.slice(0, 3);
    if (OBJECTS.has(prefix) && isSalesforceId(id)) byPrefix.set(prefix, (byPrefix.get(prefix) ?? 0) + 1);
  }
  return { byPrefix, read };
}

/** The object at least 90% of the ids read belong to. */
export function dominantObject({ byPrefix, read }: ObjectCounts): SalesforceObject | undefined {
  for (const [prefix, n] of byPrefix) if (read > 0 && n >= SHARE * read) return { prefix, object: OBJECTS.get(prefix)! };
  return undefined;
}

/** The object a key prefix names ("lead" for 00Q), if it is a standard one. */
export function objectNamed(prefix: string): SalesforceObject | undefined {
  const object = OBJECTS.get(prefix);
  return object === undefined ? undefined : { prefix, object };
}

const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * A Salesforce id in its 18-character form, the one every record has whatever way it was exported: a
 * 15-character id (a report's, case-sensitive) gets its suffix, and an 18-character one its first 15
 * characters' case back from the suffix, which encodes it, when the id was flattened to one case (Excel's
 * UPPER, a case-insensitive tool). An 18-character id in mixed case, or not an id, comes back as it is.
 */
export function salesforceId18(value: string): string {
  const id = value.trim();
  if (!isSalesforceId(id)) return value;
  // each suffix character says, bit by bit, which of its chunk's 5 characters are capitals
  if (id.length === 15) {
    let suffix = '';
    for (let chunk = 0; chunk < 3; chunk++) {
      let bits = 0;
      for (let k = 0; k < 5; k++) {
        const c = id.charCodeAt(chunk * 5 + k);
        if (c >= 65 && c <= 90) bits |= 1 << k;
      }
      suffix += SUFFIX[bits];
    }
    return id + suffix;
  }
  // an 18-character id in mixed case has its case: only one flattened to capitals or small letters is restored
  const body = id.slice(0, 15);
  if (/[a-z]/.test(body) && /[A-Z]/.test(body)) return id;
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const code = SUFFIX.indexOf(id[15 + chunk]!.toUpperCase());
    if (code < 0) return value;
    for (let k = 0; k < 5; k++) {
      const c = body[chunk * 5 + k]!;
      out += code & (1 << k) ? c.toUpperCase() : c.toLowerCase();
    }
  }
  return out + id.slice(15).toUpperCase();
}

/** Whether a value is what a Salesforce owner field holds: a user (005…) or a queue (00G…) id. */
export function isSalesforceOwnerId(value: string): boolean {
  return isSalesforceId(value, '005') || isSalesforceId(value, '00G');
}

/**
 * An owner's key, as the roster and the Rules' uniqueness check read a name, an email or a user id: a
 * Salesforce user or queue id by its first 15 characters, case kept, or restored from an 18-character id's suffix
 * (its 15- and 18-character forms are one user, and so is its 18 in capitals; "…AuCZz" and "…AuCZZ" are
 * two); anything else normalised, without accents.
 */
const ID_KEY = 'id:';
export function ownerKey(value: string): string {
  // (a user or a queue, its case restored first: "00g…" in small letters is a queue's id too)
  const id = salesforceId18(value);
  if (isSalesforceOwnerId(id)) return ID_KEY + id.slice(0, 15);
  // (a roster typed by a person drops accents the CRM keeps: "Chloe Laurent" is the CRM's "Chloé Laurent")
  return withoutAccents(normaliseText(value));
}

/** ownerKey with the accents kept: the spelling that wins when two roster names differ only by them. */
export function exactOwnerKey(value: string): string {
  const key = ownerKey(value);
  return key.startsWith(ID_KEY) ? key : normaliseText(value);
}

/** "Salesforce lead ids (00Q…)" */
export function describeObject(o: SalesforceObject): string {
  return `Salesforce ${o.object} ids (${o.prefix}…)`;
}

/**
 * A Salesforce record id says which object it belongs to: its first three characters, the key prefix
 * (Salesforce Help 000385203: 001 Account, 003 Contact, 00Q Lead, 006 Opportunity…). Detection uses it
 * when the headers fit two presets, and the pull refuses a preset the ids contradict (leads reviewed
 * with the contacts preset would be flagged against the wrong required fields and stages).
 */

/** 15 characters, case-sensitive, or 18 with the case-safe suffix. */
const SALESFORCE_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

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

/** At least this share of the ids read must be one object's: a few stray rows do not decide, nor refuse. */
const SHARE = 0.9;
/** Ids read: enough to decide, however large the batch. */
export const ID_SAMPLE = 1_000;

/**
 * The standard object these record ids belong to: when at least 90% of the first 1,000 non-blank values
 * are Salesforce ids of that one object. Anything else (HubSpot's numbers, a custom object's a0X…, a mix)
 * says nothing.
 */
export function salesforceObjectOf(ids: Iterable<string>): SalesforceObject | undefined {
  const counts = new Map<string, number>();
  let read = 0;
  for (const raw of ids) {
    const id = raw.trim();
    if (id === '') continue;
    if (++read > ID_SAMPLE) break;
    if (!SALESFORCE_ID.test(id)) continue;
    const prefix = id.slice(0, 3);
    if (OBJECTS.has(prefix)) counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  const total = Math.min(read, ID_SAMPLE);
  for (const [prefix, n] of counts) if (total > 0 && n >= SHARE * total) return { prefix, object: OBJECTS.get(prefix)! };
  return undefined;
}

/**
 * A CRM user id as a key: a Salesforce user id (005…) by its first 15 characters, case kept (its 15- and
 * 18-character forms are one user; "…AuCZz" and "…AuCZZ" are two); undefined for anything else.
 */
export function salesforceUserKey(value: string): string | undefined {
  const v = value.trim();
  return v.startsWith('005') && SALESFORCE_ID.test(v) ? `id:${v.slice(0, 15)}` : undefined;
}

/** "Salesforce lead ids (00Q…)" */
export function describeObject(o: SalesforceObject): string {
  return `Salesforce ${o.object} ids (${o.prefix}…)`;
}

import { memoText, normaliseText } from '../text/cells';
import { Hash53Stream } from '../text/hash';
import type { Owner } from '../intake/rules';
import type { Preset } from '../intake/presets';
import { exactOwnerKey, isSalesforceId, ownerKey } from '../intake/salesforceIds';

/** HubSpot's label for an owner whose user was deactivated: "Ian Clarke (Deactivated User)". */
const DEACTIVATED = /\s*\(deactivated user\)\s*$/i;
/** A Salesforce queue (a Group, id prefix 00G) owning a record: normal routing, not an inactive owner. */
export function isSalesforceQueueId(value: string): boolean {
  return isSalesforceId(value, '00G');
}

/** Looks owners up by what an export's owner column may hold: name, email or CRM user id. */
export class OwnerRoster {
  private readonly byKey = new Map<string, Owner>();
  /**
   * Names and emails as spelled, accents kept, of one owner each: "Chloe Laurent" finds its own row even
   * when the roster also has a "Chloé Laurent" (accents are folded only when no spelling matches).
   */
  private readonly byExact = new Map<string, Owner | null>();

  /**
   * Names (or, for Salesforce, emails) two roster owners share, told apart by email or id as the Rules
   * allow: the shared value alone finds neither, whichever row comes last.
   */
  private readonly shared = new Map<string, Owner[]>();

  constructor(readonly owners: readonly Owner[]) {
    for (const o of owners) {
      for (const value of new Set([o.name, o.email].filter(Boolean).map(ownerKey))) {
        const list = this.shared.get(value);
        if (list) list.push(o);
        else this.shared.set(value, [o]);
      }
    }
    for (const [key, list] of this.shared) if (list.length < 2) this.shared.delete(key);
    for (const o of owners) for (const value of new Set([o.name, o.email].filter(Boolean).map(exactOwnerKey))) this.byExact.set(value, this.byExact.has(value) ? null : o);
    for (const o of owners) {
      for (const value of [o.name, o.email, o.id]) {
        if (!value) continue;
        const key = ownerKey(value);
        if (!this.shared.has(key)) this.byKey.set(key, o);
      }
    }
  }

  /** How many roster owners share this name or email (0: not shared). */
  sharing(value: string): number {
    if (this.shared.size === 0) return 0;
    const v = value.replace(DEACTIVATED, '');
    if (this.byExact.get(exactOwnerKey(v))) return 0; // one owner spelled so
    return this.shared.get(ownerKey(v))?.length ?? 0;
  }

  /** The owner a cell names: its exact spelling first, then without accents (undefined: none, or shared). */
  private lookUp(value: string): Owner | undefined {
    return this.byExact.get(exactOwnerKey(value)) ?? this.byKey.get(ownerKey(value));
  }

  /** Roster owners the export's owner column labels deactivated, and their inactive copies. */
  private readonly deactivated = new Map<Owner, Owner>();
  /** Owners never proposed: a deactivated label on a name they share (which one it meant is unknown). */
  private readonly unproposable = new Set<Owner>();

  /**
   * Reads the export's owner column once for the CRM's "(Deactivated User)" label: a user it names is
   * inactive for the whole batch, whatever the roster says (the CRM has the last word on who can own
   * records), so no record is proposed to them either. Call before any lookup.
   */
  learnDeactivated(rows: readonly (readonly string[])[], column: number): void {
    if (column < 0) return;
    for (const row of rows) {
      const v = row[column]!;
      // (a ")" last first: one character read per record)
      if (v.charCodeAt(v.length - 1) !== 41 || !DEACTIVATED.test(v)) continue;
      const name = v.replace(DEACTIVATED, '');
      // a name two owners share: which one the CRM deactivated is unknown, so neither is proposed, and
      // neither is marked inactive (a record their email or id names keeps its owner)
      const shared = this.sharing(name) > 0 ? this.shared.get(ownerKey(name)) : undefined;
      if (shared) for (const owner of shared) this.unproposable.add(owner);
      const owner = shared ? undefined : this.lookUp(name);
      if (owner && !this.deactivated.has(owner)) this.deactivated.set(owner, { ...owner, active: false });
    }
  }

  /** The roster's owner for an owner cell; a user the CRM labels deactivated comes back inactive. */
  readonly find: (value: string) => Owner | undefined = memoText((value) => {
    const labelled = DEACTIVATED.test(value);
    const owner = this.lookUp(labelled ? value.replace(DEACTIVATED, '') : value);
    if (!owner) return undefined;
    return this.deactivated.get(owner) ?? (labelled ? { ...owner, active: false } : owner);
  });

  /** Whether an owner cell carries the CRM's own "deactivated" label. */
  deactivatedInCrm(value: string): boolean {
    return DEACTIVATED.test(value);
  }

  private readonly teamCache = new Map<string, Owner[]>();
  /** Team and owner names normalised once each (issue 12: every owner proposal asks for them). */
  private readonly key = memoText(normaliseText);

  /** Active owners of a team, in roster order (people: a queue is never proposed). */
  activeInTeam(team: string): Owner[] {
    const key = this.key(team);
    let list = this.teamCache.get(key);
    if (!list)
      this.teamCache.set(key, (list = this.owners.filter((o) => o.active && !o.queue && !this.deactivated.has(o) && !this.unproposable.has(o) && this.key(o.team) === key)));
    return list;
  }

  /**
   * Rendezvous (highest-random-weight) choice among the team's active owners: each owner scores
   * hash(record id, owner name) and the highest wins. The choice depends on this record and the
   * roster alone, never on row order or on the other records of the batch, so re-exporting in
   * another order or adding a record changes no other record's proposal (and no decision resets).
   * Records spread evenly over the team's owners in expectation.
   */
  pickForTeam(team: string, recordId: string, exclude?: Owner, needsId = false): { owner: Owner; how: string } | undefined {
    // (needsId: the CRM imports an owner by user id, so an owner the roster gives none cannot be proposed)
    const candidates: Owner[] = [];
    // (an owner without an email is proposed by name, which must find them alone)
    for (const o of this.activeInTeam(team)) if (o !== exclude && (needsId ? o.id : o.email || this.sharing(o.name) === 0)) candidates.push(o);
    if (candidates.length === 0) return undefined;
    let best = candidates[0]!;
    let bestScore = -1;
    for (const c of candidates) {
      // hash53 of `${recordId}\u0000${name}`, its parts hashed in turn (no string per candidate)
      const score = new Hash53Stream().add(recordId).add('\u0000').add(this.key(c.name)).value();
      if (score > bestScore || (score === bestScore && c.name < best.name)) {
        best = c;
        bestScore = score;
      }
    }
    return {
      owner: best,
      how:
        candidates.length === 1
          ? `the ${exclude ? 'other ' : ''}active owner of team ${team}`
          : `one of ${candidates.length} ${exclude ? 'other ' : ''}active owners of team ${team}, picked by a stable hash of the record id (the same record always gets the same pick; work spreads evenly)`,
    };
  }
}

/** The value the CRM import expects for an owner (HubSpot: email; Salesforce: user id). */
export function ownerImportValue(owner: Owner, preset: Preset): string {
  if (preset.ownerImportValue === 'email' && owner.email) return owner.email;
  if (preset.ownerImportValue === 'id' && owner.id) return owner.id;
  return owner.name;
}

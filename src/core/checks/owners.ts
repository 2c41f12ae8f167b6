import { memoText, normaliseText } from '../text/cells';
import type { Owner } from '../intake/rules';
import type { Preset } from '../intake/presets';

/** Looks owners up by what an export's owner column may hold: name, email or CRM user id. */
export class OwnerRoster {
  private readonly byKey = new Map<string, Owner>();
  /** Records owned per owner name in this batch, for load-balanced proposals. */
  private readonly load = new Map<string, number>();

  constructor(readonly owners: readonly Owner[]) {
    for (const o of owners) {
      for (const key of [o.name, o.email, o.id]) if (key) this.byKey.set(normaliseText(key), o);
    }
  }

  readonly find: (value: string) => Owner | undefined = memoText((value) => this.byKey.get(normaliseText(value)));

  countLoad(ownerValues: Iterable<string>): void {
    for (const v of ownerValues) {
      const o = this.find(v);
      if (o) this.load.set(o.name, (this.load.get(o.name) ?? 0) + 1);
    }
  }

  /**
   * Deterministic, load-balanced choice: the active owner of the team with the fewest records in
   * this batch (counting proposals already made), ties broken by name. Returns how it chose.
   */
  pickForTeam(team: string, exclude?: Owner): { owner: Owner; how: string } | undefined {
    const candidates = this.owners.filter((o) => o.active && o !== exclude && normaliseText(o.team) === normaliseText(team));
    if (candidates.length === 0) return undefined;
    let best = candidates[0]!;
    for (const c of candidates) {
      const lc = this.load.get(c.name) ?? 0;
      const lb = this.load.get(best.name) ?? 0;
      if (lc < lb || (lc === lb && c.name.localeCompare(best.name) < 0)) best = c;
    }
    const before = this.load.get(best.name) ?? 0;
    this.load.set(best.name, before + 1);
    return {
      owner: best,
      how: `least-loaded active owner of team ${team} (${before} record${before === 1 ? '' : 's'} in this batch; ${candidates.length} ${exclude ? 'other ' : ''}active owner${candidates.length === 1 ? '' : 's'} in the team)`,
    };
  }
}

/** The value the CRM import expects for an owner (HubSpot: email; Salesforce: user id). */
export function ownerImportValue(owner: Owner, preset: Preset): string {
  if (preset.ownerImportValue === 'email' && owner.email) return owner.email;
  if (preset.ownerImportValue === 'id' && owner.id) return owner.id;
  return owner.name;
}

/**
 * One code path for every step that touches decisions, in the add-on and the CLI alike: recompute the
 * proposals from the snapshot and the Rules, join the decisions that still stand, and (when the step
 * exports) plan the export from the recomputed rows. Pure: the edges read their tabs or files, call
 * this, then write what it returns, log first.
 */
import type { Linker } from '../checks/duplicateRecord';
import { type OwnerRoster, ownerImportValue } from '../checks/owners';
import { isSalesforceOwnerId } from '../intake/salesforceIds';
import type { ResolvedRules } from '../intake/config';
import type { InputSafetyReport } from '../intake/pull';
import { type SummaryFigures, summarise } from '../report/summary';
import type { SheetReviewRow } from '../review/rows';
import { runChecks, type SkippedCheck } from '../review/workflow';
import { type ExportedItem, type ExportPlan, type OwnerRollback, planExport } from './export';
import type { ChainCheck, ParsedLog } from './log';
import { type Reconciled, type ReconcileContext, reconcile } from './reconcile';

export interface GateInput {
  snapshot: { headers: readonly string[]; rows: readonly (readonly string[])[]; batchId: string; pulledAt: string; report?: InputSafetyReport };
  resolved: ResolvedRules;
  asOf: string;
  /** The Review as a person left it; undefined when there is none (or it could not be read at all). */
  review: readonly SheetReviewRow[] | undefined;
  log: ParsedLog;
  chain: ChainCheck;
  exported: readonly ExportedItem[];
  ctx: ReconcileContext;
  export?: { exportedAt: string; includeExported: boolean };
  /** Where the duplicate engine runs (the CLI: a worker thread); here by default. */
  linker?: Linker;
  /** The log and the Review as the user knows them, for what the step says (the add-on's tabs by default). */
  names?: { log: string; review: string };
}

export interface GateResult {
  reconciled: Reconciled;
  skipped: SkippedCheck[];
  figures: SummaryFigures;
  plan?: ExportPlan;
  /** What the step says of decisions the log holds but did not restore (Reconciled.withheld), when any. */
  withheldNote?: string;
}

/** Why decisions the log holds came back Pending, naming the log's row (`log`: the log as the user knows it). */
function withheldNote(withheld: number, cutAt: number | undefined, { log, review }: { log: string; review: string }): string {
  const where = cutAt !== undefined ? `its row ${cutAt} does not check out (edited by hand, or a row above it deleted)` : 'rows of theirs do not check out (written by hand)';
  return `${withheld} decision${withheld === 1 ? '' : 's'} ${log} holds for rows missing from ${review} came back Pending, not restored: ${where}. Decide ${withheld === 1 ? 'it' : 'them'} again: each row's note says what it was.`;
}

/**
 * An owner as the export shows it (a name, an email, an id; "(Deactivated User)" too) → what a rollback
 * writes: the value the import takes, from the roster (ownerImportValue: a Salesforce or hubspot_owner_id
 * user id; for a HubSpot label export the email, else the name: its import takes "the name or email
 * address of the user"), else the value itself when the import takes it as it is (a Salesforce user or
 * queue id, a HubSpot owner number, a HubSpot user's plain name or email), else the value as shown, noted
 * unknown. A value two roster owners share is unknown: which of them it meant, the export does not say.
 * `roster` is the checks' own, which has read the batch's deactivated labels.
 */
function ownerRollbackOf(preset: ResolvedRules['preset'], roster: OwnerRoster): (shown: string) => OwnerRollback {
  const byId = preset.ownerImportValue === 'id';
  const asIs = (v: string): boolean => (byId ? (preset.crm === 'salesforce' ? isSalesforceOwnerId(v) : /^\d+$/.test(v)) : !/[<>()]/.test(v));
  return (shown) => {
    const v = shown.trim();
    const owner = roster.find(v);
    const inactive = owner ? !owner.active : roster.deactivatedInCrm(v);
    // (an owner the import takes by id needs one: a name would not import)
    const known = owner && (!byId || owner.id) ? ownerImportValue(owner, preset).trim() : undefined;
    const value = known || (roster.sharing(v) < 2 && asIs(v) ? shown : undefined);
    const flags = inactive ? { inactive: true } : {};
    return value === undefined ? { value: shown, unknown: true, ...flags } : { value, ...flags };
  };
}

export function gateStep(input: GateInput): GateResult {
  const { rows: fresh, skipped, roster } = runChecks(input.snapshot, input.resolved, input.asOf, undefined, input.linker);
  // (a log that may have lost a row restores nothing: which issue lost it cannot be told)
  const reconciled = reconcile(fresh, input.review, input.log.entries, input.ctx, input.log.cutAt !== undefined ? 'all' : new Set(input.log.doubtful));
  const figures = summarise(reconciled.rows, {
    batchId: input.snapshot.batchId,
    pulledAt: input.snapshot.pulledAt,
    asOf: input.asOf,
    recordsReviewed: input.snapshot.rows.length,
    input: input.snapshot.report,
    skipped,
    log: input.chain,
  });
  const { rules, preset } = input.resolved;
  const plan = input.export
    ? planExport(reconciled.rows, rules, input.exported, {
        exportedAt: input.export.exportedAt,
        batchId: input.snapshot.batchId,
        includeExported: input.export.includeExported,
        forwardOnlyStageField: preset.forwardOnlyStages ? rules.fields.lifecycleStage : undefined,
        ...(rules.fields.owner ? { ownerImport: { field: rules.fields.owner, rollback: ownerRollbackOf(preset, roster) } } : {}),
      })
    : undefined;
  const note = reconciled.withheld
    ? { withheldNote: withheldNote(reconciled.withheld, input.log.cutAt, input.names ?? { log: 'the Decision Log', review: 'the Review tab' }) }
    : {};
  return { reconciled, skipped, figures, ...(plan ? { plan } : {}), ...note };
}

/** Menu steps that manage where data comes from and the Rules: source tab, preset, rules JSON. */
import { cellToText, type CellValue } from '../core/text/cells';
import { resolveRules } from '../core/intake/config';
import { UserError } from '../core/text/errors';
import { getPreset, PRESETS } from '../core/intake/presets';
import { type PresetId, type RulesFile, validateRulesFile } from '../core/intake/rules';
import { rulesFromGrid, rulesToGrid } from '../core/intake/rulesSheet';
import { replaceTabs } from './tabs';
import { askPreset, isOwnTab, PROP_SOURCE, PROP_SOURCE_SEEN, props, readRulesTab, type StepResult, TABS } from './workbook';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

function sourceHeaders(ss: Spreadsheet): string[] {
  const name = props().getProperty(PROP_SOURCE);
  const sheet = (name && ss.getSheetByName(name)) || ss.getSheets().find((s) => !isOwnTab(s.getName()));
  if (!sheet || sheet.getLastColumn() === 0) return [];
  return sheet
    .getRange(1, 1, 1, sheet.getLastColumn())
    .getValues()[0]!
    .map((c) => cellToText(c as CellValue).trim());
}

export function chooseSourceTab(ss: Spreadsheet): StepResult {
  const candidates = ss
    .getSheets()
    .map((s) => s.getName())
    .filter((n) => !isOwnTab(n));
  if (candidates.length === 0) throw new UserError('No tab holds a CRM export. Import the export with File > Import, or use Upload CSV.');
  const ui = SpreadsheetApp.getUi();
  const r = ui.prompt('CRM Review Gate: source tab', `Type the name of the tab that holds the CRM export: ${candidates.join(', ')}.`, ui.ButtonSet.OK_CANCEL);
  if (r.getSelectedButton() !== ui.Button.OK) throw new UserError('Stopped: no tab was chosen. Nothing was changed.');
  const answer = r.getResponseText().trim();
  const name = candidates.find((n) => n === answer) ?? candidates.find((n) => n.toLowerCase() === answer.toLowerCase());
  if (!name) throw new UserError(`There is no export tab called "${answer}". Choose one of: ${candidates.join(', ')}.`);
  // an explicit choice: every export tab there now has been seen, so none counts as newer at the next pull
  props().setProperties({ [PROP_SOURCE]: name, [PROP_SOURCE_SEEN]: JSON.stringify(candidates) });
  return { message: `Source tab set to "${name}". Run Pull approved fields to read it.` };
}

/** The team's own settings survive a change of preset; the preset's field lists are replaced. */
const TEAM_KEYS = ['asOf', 'owners', 'staleAfterDays', 'blockedFields', 'sources', 'routing', 'recordUrlTemplate', 'routingClosedStages', 'patterns'] as const;

export function choosePreset(ss: Spreadsheet): StepResult {
  const presetId = askPreset('Which CRM object does the export hold? The Rules tab will use its fields and stages; your owners, routing, sources and thresholds are kept.');
  const grid = readRulesTab(ss);
  const kept: RulesFile = {};
  const headers = sourceHeaders(ss);
  if (grid && grid.length > 0) {
    const file = rulesFromGrid(grid, TABS.rules).file;
    for (const key of TEAM_KEYS) if (file[key] !== undefined) (kept as Record<string, unknown>)[key] = file[key];
    const own = ownFields(file.fields, presetId, headers);
    if (own) kept.fields = own;
  }
  const { rules } = resolveRules({ ...kept, preset: presetId }, headers);
  replaceTabs(ss, [{ name: TABS.rules, grid: rulesToGrid(rules), options: { plainText: true, frozenRows: 1 } }]);
  return { message: `Rules now use the ${getPreset(presetId).label} preset. Run Pull approved fields again.` };
}

/**
 * The team's own column names that survive a change of preset: a column the export has and no preset
 * knows by name (an export labelled in another language: "E-Mail-Adresse"), for a role where the new
 * preset finds none of its own spellings. A column a preset knows (the Rules tab lists every role's) is
 * the new preset's to map again.
 */
function ownFields(fields: RulesFile['fields'], presetId: PresetId, headers: readonly string[]): RulesFile['fields'] | undefined {
  if (!fields) return undefined;
  const has = new Set(headers.map((h) => h.trim().toLowerCase()));
  const known = new Set(PRESETS.flatMap((p) => Object.values(p.roles).flatMap((aliases) => (aliases ?? []).map((a) => a.toLowerCase()))));
  const roles = getPreset(presetId).roles as Partial<Record<string, readonly string[]>>;
  const own = Object.entries(fields).filter(
    ([role, h]) => h && has.has(h.trim().toLowerCase()) && !known.has(h.trim().toLowerCase()) && !(roles[role] ?? []).some((a) => has.has(a.toLowerCase())),
  );
  return own.length ? (Object.fromEntries(own) as RulesFile['fields']) : undefined;
}

export function rulesJson(ss: Spreadsheet): string {
  const grid = readRulesTab(ss);
  if (!grid || grid.length === 0) throw new UserError('There is no Rules tab yet. Run Pull approved fields first; it creates one from the preset.');
  const parsed = rulesFromGrid(grid, TABS.rules);
  const { rules } = resolveRules(parsed.file, sourceHeaders(ss), parsed.locate);
  return `${JSON.stringify(rules, null, 2)}\n`;
}

export function importRules(ss: Spreadsheet, text: unknown): StepResult {
  if (typeof text !== 'string' || text.trim() === '') throw new UserError('Paste the rules JSON (or choose a file) first.');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError('The rules are not valid JSON. Check for a missing comma, quote or bracket.');
  }
  const file = validateRulesFile(data);
  const { rules, preset } = resolveRules(file, sourceHeaders(ss));
  replaceTabs(ss, [{ name: TABS.rules, grid: rulesToGrid(rules), options: { plainText: true, frozenRows: 1 } }]);
  return { message: `Imported the rules (${preset.label}) into the Rules tab. Run Pull approved fields or Run review to apply them.` };
}

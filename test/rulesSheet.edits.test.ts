/**
 * Rules tab edits a team makes by hand (an adversarial evaluator's second round): a setting given again on
 * a row of its own adds to a list or is refused naming both cells, never read over the first row in
 * silence; several values typed into one cell are refused naming the cell.
 */
import { describe, expect, it } from 'vitest';
import { resolveRules } from '../src/core/intake/config';
import { pullSnapshot } from '../src/core/intake/pull';
import { rulesFromGrid, rulesToGrid } from '../src/core/intake/rulesSheet';
import { readSourceGrid } from '../src/core/intake/source';
import { contact, exportCsv, grid, HUBSPOT_HEADERS, teamRules, teamRulesFile } from './fixtures';
import { loadBundle } from '../src/local/bundle';
import { reviewLines, workbookWithExport } from '../src/local/workbench';

/** The team's Rules tab as the add-on writes it, with rows a person added at its end. */
const tab = (...added: string[][]): string[][] => [...rulesToGrid(teamRules().rules), ...added];
/** The Rules the tab gives, or its error's message. */
const read = (...added: string[][]) => {
  try {
    const parsed = rulesFromGrid(tab(...added));
    return resolveRules(parsed.file, HUBSPOT_HEADERS, parsed.locate).rules;
  } catch (error) {
    return (error as Error).message;
  }
};
/** The 1-based row of the first row added (the tab's own rows come first). */
const firstAdded = rulesToGrid(teamRules().rules).length + 1;

describe('a list setting given again on a row of its own', () => {
  it('adds its values to the first row (requiredFields, unclearSources, approvedFields), not in place of them', () => {
    const base = teamRules().rules;
    const rules = read(['requiredFields', 'Company Name'], ['unclearSources', 'N/A', 'Other'], ['approvedFields', 'Twitter Handle']);
    if (typeof rules === 'string') throw new Error(rules);
    expect(rules.requiredFields).toEqual([...base.requiredFields, 'Company Name']);
    expect(rules.sources.unclear).toEqual(['Unknown', 'Other', 'N/A']);
    expect(rules.approvedFields).toEqual([...base.approvedFields, 'Twitter Handle']);
  });

  it("adds a route's values when the same rule tests the same column on another row", () => {
    const rules = read(['route', 'R-EMEA', 'EMEA', 'Country/Region', 'France']);
    if (typeof rules === 'string') throw new Error(rules);
    expect(rules.routing.find((r) => r.id === 'R-EMEA')!.when).toEqual({ 'Country/Region': ['United Kingdom', 'Germany', 'France'] });
  });
});

describe('a single setting given twice', () => {
  it('is refused naming both cells, unless both rows say the same', () => {
    expect(read(['asOf', '2027-11-20'])).toMatch(new RegExp(`^Invalid rules: Rules!B${firstAdded}: asOf is set twice \\(also in Rules!B\\d+\\); keep one row\\.$`));
    expect(read(['staleAfterDays', '1'])).toMatch(/staleAfterDays is set twice/);
    expect(read(['fields.owner', 'Deal owner'])).toMatch(/fields\.owner is set twice/);
    expect(read(['patterns.minDecisions', '3'])).toMatch(/patterns\.minDecisions is set twice/);
    expect(read(['sourceMapping', 'webinar-q3', 'Partner'])).toMatch(
      new RegExp(`^Invalid rules: Rules!C${firstAdded}: sourceMapping "webinar-q3" is set twice \\(also in Rules!C\\d+\\); keep one row\\.$`),
    );
    // the same value again, or a blank row, is no conflict
    expect(typeof read(['asOf', '2026-11-20'], ['staleAfterDays', ''], ['sourceMapping', 'webinar-q3', 'Event'])).toBe('object');
  });
});

describe('several values typed into one cell', () => {
  it('are refused naming the cell for routes, unclearSources and lists', () => {
    expect(read(['route', 'R-EU', 'EMEA', 'Country/Region', 'United Kingdom; Germany'])).toBe(
      `Invalid rules: Rules!E${firstAdded}: "United Kingdom; Germany" holds several values; routes take one value per cell (the next in the cell to its right).`,
    );
    expect(read(['unclearSources', 'Other; Unknown'])).toMatch(new RegExp(`^Invalid rules: Rules!B${firstAdded}: "Other; Unknown" holds several values; unclearSources take`));
    expect(read(['requiredFields', 'Email', 'Phone Number;Company Name'])).toMatch(new RegExp(`^Invalid rules: Rules!C${firstAdded}: `));
  });

  it("with commas, a route value no record has is named by the pull when each of its parts is a record's value", () => {
    const rules = resolveRules(
      { ...teamRules().rules, routing: [{ id: 'R-EU', team: 'EMEA', when: { 'Country/Region': ['United Kingdom, Germany', 'Korea, Republic of'] } }] },
      HUBSPOT_HEADERS,
    ).rules;
    const records = [contact({ 'Record ID': '1', 'Country/Region': 'United Kingdom' }), contact({ 'Record ID': '2', 'Country/Region': 'Germany' })];
    const warnings = pullSnapshot(readSourceGrid(grid(records), { sourceName: 'x' }), rules, new Date(), 'x').report.warnings;
    expect(warnings).toEqual([
      'Routing rule R-EU\'s value "United Kingdom, Germany" for "Country/Region" matches no record, though each of its parts does: give each value its own cell (Rules tab) or list item (rules file).',
    ]);
  });
});

describe('a routing rule on a column the export does not have', () => {
  it('is named by the pull: it matches no record, so every record would be an exception', () => {
    const rules = resolveRules({ ...teamRules().rules, routing: [{ id: 'R-EMEA', team: 'EMEA', when: { Country: ['United Kingdom'] } }] }, HUBSPOT_HEADERS).rules;
    const warnings = pullSnapshot(readSourceGrid(grid([contact()]), { sourceName: 'x' }), rules, new Date(), 'x').report.warnings;
    expect(warnings).toEqual(['Routing rule R-EMEA tests "Country", which is not among the approved columns of this export, so it matches no record.']);
  });
});

describe('a routing rule to a team no owner is in', () => {
  it('is named by the pull (a team typed "EMAE" makes every record it matches an exception)', () => {
    const rules = resolveRules({ ...teamRules().rules, routing: [{ id: 'R-EMEA', team: 'EMAE', when: { 'Country/Region': ['United Kingdom'] } }] }, HUBSPOT_HEADERS).rules;
    const warnings = pullSnapshot(readSourceGrid(grid([contact()]), { sourceName: 'x' }), rules, new Date(), 'x').report.warnings;
    expect(warnings).toEqual(['Routing rule R-EMEA routes to team "EMAE", which no owner in the Rules is in, so every record it matches is a routing exception.']);
    // a team's own case or spacing is its name
    const fine = resolveRules({ ...teamRules().rules, routing: [{ id: 'R-EMEA', team: ' emea\u00a0', when: { 'Country/Region': ['United Kingdom'] } }] }, HUBSPOT_HEADERS).rules;
    expect(pullSnapshot(readSourceGrid(grid([contact()]), { sourceName: 'x' }), fine, new Date(), 'x').report.warnings).toEqual([]);
  });
});

describe("an owner's email", () => {
  it('that is not an address is refused naming its cell (a HubSpot import takes it as the new owner)', () => {
    const g = tab();
    const alice = g.findIndex((r) => r[0] === 'owner' && r[1] === 'Alice Martin');
    g[alice]![2] = 'alice example.com';
    expect(() => rulesFromGrid(g)).toThrow(`Rules!C${alice + 1} (owners.0.email): expected an email address (name@company.com), or a blank cell`);
    g[alice]![2] = '';
    expect(() => rulesFromGrid(g)).not.toThrow();
  });
});

describe('routing rules edited in the Rules tab after the pull (add-on)', () => {
  it('are named by Run review too, and the evidence names the column a rule tests that the export lacks', () => {
    const rt = workbookWithExport(exportCsv([contact({ 'Record ID': '1', 'Country/Region': 'United Kingdom' })]), { rules: teamRulesFile });
    const a = loadBundle(rt);
    a.call('pullApprovedFields');
    const rules = rt.spreadsheet.getSheetByName('Rules')!;
    const values = rules.getDataRange().getValues() as string[][];
    values.forEach((r, i) => {
      if (r[0] === 'route' && r[1] === 'R-EMEA') rules.getRange(i + 1, 4).setValue('Country');
    });
    a.call('runReview');
    expect(rt.toasts.at(-1)).toContain('Routing rule R-EMEA tests "Country", which is not among the approved columns of this export, so it matches no record.');
    const row = reviewLines(rt).find((l) => l.cells.Check === 'routing_exception')!;
    expect(row.cells.Evidence).toContain('"Country", which rule R-EMEA tests, is not in this export');
  });
});

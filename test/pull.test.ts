import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideColumns, headerWords } from '../src/core/intake/boundary';
import { makeBatchId, pullSnapshot, recordIndexOf } from '../src/core/intake/pull';
import { trimmed } from '../src/core/text/cells';
import { readSourceGrid } from '../src/core/intake/source';
import { contact, grid, HUBSPOT_HEADERS, teamRules } from './fixtures';

const now = new Date('2026-11-20T09:30:00Z');
const table = (contacts = [contact(), contact()], headers: readonly string[] = HUBSPOT_HEADERS) => readSourceGrid(grid(contacts, headers), { sourceName: 'Tab "export"' });

describe('the data boundary', () => {
  it('keeps approved columns only and says why each other column was dropped', () => {
    const snap = pullSnapshot(table(), teamRules().rules, now, 'Tab "export"');
    expect(snap.headers).not.toContain('Notes');
    expect(snap.headers).toContain('Email');
    expect(snap.report.columnsDropped).toEqual([{ header: 'Notes', reason: 'blocked: free-text notes' }]);
    expect(snap.report.rowsRead).toBe(2);
    expect(snap.rows[0]).toHaveLength(snap.headers.length);
  });

  it('lets a blocked pattern beat approval', () => {
    const rules = { ...teamRules().rules, approvedFields: ['Record ID', 'Email', 'Notes'] };
    const decisions = decideColumns(['Record ID', 'Email', 'Notes'], rules);
    expect(decisions.map((d) => d.kept)).toEqual([true, true, false]);
  });

  it("drops approved columns that match the team's own blocked patterns", () => {
    const rules = { ...teamRules().rules, blockedFields: ['Phone*'] };
    const d = decideColumns(['Record ID', 'Phone Number'], rules);
    expect(d[1]).toEqual({ header: 'Phone Number', index: 1, kept: false, reason: 'blocked by the team\'s pattern "Phone*"' });
  });

  it.each([
    ['Call Transcript', 'conversation content'],
    ['Social Security Number', 'government identifier'],
    ['Date of Birth', 'date of birth'],
    ['API Key', 'secret or credential'],
    ['Credit Card Number', 'payment or bank detail'],
    ['IBAN', 'payment or bank detail'],
    ['Salary', 'compensation'],
    ['Negotiation Strategy', 'confidential business content'],
    ['Description', 'free-text notes'],
    ['Passport_Number__c', 'government identifier'],
    ['hs_email_body', 'conversation content'],
  ])('blocks %s even when approved', (header, reason) => {
    const rules = { ...teamRules().rules, approvedFields: ['Record ID', header] };
    expect(decideColumns([header], rules)[0]).toMatchObject({ kept: false, reason: `blocked: ${reason}` });
  });

  it('does not block ordinary CRM fields', () => {
    const rules = teamRules().rules;
    expect(decideColumns(rules.approvedFields, rules).every((d) => d.kept)).toBe(true);
  });

  it('blocks memos, summaries and bios as free text, and holds a count or date about notes to counts and dates', () => {
    const headers = ['Record ID', 'Memo', 'Account Summary', 'Bio', 'About Me', 'Notes Last Updated', 'Number of Notes', 'Meeting Notes Count'];
    const rules = { ...teamRules().rules, approvedFields: headers };
    expect(decideColumns(headers, rules).map((d) => (d.kept ? 'kept' : d.reason))).toEqual([
      'kept',
      'blocked: free-text notes',
      'blocked: free-text notes',
      'blocked: free-text notes',
      'blocked: free-text notes',
      'kept',
      'kept',
      'kept',
    ]);
    // a summary of a call or a chat is still named for what it is
    expect(decideColumns(['Call Summary'], { ...rules, approvedFields: ['Call Summary'] })[0]).toMatchObject({ reason: 'blocked: conversation content' });
    const cells = (updated: string, count: string) => ({ 'Record ID': '1', 'Notes Last Updated': updated, 'Number of Notes': count });
    const snap = (updated: string, count: string) => {
      const t = readSourceGrid(grid([cells(updated, count) as never], ['Record ID', 'Notes Last Updated', 'Number of Notes']), { sourceName: 'x' });
      return pullSnapshot(t, { ...rules, approvedFields: ['Record ID', 'Notes Last Updated', 'Number of Notes'] }, now, 'x').rows[0]!;
    };
    for (const [updated, count] of [
      ['2026-11-27T10:00:00Z', '3'],
      ['Nov 27, 2026 10:00 AM', '12'],
      ['27.11.2026', ''],
      ['Friday, 27 November 2026 10:00 CET', '00:04:10'],
      // dates written out in the languages exports are labelled in, and durations (a reviewer's)
      ['27 mars 2026', '3 days'],
      ['27 de marzo de 2026', '2 hours ago'],
      ['27. März 2026 um 10:00', '1'],
    ])
      expect(snap(updated!, count!)).toEqual(['1', updated, count]);
    expect(snap('call Bob re renewal', 'CANARY owes us')).toEqual(['1', '[masked: free text]', '[masked: free text]']);
  });

  it('splits API names into words for matching', () => {
    expect(headerWords('LastActivityDate')).toBe('last activity date');
    expect(headerWords('Passport_Number__c')).toBe('passport number');
  });
});

describe('pullSnapshot refuses a batch the review cannot trust', () => {
  it('needs the id column', () => {
    const headers = HUBSPOT_HEADERS.filter((h) => h !== 'Record ID');
    expect(() => pullSnapshot(table([contact()], headers), teamRules().rules, now, 'Tab "export"')).toThrow('Tab "export" has no "Record ID" column');
  });

  it('needs the id column approved', () => {
    const rules = { ...teamRules().rules, approvedFields: ['Email'] };
    expect(() => pullSnapshot(table(), rules, now, 'x')).toThrow('The record id column "Record ID" is not an approved field');
  });

  it('reports repeated record ids with their rows and drops nothing silently', () => {
    const a = contact();
    expect(() => pullSnapshot(table([a, contact(), { ...a }]), teamRules().rules, now, 'Tab "export"')).toThrow('1 record id appears more than once (rows 2 and 4)');
  });

  it('names each repeated id beside the first row that holds it, on random ids (one map operation per record, issue 12)', () => {
    // the plain version: look each id up, then remember its first row
    const plainMessage = (ids: readonly string[]): string | undefined => {
      const first = new Map<string, number>();
      const repeated: string[] = [];
      ids.forEach((id, r) => {
        if (first.has(id)) repeated.push(`rows ${first.get(id)! + 2} and ${r + 2}`);
        else first.set(id, r);
      });
      if (repeated.length === 0) return undefined;
      return `x: ${repeated.length} record id${repeated.length > 1 ? 's appear' : ' appears'} more than once (${repeated.slice(0, 3).join('; ')}${repeated.length > 3 ? '; …' : ''}). Each row must be one record; remove the repeated rows and run again.`;
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom('1', '2', '3', '4', '5', '6', '7'), { minLength: 1, maxLength: 12 }), (ids) => {
        const expected = plainMessage(ids);
        let message: string | undefined;
        try {
          pullSnapshot(table(ids.map((id) => contact({ 'Record ID': id }))), teamRules().rules, now, 'x');
        } catch (error) {
          message = (error as Error).message;
        }
        expect(message).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a record without an id', () => {
    expect(() => pullSnapshot(table([contact(), contact({ 'Record ID': ' ' })]), teamRules().rules, now, 'x')).toThrow('x: row 3 has no record id');
  });

  it('warns when a required field is not in the export', () => {
    const headers = HUBSPOT_HEADERS.filter((h) => h !== 'Lead Source');
    const snap = pullSnapshot(table([contact()], headers), teamRules().rules, now, 'x');
    expect(snap.report.warnings).toEqual(['Required field "Lead Source" is not among the approved columns of this export, so it is not checked.']);
  });

  it("warns when a stage's required field is not in the export (Became a Customer Date: not in a contacts export unless chosen)", () => {
    const headers = HUBSPOT_HEADERS.filter((h) => h !== 'Became a Customer Date');
    expect(headers).toHaveLength(HUBSPOT_HEADERS.length - 1);
    const snap = pullSnapshot(table([contact()], headers), teamRules().rules, now, 'x');
    expect(snap.report.warnings).toEqual([
      'Field "Became a Customer Date", which "Customer" records must have (Rules: stageRequiredFields), is not among the approved columns of this export, so it is not checked: export it to have it checked.',
    ]);
    expect(pullSnapshot(table([contact()]), teamRules().rules, now, 'x').report.warnings).toEqual([]);
  });

  it("says so when the team's approvedFields leaves out a role's column the export has (a key given replaces the preset's list)", () => {
    const rules = teamRules({ approvedFields: ['Record ID', 'Email', 'Contact owner', 'Lifecycle Stage', 'Lead Source', 'Country/Region', 'Lead Status'] }).rules;
    const snap = pullSnapshot(table([contact()]), rules, now, 'x');
    const notes = snap.report.warnings.filter((w) => w.startsWith('Field '));
    expect(notes).toContain(
      'Field "First Name" (Rules: fields.firstName) is in this export but not among the approved columns (approvedFields replaces the preset\'s list), so no check reads it.',
    );
    expect(notes.map((w) => w.split('"')[1])).toEqual(expect.arrayContaining(['Last Name', 'Phone Number', 'Company Name', 'Create Date', 'Last Activity Date']));
    // the approved ones, and a blocked column (the boundary doing its work), are not named
    expect(notes.join(' ')).not.toMatch(/"Email"|"Notes"/);
    // a required field left out is named once, by the required-field note
    const rules2 = teamRules({ approvedFields: ['Record ID', 'First Name', 'Contact owner', 'Country/Region'] }).rules;
    const warnings = pullSnapshot(table([contact()]), rules2, now, 'x').report.warnings;
    expect(warnings.filter((w) => w.includes('"Email"'))).toEqual(['Required field "Email" is not among the approved columns of this export, so it is not checked.']);
    // nor is anything said when the preset's own list is used
    expect(pullSnapshot(table([contact()]), teamRules().rules, now, 'x').report.warnings).toEqual([]);
  });

  it('says once when a column holds numbers a spreadsheet put in scientific notation (phones that lost digits)', () => {
    const phones = ['4.4207946E+11', '4.4207946E+11', '+44 20 7946 0018', '1.2125550101E+10'];
    const snap = pullSnapshot(table(phones.map((p, i) => contact({ 'Record ID': String(i + 1), 'Phone Number': p }))), teamRules().rules, now, 'x');
    expect(snap.report.warnings).toEqual([
      '"Phone Number" holds numbers in scientific notation (3 of the first 4 values filled), which a spreadsheet made of them, losing digits: export the file again from the CRM, or import it with File > Import and "Convert text to numbers, dates, and formulas" turned off.',
    ]);
    // one stray value among many is a finding of its own, not a note
    const one = ['4.4207946E+11', ...Array.from({ length: 9 }, () => '+44 20 7946 0018')];
    expect(pullSnapshot(table(one.map((p, i) => contact({ 'Record ID': String(i + 1), 'Phone Number': p }))), teamRules().rules, now, 'x').report.warnings).toEqual([]);
  });

  it('says once when a date role column holds mostly what is not a date (Excel serial numbers)', () => {
    const dates = ['45622', '45623.5', '2026-11-01 10:00', '45601'];
    const snap = pullSnapshot(table(dates.map((d, i) => contact({ 'Record ID': String(i + 1), 'Last Activity Date': d }))), teamRules().rules, now, 'x');
    expect(snap.report.warnings).toEqual([
      '"Last Activity Date" (Rules: fields.lastActivityAt) holds values that are not dates this review can read (3 of the first 4 filled, such as "45622", a spreadsheet\'s serial number): export the file again from the CRM, or format the column as dates before saving it.',
    ]);
    // slash dates whose order the column does not tell are not unreadable, and a stray one says nothing
    const slashes = ['03/04/2026', '05/06/2026', 'soon', '2026-11-01'];
    expect(pullSnapshot(table(slashes.map((d, i) => contact({ 'Record ID': String(i + 1), 'Last Activity Date': d }))), teamRules().rules, now, 'x').report.warnings).toEqual([]);
  });

  describe("a grouped report saved with each group's value on its first row only", () => {
    // owners as a report groups them: sorted, each named once, the group's other rows blank
    const groupedOwners = (owners: readonly string[], perGroup = 4): string[] => owners.flatMap((o) => [o, ...Array<string>(perGroup - 1).fill('')]);
    const withOwners = (owners: readonly string[], column = 'Contact owner') => table(owners.map((o, i) => contact({ 'Record ID': String(i + 1), [column]: o })));
    const message = (owners: readonly string[], column?: string): string | undefined => {
      try {
        pullSnapshot(withOwners(owners, column), teamRules().rules, now, 'x');
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    };

    it('is refused, naming the column and how to export the report instead (ascending or descending groups)', () => {
      expect(message(groupedOwners(['Alice Martin', 'Bruno Keller', 'Dana Brooks', 'Evan Price'], 5))).toBe(
        'x: "Contact owner" is filled only on the first row of each group (4 values, none repeated, and 16 of 20 rows blank), as in a grouped report saved with each group\'s value shown once. Reviewed as it is, those rows would have no Contact owner. Export the records with each row\'s own value (a Salesforce report: Export > Details Only) and run again.',
      );
      expect(message(groupedOwners(['Evan Price', 'Dana Brooks', 'Alice Martin'], 7))).toContain('"Contact owner" is filled only on the first row of each group (3 values');
      // grouped by stage
      expect(message(groupedOwners(['customer', 'lead', 'subscriber'], 7), 'Lifecycle Stage')).toContain(
        '"Lifecycle Stage" is filled only on the first row of each group (3 values',
      );
    });

    it('the same report with each value on every row is reviewed', () => {
      const owners = ['Alice Martin', 'Bruno Keller', 'Dana Brooks', 'Evan Price'].flatMap((o) => [o, o, o, o, o]);
      expect(message(owners)).toBeUndefined();
    });

    it('an export whose blanks are real is not taken for one', () => {
      // sorted by owner, the unassigned records last
      expect(message(['Alice Martin', 'Bruno Keller', 'Dana Brooks', 'Evan Price', ...Array<string>(20).fill('')])).toBeUndefined();
      // distinct owners spread among unassigned records in no order
      expect(message(['Dana Brooks', '', '', 'Alice Martin', '', '', 'Evan Price', '', '', 'Bruno Keller', ...Array<string>(12).fill('')])).toBeUndefined();
      // the first record unassigned
      expect(message(['', ...groupedOwners(['Alice Martin', 'Bruno Keller', 'Dana Brooks'], 7)])).toBeUndefined();
      // most records assigned
      expect(message(['Alice Martin', '', 'Bruno Keller', '', 'Dana Brooks', 'Evan Price', 'Ian Clarke', 'Jo Park'])).toBeUndefined();
      // two groups only: in order by chance as often as not
      expect(message(groupedOwners(['Alice Martin', 'Bruno Keller'], 12))).toBeUndefined();
      // small files, as a weekly review of a few new leads is (a reviewer's cases: refused when judged from 6 rows)
      expect(message(['Alice Martin', '', '', 'Bruno Keller', '', ''])).toBeUndefined();
      expect(message(groupedOwners(['Alice Martin', 'Bruno Keller', 'Dana Brooks'], 4))).toBeUndefined();
      // a column no report groups by here (a small B2B export's companies are each their own)
      const companies = groupedOwners(['Acme Ltd', 'Globex', 'Initech', 'Umbrella'], 5);
      expect(() => pullSnapshot(table(companies.map((c, i) => contact({ 'Record ID': String(i + 1), 'Company Name': c }))), teamRules().rules, now, 'x')).not.toThrow();
    });

    it("names a report's subtotal rows when their counts repeat in the id column", () => {
      const rows = [
        contact({ 'Record ID': '1' }),
        contact({ 'Record ID': '2' }),
        { 'Record ID': '2', 'First Name': 'Subtotal' },
        contact({ 'Record ID': '3' }),
        contact({ 'Record ID': '4' }),
        { 'Record ID': '2', 'First Name': 'Subtotal' },
      ];
      expect(() => pullSnapshot(table(rows), teamRules().rules, now, 'x')).toThrow(
        "x: 2 record ids appear more than once (rows 3 and 4; rows 3 and 7). They look like a report's subtotal rows: export the report with its details only, without totals.",
      );
    });
  });

  it('stamps a batch id from the pull time', () => {
    expect(makeBatchId(now)).toBe('B-20261120-093000');
  });
});

describe('trimmed (issue 12: the pull trims every kept cell)', () => {
  it('is String.prototype.trim on random text, every Unicode space at either end included', () => {
    const unit = fc.oneof(
      fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u1680', '\u2003', '\u2028', '\u3000', '\ufeff', '\u0085', 'a', '~', '!', 'é', '\u007f'),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 8 }), (units) => {
        const value = units.join('');
        expect(trimmed(value)).toBe(value.trim());
      }),
      { numRuns: 3000 },
    );
  });
});

describe('recordIndexOf (issue 12: one map of record ids per snapshot)', () => {
  it('gives the pull’s own index of the snapshot, and a fresh one for other rows, columns or a changed list', () => {
    const snap = pullSnapshot(table([contact(), contact(), contact()]), teamRules().rules, now, 'Tab "export"');
    const idAt = snap.headers.indexOf('Record ID');
    const index = recordIndexOf(snap.rows, idAt);
    expect([...index]).toEqual(snap.rows.map((r, i) => [r[idAt], i]));
    expect(recordIndexOf(snap.rows, idAt)).toBe(index);
    const other = recordIndexOf(snap.rows, idAt + 1);
    expect(other).not.toBe(index);
    const plain = new Map<string, number>();
    snap.rows.forEach((r, i) => plain.set(r[idAt + 1]!, i));
    expect([...other]).toEqual([...plain]);
    const rows = [['a'], ['b'], ['a']];
    // the last row of a repeated id, as the sort and the breakdowns always read it
    expect([...recordIndexOf(rows, 0)]).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    const grown = [['x'], ['y']];
    recordIndexOf(grown, 0);
    grown.push(['z']);
    expect(recordIndexOf(grown, 0).get('z')).toBe(2);
  });
});

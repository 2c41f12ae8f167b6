/** Step 1 in the add-on: sources (tab or upload), presets, the Rules tab, the boundary, bad input. */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { importRulesDialogHtml, rulesJsonDialogHtml } from '../src/addon/html';
import { toCsv } from '../src/core/intake/csv';
import { validateRulesFile } from '../src/core/intake/rules';
import { BUNDLE_PATH, loadBundle } from '../src/local/bundle';
import { Button, LocalRuntime } from '../src/local/runtime';
import { reviewLines, workbookWithExport } from '../src/local/workbench';
import { generateContacts, sampleRules } from '../src/sample/generator';
import { chooseFileAndClick, click, element, openDialog, uploadDialogPage } from './dialogs';
import { contact, exportCsv, HUBSPOT_HEADERS, teamRulesFile } from './fixtures';

beforeAll(() => {
  if (!existsSync(BUNDLE_PATH)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
});

function blankWorkbook() {
  const rt = new LocalRuntime();
  const addon = loadBundle(rt);
  return { rt, addon };
}

/** The preset the Rules tab names. */
function rulesPreset(rt: LocalRuntime): unknown {
  return rt.spreadsheet
    .sheet('Rules')!
    .values()
    .find((r) => r[0] === 'preset')![1];
}

function state(rt: LocalRuntime) {
  return JSON.stringify({ tabs: rt.spreadsheet.sheetList.map((s) => [s.name, s.values()]), props: [...rt.documentProperties.store] });
}

/** Records every call the dialog makes to the server, with its arguments. */
function spyCalls(addon: ReturnType<typeof loadBundle>) {
  const calls: { name: string; args: unknown[] }[] = [];
  const call = addon.call.bind(addon);
  addon.call = (name, ...args) => {
    calls.push({ name, args });
    return call(name, ...args);
  };
  return calls;
}

async function upload(addon: ReturnType<typeof loadBundle>, name: string, text: string | Uint8Array) {
  const dialog = openDialog(uploadDialogPage(), addon);
  await chooseFileAndClick(dialog, name, text);
  return dialog;
}

describe('Upload CSV', () => {
  it('parses in the browser and sends only approved columns, in cache-sized parts with progress', async () => {
    const { rt, addon } = blankWorkbook();
    const data = generateContacts(3000, 11);
    const csv = toCsv([data.headers, ...data.rows], { raw: true });
    const sent = spyCalls(addon);
    const dialog = await upload(addon, 'contacts.csv', csv);
    const chunks = sent.filter((c) => c.name === 'uploadChunk');
    const parts = chunks.flatMap((c) => c.args[2] as string[]);
    expect(parts.length).toBeGreaterThan(2);
    expect(dialog.calls).toEqual(['uploadBegin', ...chunks.map(() => 'uploadChunk'), 'uploadFinish']);
    expect(dialog.statuses).toContain(`Sent part ${parts.length} of ${parts.length}…`);
    expect(dialog.statuses.at(-1)).toMatch(
      /^Pulled 3000 records from contacts.csv: detected HubSpot contacts \(100% of its headers\)\. Kept 18 approved columns, dropped 2, masked 0 values\. Created the Rules tab from the preset\.$/,
    );
    expect(dialog.elements.bar!.value).toBe(1);
    // the server got the header row, the row count and the approved columns: no blocked column, no raw file
    expect(sent[0]!.args[1]).toEqual(data.headers);
    const received = parts.join('');
    expect(received.split('\r\n')[0]!.split(',')).not.toContain('Notes');
    expect(received.length).toBeLessThan(csv.length);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(95_000);
    expect(rt.spreadsheet.sheetList.map((s) => s.name)).toEqual(['Rules', 'Records']);
    expect(rt.spreadsheet.sheet('Records')!.values()[0]).not.toContain('Notes');
    expect(rt.spreadsheet.sheet('Records')!.values()).toHaveLength(3001);
    expect(rt.userCache.store.size).toBe(0);
    expect(rt.userProperties.store.size).toBe(0);
    addon.call('runReview');
    expect(rt.alerts).toEqual([]);
  });

  it('reads a Windows-1252 file, keeps its accents and says how it was read', async () => {
    const { rt, addon } = blankWorkbook();
    const csv = exportCsv([contact({ 'First Name': 'José', 'Last Name': 'Müller' })]);
    const bytes = Uint8Array.from([...csv].map((c) => c.charCodeAt(0))); // Latin-1 range = Windows-1252 here
    expect(bytes).toContain(0xe9);
    const dialog = await upload(addon, 'excel.csv', bytes);
    expect(dialog.statuses.at(-1)).toMatch(/^Pulled 1 records from excel\.csv: .* The file is not UTF-8, so it was read as Windows-1252/);
    const [header, row] = rt.spreadsheet.sheet('Records')!.values();
    expect(row![header!.indexOf('First Name')]).toBe('José');
    expect(row![header!.indexOf('Last Name')]).toBe('Müller');
  });

  it('sends counts of the first record ids per Salesforce object with the headers, so a Salesforce export the headers leave open is detected by its ids', async () => {
    const { rt, addon } = blankWorkbook();
    const calls = spyCalls(addon);
    const leads = toCsv(
      [
        ['Id', 'LastName', 'Email', 'OwnerId', 'Notes'],
        ['00Q5g00000AbCdEAAV', 'Lee', 'ann@example.com', '0055g00000XyZaBAAV', 'secret-canary-note'],
        ['00Q5g00000AbCdFAAV', 'Ng', 'bo@example.com', '0055g00000XyZaBAAV', 'secret-canary-note'],
      ],
      { raw: true },
    );
    const dialog = await upload(addon, 'leads.csv', leads);
    expect(dialog.statuses.at(-1)).toMatch(/^Pulled 2 records from leads\.csv: detected Salesforce leads \(50% of its headers and its record ids, Salesforce lead ids \(00Q…\)\)/);
    const begin = calls.find((c) => c.name === 'uploadBegin')!;
    // numbers per key prefix: no id, and no other value, leaves the browser before the Rules approve its column
    expect(begin.args[3]).toEqual({ read: 2, byPrefix: { '00Q': 2 } });
    expect(JSON.stringify(begin.args)).not.toContain('00Q5g');
    expect(JSON.stringify(calls)).not.toContain('secret-canary-note');
    expect(rulesPreset(rt)).toBe('salesforce-leads');
  });

  it('sends no value of an unapproved column named "Id", whatever it holds, and uploads as before', async () => {
    const { rt, addon } = blankWorkbook();
    const calls = spyCalls(addon);
    const headers = [...HUBSPOT_HEADERS, ' id '];
    const long = 'secret-canary-note '.repeat(10);
    const csv = toCsv([headers, ...[contact(), contact()].map((c) => [...HUBSPOT_HEADERS.map((h) => c[h as keyof typeof c] ?? ''), long])], { raw: true });
    const dialog = await upload(addon, 'contacts.csv', csv);
    expect(dialog.statuses.at(-1)).toMatch(/^Pulled 2 records from contacts\.csv/);
    expect(calls.find((c) => c.name === 'uploadBegin')!.args[3]).toEqual({ read: 2, byPrefix: {} });
    expect(JSON.stringify(calls)).not.toContain('secret-canary');
    expect(JSON.stringify(rt.spreadsheet.sheetList.map((sh) => sh.values()))).not.toContain('secret-canary');
  });

  it('refuses malformed record id counts, and changes nothing', () => {
    const { rt, addon } = blankWorkbook();
    const before = state(rt);
    const bad: unknown[] = [
      ['00Q5g00000AbCdEAAV'],
      '00Q',
      { read: 2 },
      { read: 1001, byPrefix: {} },
      { read: 2, byPrefix: { '00Q': 3 } },
      { read: 2, byPrefix: { abc: 1 } },
      { read: 2, byPrefix: { '00Q': 1.5 } },
      { read: -1, byPrefix: {} },
    ];
    for (const counts of bad) {
      expect(() => addon.call('uploadBegin', 'leads.csv', ['Id', 'LastName', 'Email', 'OwnerId'], 2, counts)).toThrow(
        'leads.csv: the upload sent malformed record id counts. Upload the file again.',
      );
    }
    expect(state(rt)).toBe(before);
  });

  it('handles a byte order mark and Windows line ends', async () => {
    const { rt, addon } = blankWorkbook();
    const dialog = await upload(addon, 'export.csv', `\uFEFF${exportCsv([contact(), contact()])}`);
    expect(dialog.statuses.at(-1)).toMatch(/^Pulled 2 records/);
    expect(rt.spreadsheet.sheet('Records')!.values()[0]!.slice(0, 3)).toEqual(['Batch ID', 'Pulled at', 'Record ID']);
  });

  const BAD: [string, string, string, string][] = [
    ['a spreadsheet file', 'contacts.xlsx', 'PK..', 'That file is not a CSV file. Export the records as CSV and try again.'],
    ['binary content', 'contacts.csv', 'PK\u0003\u0004\u0000\u0000', 'contacts.csv: this is not a CSV file (it contains binary data). Export the records as CSV and try again.'],
    ['an empty file', 'contacts.csv', '\n\n', 'contacts.csv is empty: it has no header row and no records.'],
    ['a header only', 'contacts.csv', `${HUBSPOT_HEADERS.join(',')}\n`, 'contacts.csv has a header row but no records.'],
    ['a blank header name', 'contacts.csv', 'Record ID,,Email\n1,x,a@b.c\n', 'contacts.csv: column 2 has no header name. Every column needs a name.'],
    ['a repeated header', 'contacts.csv', 'Record ID,Email,EMAIL\n1,a@b.c,d@e.f\n', 'contacts.csv: the header "EMAIL" appears twice (columns 2 and 3). Rename or remove one.'],
    ['a ragged row', 'contacts.csv', `${exportCsv([contact()])}1,2,3\n`, 'contacts.csv: line 3 has 3 values but the header has 17. Check for a missing or extra comma.'],
    [
      'no id column',
      'contacts.csv',
      exportCsv(
        [contact()],
        HUBSPOT_HEADERS.filter((h) => h !== 'Record ID'),
      ),
      'contacts.csv has no "Record ID" column, which holds the record id. Export it with the record id, or set fields.id in the Rules to the column that holds it and add that column to approvedFields.',
    ],
    [
      'repeated ids',
      'contacts.csv',
      exportCsv([contact({ 'Record ID': '7' }), contact({ 'Record ID': '7' })]),
      'contacts.csv: 1 record id appears more than once (rows 2 and 3). Each row must be one record; remove the repeated rows and run again.',
    ],
    ['an unclosed quote', 'contacts.csv', 'Record ID,Email\n1,"a@b.c\n', 'contacts.csv: a quoted value that starts on line 2 is never closed.'],
    [
      'ambiguous headers',
      'contacts.csv',
      'Id,First Name,Last Name,Email,Contact owner,Phone\n1,a,b,c@d.e,f,g\n',
      'Could not tell for sure which CRM export this is from its headers',
    ],
  ];

  it.each(BAD)('refuses %s with its own message and changes nothing', async (_what, name, text, message) => {
    const { rt, addon } = blankWorkbook();
    rt.spreadsheet.addSheetWithValues('Notes to self', [['keep me']]);
    const before = state(rt);
    const dialog = await upload(addon, name, text);
    expect(dialog.statuses.at(-1)).toContain(message);
    expect(state(rt)).toBe(before);
    expect(rt.userCache.store.size).toBe(0);
  });

  // the server side of the protocol, called as a tampered or broken client would
  const headers = [...HUBSPOT_HEADERS];
  const approvedCsv = (rows: string[][]) => {
    const keep = headers.filter((h) => h !== 'Notes');
    return toCsv([keep, ...rows.map((r) => r.filter((_, i) => headers[i] !== 'Notes'))], { raw: true });
  };
  const rowOf = (c = contact()) => headers.map((h) => c[h] ?? '');

  it('says so, and changes nothing, when a part never arrives', () => {
    const { rt, addon } = blankWorkbook();
    const before = state(rt);
    const t = addon.call('uploadBegin', 'c.csv', headers, 1) as { id: string };
    addon.call('uploadChunk', t.id, 0, [approvedCsv([rowOf()])]);
    expect(() => addon.call('uploadFinish', t.id, 2)).toThrow('The upload of c.csv did not complete (part 2 of 2 never arrived). Nothing was changed; upload the file again.');
    expect(state(rt)).toBe(before);
    expect(rt.userCache.store.size).toBe(0);
    expect(() => addon.call('uploadChunk', t.id, 1, ['x'])).toThrow('This upload is no longer active');
  });

  it('stops, changing nothing, when the Rules tab is gone by the time the last part arrives (after a first pull)', () => {
    const { rt, addon } = blankWorkbook();
    const first = addon.call('uploadBegin', 'c.csv', headers, 1) as { id: string };
    addon.call('uploadChunk', first.id, 0, [approvedCsv([rowOf()])]);
    addon.call('uploadFinish', first.id, 1);
    const t = addon.call('uploadBegin', 'c.csv', headers, 1) as { id: string };
    addon.call('uploadChunk', t.id, 0, [approvedCsv([rowOf()])]);
    rt.spreadsheet.deleteSheet(rt.spreadsheet.getSheetByName('Rules')!);
    const before = state(rt);
    expect(() => addon.call('uploadFinish', t.id, 1)).toThrow('The Rules tab is missing (deleted or renamed?).');
    expect(state(rt)).toBe(before);
  });

  it('names the part that never arrived, not the count of those that did', () => {
    const { addon } = blankWorkbook();
    const t = addon.call('uploadBegin', 'c.csv', headers, 3) as { id: string };
    addon.call('uploadChunk', t.id, 0, [approvedCsv([rowOf()])]);
    addon.call('uploadChunk', t.id, 2, [approvedCsv([rowOf()]).split('\r\n').slice(1).join('\r\n')]);
    // parts 1 and 3 arrived (two parts): part 2 is the one missing, not "part 3"
    expect(() => addon.call('uploadFinish', t.id, 3)).toThrow('The upload of c.csv did not complete (part 2 of 3 never arrived). Nothing was changed; upload the file again.');
  });

  it('says so when the cache drops a part', () => {
    const { rt, addon } = blankWorkbook();
    const t = addon.call('uploadBegin', 'c.csv', headers, 1) as { id: string };
    addon.call('uploadChunk', t.id, 0, [approvedCsv([rowOf()])]);
    rt.userCache.evict(/:0$/);
    expect(() => addon.call('uploadFinish', t.id, 1)).toThrow('(a part expired or was dropped by the cache before the upload finished)');
    expect(rt.userCache.store.size).toBe(0);
  });

  it('hands the dialog the approved fields of the Rules tab, or of the preset on the first pull', () => {
    const fresh = blankWorkbook();
    const first = fresh.addon.call('uploadBegin', 'c.csv', headers, 1) as { approvedFields: string[]; blockedFields: string[]; maxPartBytes: number; maxParts: number };
    expect(first.approvedFields).toContain('Email');
    expect(first.maxPartBytes).toBeLessThanOrEqual(100 * 1024);
    expect(first.maxParts).toBeLessThan(1000);
    // the team's Rules approve a column the preset does not: the dialog gets the team's list
    expect(first.approvedFields).not.toContain('Lead Score');
    const approved = [...first.approvedFields, 'Lead Score'];
    const rt = workbookWithExport(exportCsv([contact()]), { rules: { ...teamRulesFile, approvedFields: approved } });
    const t = loadBundle(rt).call('uploadBegin', 'c.csv', headers, 1) as { approvedFields: string[] };
    expect(t.approvedFields).toEqual(approved);
    expect(t.approvedFields).toContain('Lead Score');
  });

  it('refuses columns the Rules do not approve, even if the client sends them', () => {
    const { rt, addon } = blankWorkbook();
    const before = state(rt);
    const t = addon.call('uploadBegin', 'c.csv', headers, 1) as { id: string };
    addon.call('uploadChunk', t.id, 0, [toCsv([headers, rowOf(contact({ Notes: 'private' }))], { raw: true })]);
    expect(() => addon.call('uploadFinish', t.id, 1)).toThrow(
      'The upload of c.csv sent columns the Rules do not approve. Nothing was changed; reload the dialog and upload the file again.',
    );
    expect(state(rt)).toBe(before);
    expect(rt.userCache.store.size).toBe(0);
  });

  it('refuses a row count that differs from the one announced, and a part too large for the cache', () => {
    const { rt, addon } = blankWorkbook();
    const t = addon.call('uploadBegin', 'c.csv', headers, 3) as { id: string };
    addon.call('uploadChunk', t.id, 0, [approvedCsv([rowOf(), rowOf()])]);
    expect(() => addon.call('uploadFinish', t.id, 1)).toThrow('The upload of c.csv did not complete (2 of 3 records arrived).');
    const u = addon.call('uploadBegin', 'c.csv', headers, 1) as { id: string };
    expect(() => addon.call('uploadChunk', u.id, 0, ['é'.repeat(50_000)])).toThrow('The upload sent a part larger than the cache can hold. Upload the file again.');
    expect(() => addon.call('uploadChunk', u.id, -1, ['x'])).toThrow('The upload sent a part out of order.');
    expect(() => addon.call('uploadChunk', u.id, 0, ['a', 'b', 'c', 'd', 'e'])).toThrow('The upload sent a part out of order.');
    expect(() => addon.call('uploadBegin', 'c.csv', 'not headers', 1)).toThrow('c.csv: the upload sent no usable header row.');
    expect(() => addon.call('uploadBegin', 'c.csv', headers, 0)).toThrow('c.csv has a header row but no records.');
    expect(rt.spreadsheet.sheetList).toEqual([]);
  });

  it('removes the parts of an abandoned upload when the next one begins', () => {
    const { rt, addon } = blankWorkbook();
    const t = addon.call('uploadBegin', 'c.csv', headers, 1) as { id: string };
    addon.call('uploadChunk', t.id, 0, [approvedCsv([rowOf()]), 'more', 'and more']);
    expect([...rt.userCache.store.keys()].filter((k) => k.startsWith(t.id))).toHaveLength(4);
    const next = addon.call('uploadBegin', 'd.csv', headers, 1) as { id: string };
    expect([...rt.userCache.store.keys()].filter((k) => k.startsWith(t.id))).toEqual([]);
    expect([...rt.userCache.store.keys()]).toEqual([`${next.id}:h`]);
    expect(() => addon.call('uploadChunk', t.id, 3, ['x'])).toThrow('This upload is no longer active');
  });
});

describe('a source tab', () => {
  const BAD_TABS: [string, string[][], string][] = [
    ['an empty tab', [], 'Pull approved fields stopped: No tab has the header row of a HubSpot or Salesforce export'],
    ['a header row only', [HUBSPOT_HEADERS], 'Tab "contacts-export" has a header row but no records.'],
    ['no id column', [HUBSPOT_HEADERS.filter((h) => h !== 'Record ID'), HUBSPOT_HEADERS.slice(1).map(() => 'x')], 'Tab "contacts-export" has no "Record ID" column'],
    [
      'a repeated header',
      [
        [...HUBSPOT_HEADERS, 'email'],
        [...HUBSPOT_HEADERS.map(() => '1'), 'x'],
      ],
      'the header "email" appears twice (columns 4 and 18)',
    ],
    ['a blank header', [[...HUBSPOT_HEADERS.slice(0, 3), '', ...HUBSPOT_HEADERS.slice(3)], HUBSPOT_HEADERS.concat('x').map(() => '1')], 'column 4 has no header name'],
    ['repeated ids', [HUBSPOT_HEADERS, HUBSPOT_HEADERS.map(() => '5'), HUBSPOT_HEADERS.map(() => '5')], '1 record id appears more than once (rows 2 and 3)'],
  ];

  it.each(BAD_TABS)('refuses %s with its own message and changes nothing', (_what, grid, message) => {
    const rt = new LocalRuntime();
    rt.spreadsheet.addSheetWithValues('contacts-export', grid);
    const addon = loadBundle(rt);
    const before = state(rt);
    addon.call('pullApprovedFields');
    expect(rt.alerts).toHaveLength(1);
    expect(rt.alerts[0]).toContain(message);
    expect(state(rt)).toBe(before);
  });

  it('is the one the user chose', () => {
    const rt = workbookWithExport(exportCsv([contact()]), { sourceTab: 'old-export', rules: teamRulesFile });
    rt.spreadsheet.addSheetWithValues('this-week', [HUBSPOT_HEADERS, HUBSPOT_HEADERS.map((h) => (h === 'Record ID' ? '77' : 'x'))]);
    const addon = loadBundle(rt);
    rt.promptResponses.push({ button: Button.OK, text: 'this-week' });
    addon.call('chooseSourceTab');
    expect(rt.toasts.at(-1)).toContain('Source tab set to "this-week"');
    addon.call('pullApprovedFields');
    expect(rt.spreadsheet.sheet('Records')!.values()[1]![2]).toBe('77');
  });

  it('refuses a tab that does not exist', () => {
    const rt = workbookWithExport(exportCsv([contact()]));
    const addon = loadBundle(rt);
    rt.promptResponses.push({ button: Button.OK, text: 'Review' });
    addon.call('chooseSourceTab');
    expect(rt.alerts).toEqual(['CRM Review Gate: Choose source tab stopped: There is no export tab called "Review". Choose one of: contacts-export.']);
  });

  it('is read as displayed, so dates, numbers and booleans keep the form the sheet shows', () => {
    const rt = new LocalRuntime();
    const headers = ['Record ID', 'First Name', 'Last Name', 'Email', 'Contact owner', 'Lifecycle Stage', 'Lead Status', 'Create Date'];
    rt.spreadsheet.addSheetWithValues('contacts-export', [headers, [51200025, 'Ada', 'L', 'a@b.example', 'Alice Martin', 'Lead', 'Open', new Date(2026, 0, 2)]]);
    loadBundle(rt).call('pullApprovedFields');
    expect(rt.alerts).toEqual([]);
    const [header, row] = rt.spreadsheet.sheet('Records')!.values();
    expect(row![header!.indexOf('Record ID')]).toBe('51200025');
    expect(row![header!.indexOf('Create Date')]).toBe('2026-01-02');
  });

  it('is read and never modified', () => {
    const rt = workbookWithExport(exportCsv([contact(), contact({ Notes: 'x' })]));
    const addon = loadBundle(rt);
    const before = rt.spreadsheet.sheet('contacts-export')!.values();
    addon.call('pullApprovedFields');
    expect(rt.alerts).toEqual([]);
    expect(rt.spreadsheet.sheet('contacts-export')!.values()).toEqual(before);
  });
});

describe('presets and the Rules tab in the add-on', () => {
  const ambiguous = toCsv(
    [
      ['Id', 'First Name', 'Last Name', 'Email', 'Contact owner', 'Phone'],
      ['003A', 'Ada', 'L', 'a@b.c', 'Alice Martin', '1'],
    ],
    { raw: true },
  );

  it('asks which preset when the headers are ambiguous, and creates the Rules from the answer', () => {
    const rt = workbookWithExport(ambiguous);
    const addon = loadBundle(rt);
    rt.promptResponses.push({ button: Button.OK, text: ' Salesforce-Contacts ' });
    addon.call('pullApprovedFields');
    expect(rt.prompts).toEqual([
      expect.stringMatching(
        /^CRM Review Gate: choose the preset: Which export is this\? Its headers do not say for sure \(best matches: (hubspot|salesforce)-contacts \(50%\), (hubspot|salesforce)-contacts \(50%\)/,
      ),
    ]);
    expect(rt.alerts).toEqual([]);
    expect(rulesPreset(rt)).toBe('salesforce-contacts');
    expect(rt.toasts.at(-1)).toContain('Pulled 1 records from Tab "contacts-export": Salesforce contacts from the Rules');
  });

  it('reads the record ids instead of asking when they name the object (Salesforce key prefix)', () => {
    const contactIds = toCsv(
      [
        ['Id', 'First Name', 'Last Name', 'Email', 'Contact owner', 'Phone'],
        ['0035g00000AbCdEAAV', 'Ada', 'L', 'a@b.c', 'Alice Martin', '1'],
        ['0035g00000AbCdFAAV', 'Bo', 'M', 'b@b.c', 'Alice Martin', '2'],
      ],
      { raw: true },
    );
    const rt = workbookWithExport(contactIds);
    loadBundle(rt).call('pullApprovedFields');
    expect(rt.prompts).toEqual([]);
    expect(rulesPreset(rt)).toBe('salesforce-contacts');
    expect(rt.toasts.at(-1)).toContain('detected Salesforce contacts (50% of its headers and its record ids, Salesforce contact ids (003…))');
  });

  it("writes a Salesforce leads export's converted-lead row into the Rules tab, and Run review refuses changes to them", () => {
    const leads = toCsv(
      [
        ['Id', 'FirstName', 'LastName', 'Company', 'Email', 'OwnerId', 'Status', 'LeadSource', 'IsConverted'],
        // converted, but still "Working": the stage it should have is proposed, and refused (Salesforce would)
        ['00Q5g00000AbCdEAAV', 'Ada', 'Byron', 'Acme', 'ada@acme.example', '0055g00000XyZaBAAV', 'Working - Contacted', 'Web', 'true'],
        ['00Q5g00000AbCdFAAV', 'Bo', 'Stein', 'Beta', 'bo@beta.example', '0055g00000XyZaBAAV', 'Working - Contacted', 'Web', 'false'],
      ],
      { raw: true },
    );
    const rt = workbookWithExport(leads);
    const addon = loadBundle(rt);
    addon.call('pullApprovedFields');
    expect(rulesPreset(rt)).toBe('salesforce-leads');
    expect(
      rt.spreadsheet
        .sheet('Rules')!
        .values()
        .find((r) => r[0] === 'readOnlyRecords')!
        .filter((c) => c !== ''),
    ).toEqual(['readOnlyRecords', 'IsConverted', 'true', '1']);
    addon.call('runReview');
    const stage = reviewLines(rt).filter((l) => l.cells.Check === 'lifecycle_mismatch');
    expect(stage.map((l) => [l.cells['Record ID'], l.cells['Proposed value'], l.cells.QA])).toEqual([
      ['00Q5g00000AbCdEAAV', 'Closed - Converted', 'Not approvable: the record is read-only in Salesforce leads (IsConverted "true"; Rules: readOnlyRecords)'],
    ]);
  });

  it('refuses an export of an object no preset reviews by name, without asking a question no answer fits', () => {
    const cases = toCsv(
      [
        // half the accounts preset's headers: the tab looks like an export
        ['Id', 'Name', 'Subject', 'Status', 'OwnerId', 'Type', 'Origin', 'AccountId'],
        ['5005g00000AbCdEAAV', 'Broken part', 'Broken part', 'New', '0055g00000XyZaBAAV', 'Problem', 'Web', '0015g00000QwErTAAV'],
      ],
      { raw: true },
    );
    const rt = workbookWithExport(cases);
    const addon = loadBundle(rt);
    const before = state(rt);
    addon.call('pullApprovedFields');
    expect(rt.prompts).toEqual([]);
    expect(rt.alerts.at(-1)).toContain("This export's record ids are Salesforce case ids (500…), and no preset reviews that object.");
    expect(state(rt)).toBe(before);
  });

  it('refuses, and changes nothing, when the Rules name a preset the record ids contradict', () => {
    const leadIds = toCsv(
      [
        ['Id', 'First Name', 'Last Name', 'Email', 'Contact owner', 'Phone'],
        ['00Q5g00000AbCdEAAV', 'Ada', 'L', 'a@b.c', 'Alice Martin', '1'],
      ],
      { raw: true },
    );
    const rt = workbookWithExport(leadIds, { rules: { preset: 'salesforce-contacts' } });
    const addon = loadBundle(rt);
    const before = state(rt);
    addon.call('pullApprovedFields');
    expect(rt.alerts.at(-1)).toContain(
      'Tab "contacts-export": its record ids ("Id") are Salesforce lead ids (00Q…), but the Rules use the Salesforce contacts preset. Choose the salesforce-leads preset',
    );
    expect(state(rt)).toBe(before);
  });

  it('stops without changes when the user cancels the question', () => {
    const rt = workbookWithExport(ambiguous);
    const addon = loadBundle(rt);
    const before = state(rt);
    rt.promptResponses.push({ button: Button.CANCEL });
    addon.call('pullApprovedFields');
    expect(rt.alerts.at(-1)).toBe('CRM Review Gate: Pull approved fields stopped: Stopped: no preset was chosen. Nothing was changed.');
    expect(state(rt)).toBe(before);
  });

  it('creates the Rules tab in readable sections on the first pull', () => {
    const rt = workbookWithExport(exportCsv([contact()]));
    loadBundle(rt).call('pullApprovedFields');
    const keys = rt.spreadsheet
      .sheet('Rules')!
      .values()
      .map((r) => String(r[0]));
    for (const section of [
      '# Preset',
      '# Field roles',
      '# Approved fields',
      '# Blocked field patterns',
      '# Required fields',
      '# Owner roster',
      '# Lifecycle',
      '# Sources',
      '# Routing',
    ]) {
      expect(
        keys.some((k) => k.startsWith(section)),
        section,
      ).toBe(true);
    }
    expect(rt.toasts.at(-1)).toContain('detected HubSpot contacts (100% of its headers)');
  });

  it("switches the preset and keeps the team's own settings", () => {
    const rt = workbookWithExport(exportCsv([contact()]), { rules: teamRulesFile });
    const addon = loadBundle(rt);
    rt.promptResponses.push({ button: Button.OK, text: 'hubspot-companies' });
    addon.call('choosePreset');
    expect(rt.alerts).toEqual([]);
    const rules = rt.spreadsheet.sheet('Rules')!.values();
    expect(rules.find((r) => r[0] === 'preset')![1]).toBe('hubspot-companies');
    expect(rules.filter((r) => r[0] === 'owner')).toHaveLength(4);
    expect(rules.filter((r) => r[0] === 'route')).toHaveLength(2);
  });

  it('keeps a column the team named for a role where the preset knows none of its spellings (an export in another language)', () => {
    const headers = HUBSPOT_HEADERS.map((h) => (h === 'Email' ? 'E-Mail-Adresse' : h));
    const c = contact();
    const csv = toCsv([headers, headers.map((h) => (h === 'E-Mail-Adresse' ? c.Email! : (c[h as keyof typeof c] ?? '')))]);
    const rt = workbookWithExport(csv, { rules: { ...teamRulesFile, fields: { email: 'E-Mail-Adresse', id: 'Record ID' } } });
    const addon = loadBundle(rt);
    rt.promptResponses.push({ button: Button.OK, text: 'hubspot-contacts' });
    addon.call('choosePreset');
    expect(rt.alerts).toEqual([]);
    const rules = rt.spreadsheet.sheet('Rules')!.values();
    // the team's own name is kept, and the preset's lists follow it; Record ID, a spelling the preset knows, is its own
    expect(rules.find((r) => r[0] === 'fields.email')![1]).toBe('E-Mail-Adresse');
    expect(rules.find((r) => r[0] === 'requiredFields')!.slice(1)).toContain('E-Mail-Adresse');
    expect(rules.find((r) => r[0] === 'fields.id')![1]).toBe('Record ID');
  });

  it('refuses a preset whose approved fields leave out a column the kept routing rules use, naming the key', () => {
    const rt = workbookWithExport(exportCsv([contact()]), { rules: teamRulesFile });
    const addon = loadBundle(rt);
    const before = JSON.stringify(rt.spreadsheet.sheet('Rules')!.values());
    rt.promptResponses.push({ button: Button.OK, text: 'salesforce-contacts' });
    addon.call('choosePreset');
    expect(rt.alerts[0]).toContain('rules key "routing[0].when.Country/Region": the column "Country/Region" cannot be used because it is not in approvedFields');
    expect(JSON.stringify(rt.spreadsheet.sheet('Rules')!.values())).toBe(before);
  });

  it('exports the Rules tab as JSON the CLI accepts, and imports it back', async () => {
    const rt = workbookWithExport(exportCsv([contact()]), { rules: teamRulesFile });
    const addon = loadBundle(rt);
    addon.call('exportRulesJson');
    const dialog = rt.dialogs.at(-1)!;
    expect(dialog.title).toBe('Rules as JSON');
    const json = /<textarea id="json" rows="22" readonly>([\s\S]*)<\/textarea>/
      .exec(dialog.html)![1]!
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    const file = validateRulesFile(JSON.parse(json));
    expect(file.owners).toHaveLength(4);
    expect(rulesJsonDialogHtml('x')).toContain('rules.json');

    const changed = { ...JSON.parse(json), staleAfterDays: 45 };
    const importer = openDialog(importRulesDialogHtml(), addon);
    element(importer, 'json').value = JSON.stringify(changed);
    await click(importer);
    expect(importer.statuses.at(-1)).toBe('Imported the rules (HubSpot contacts) into the Rules tab. Run Pull approved fields or Run review to apply them.');
    expect(
      rt.spreadsheet
        .sheet('Rules')!
        .values()
        .find((r) => r[0] === 'staleAfterDays')![1],
    ).toBe('45');
  });

  it.each([
    ['{not json', 'The rules are not valid JSON. Check for a missing comma, quote or bracket.'],
    ['{"staleAfterDays": -1}', 'Invalid rules: rules key "staleAfterDays": expected a number of days above 0.'],
    ['{"routing": [{"id": "R1", "when": {"Country/Region": ["*"]}, "team": ""}]}', 'Invalid rules: rules key "routing[0].team": a routing rule needs a team.'],
  ])('refuses to import %s and keeps the Rules tab', (json, message) => {
    const rt = workbookWithExport(exportCsv([contact()]), { rules: teamRulesFile });
    const addon = loadBundle(rt);
    const before = state(rt);
    expect(() => addon.call('importRulesJson', json)).toThrow(message);
    expect(state(rt)).toBe(before);
  });

  it('names the Rules cell of an invalid value', () => {
    const rt = workbookWithExport(exportCsv([contact()]), { rules: sampleRules() });
    const rules = rt.spreadsheet.sheet('Rules')!;
    const row = rules.values().findIndex((r) => r[0] === 'owner') + 1;
    rules.store(row, 4, 'perhaps');
    loadBundle(rt).call('pullApprovedFields');
    expect(rt.alerts).toEqual([`CRM Review Gate: Pull approved fields stopped: Invalid rules: Rules!D${row} (owners.0.active): expected TRUE or FALSE.`]);
  });
});

/** npm run setup: the clasp command for each way of deploying, and clear refusals, with no network. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkClaspJson, claspArgs, existingProject, parseSetupArgs } from '../scripts/setupPlan';

const SHEET_ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg';
const SCRIPT_ID = '1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVwXyZ-_abcdefghijklmnopqrs';

describe('npm run setup', () => {
  it('creates a new standalone project with rootDir dist when given nothing', () => {
    expect(claspArgs(parseSetupArgs([]))).toEqual(['create-script', '--type', 'standalone', '--title', 'CRM Review Gate', '--rootDir', 'dist']);
  });

  it('binds a new script to an existing spreadsheet, by id or by URL', () => {
    const expected = ['create-script', '--type', 'standalone', '--title', 'CRM Review Gate', '--parentId', SHEET_ID, '--rootDir', 'dist'];
    expect(claspArgs(parseSetupArgs(['--sheet', SHEET_ID]))).toEqual(expected);
    expect(claspArgs(parseSetupArgs(['--sheet', `https://docs.google.com/spreadsheets/d/${SHEET_ID}/edit#gid=0`]))).toEqual(expected);
  });

  it('uses an existing script project, by id or by editor URL', () => {
    const expected = ['clone-script', SCRIPT_ID, '--rootDir', 'dist'];
    expect(claspArgs(parseSetupArgs(['--script', SCRIPT_ID]))).toEqual(expected);
    expect(claspArgs(parseSetupArgs(['--script', `https://script.google.com/d/${SCRIPT_ID}/edit`]))).toEqual(expected);
    expect(claspArgs(parseSetupArgs(['--script', `https://script.google.com/home/projects/${SCRIPT_ID}/edit`]))).toEqual(expected);
  });

  it.each([
    [['--sheet'], '--sheet needs a spreadsheet id or URL. Usage: npm run setup'],
    [['--script', '--sheet'], '--script needs a script id or URL.'],
    [['--id', SHEET_ID], 'Unknown argument "--id". Usage: npm run setup'],
    [['--sheet', SHEET_ID, '--script', SCRIPT_ID], 'Give one of --sheet or --script, once.'],
    [['--script', 'REPLACE_WITH_YOUR_SCRIPT_ID'], '"REPLACE_WITH_YOUR_SCRIPT_ID" is a placeholder, not a script id.'],
    [['--sheet', 'abc'], '"abc" is not a spreadsheet id: ids are 25 to 100 letters, digits, "-" or "_" (the part of the spreadsheet URL between /d/ and /edit).'],
    [['--sheet', `${SHEET_ID.slice(0, 30)} ${SHEET_ID.slice(30)}`], 'is not a spreadsheet id'],
    [['--sheet', `https://drive.google.com/file/d/${SHEET_ID}`], 'That URL is not a Google Sheets URL (https://docs.google.com/spreadsheets/d/<id>/edit).'],
    [['--script', `https://docs.google.com/spreadsheets/d/${SHEET_ID}/edit`], 'That URL is not an Apps Script project URL'],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseSetupArgs(argv)).toThrow(message);
  });

  it('checks .clasp.json before a push', () => {
    expect(checkClaspJson(JSON.stringify({ scriptId: SCRIPT_ID, rootDir: 'dist' }))).toEqual({ scriptId: SCRIPT_ID, rootDir: 'dist' });
    expect(checkClaspJson(JSON.stringify({ scriptId: SCRIPT_ID, rootDir: './dist/' })).rootDir).toBe('dist');
    expect(() => checkClaspJson(undefined)).toThrow('This folder has no .clasp.json yet. Run "npm run setup" first');
    expect(() => checkClaspJson('{')).toThrow('.clasp.json is not valid JSON.');
    expect(() => checkClaspJson(JSON.stringify({ scriptId: 'REPLACE_WITH_YOUR_SCRIPT_ID', rootDir: 'dist' }))).toThrow('.clasp.json has no real script id');
    expect(() => checkClaspJson(JSON.stringify({ scriptId: SCRIPT_ID }))).toThrow('.clasp.json has rootDir "", but the build writes to "dist"');
  });

  it('replaces the old committed placeholder, never a configured project', () => {
    expect(existingProject(undefined)).toBe('none');
    expect(existingProject('{"scriptId":"REPLACE_WITH_YOUR_SCRIPT_ID","rootDir":"dist"}')).toBe('placeholder');
    expect(existingProject(JSON.stringify({ scriptId: SCRIPT_ID, rootDir: 'dist' }))).toBe('configured');
  });

  it('gives clasp 3 options it knows (clasp stops at the missing login, not at an option)', () => {
    const home = mkdtempSync(join(tmpdir(), 'crg-clasp-'));
    const clasp = join(process.cwd(), 'node_modules', '@google', 'clasp', 'build', 'src', 'index.js');
    for (const argv of [[], ['--sheet', SHEET_ID], ['--script', SCRIPT_ID]]) {
      const r = spawnSync(process.execPath, [clasp, ...claspArgs(parseSetupArgs(argv))], {
        cwd: home,
        env: { ...process.env, HOME: home, USERPROFILE: home },
        encoding: 'utf8',
        timeout: 30_000,
      });
      const said = `${r.stdout}${r.stderr}`;
      expect(said, argv.join(' ')).toContain('No credentials found');
      expect(said).not.toMatch(/unknown option|error: /);
    }
    // the check itself can fail: an option clasp does not know is reported
    const bad = spawnSync(process.execPath, [clasp, 'create-script', '--rootdir', 'dist'], { cwd: home, env: { ...process.env, HOME: home }, encoding: 'utf8', timeout: 30_000 });
    expect(`${bad.stdout}${bad.stderr}`).toContain("unknown option '--rootdir'");
  });
});

/** Guards on the project's shape: deploy config, declared scopes, and a core that stays pure. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { checkClaspJson, claspArgs, OUT_DIR } from '../scripts/setupPlan';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const read = (p: string) => readFileSync(join(root, p), 'utf8');

describe('deploy configuration', () => {
  it("pushes the folder the build writes to: every setup writes rootDir = the build's output folder", () => {
    const outDir = /export const OUT_DIR = '([^']+)'/.exec(read('scripts/build.mjs'))?.[1];
    expect(outDir).toBeDefined();
    expect(OUT_DIR).toBe(outDir);
    for (const target of [{ kind: 'new' }, { kind: 'sheet', id: 'x'.repeat(44) }, { kind: 'script', id: 'y'.repeat(57) }] as const) {
      const args = claspArgs(target);
      expect(args.slice(args.indexOf('--rootDir'), args.indexOf('--rootDir') + 2)).toEqual(['--rootDir', outDir]);
    }
    // and push refuses a .clasp.json that points anywhere else
    expect(() => checkClaspJson(JSON.stringify({ scriptId: 'z'.repeat(57), rootDir: '.' }))).toThrow(`rootDir ".", but the build writes to "${outDir}"`);
  });

  it('commits no .clasp.json (setup writes it; a placeholder breaks clasp create-script)', () => {
    expect(read('.gitignore').split('\n')).toContain('.clasp.json');
    expect(execFileSync('git', ['ls-files', '.clasp.json'], { cwd: root, encoding: 'utf8' }).trim()).toBe('');
  });

  it('declares least-privilege scopes, each one explained in the README', () => {
    const manifest = JSON.parse(read('appsscript.json'));
    expect(manifest.runtimeVersion).toBe('V8');
    const readme = read('README.md');
    for (const scope of manifest.oauthScopes as string[]) expect(readme, `README must explain ${scope}`).toContain(scope);
    expect(manifest.oauthScopes).toContain('https://www.googleapis.com/auth/spreadsheets.currentonly');
    expect(manifest.oauthScopes.some((s: string) => /auth\/(drive|spreadsheets)$/.test(s))).toBe(false);
  });

  it("runs the README's test command in CI", () => {
    const ci = read('.ci/run');
    expect(read('README.md')).toContain('npm test');
    expect(ci).toMatch(/^npm test$/m);
    expect(ci).toMatch(/^npm ci/m);
  });
});

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('the pure core', () => {
  const files = sources('src/core');

  it('imports only other core modules and zod', () => {
    for (const f of files) {
      for (const m of read(f).matchAll(/from '([^']+)'/g)) {
        expect(m[1]!.startsWith('.') || m[1] === 'zod/mini', `${f} imports ${m[1]}`).toBe(true);
      }
    }
  });

  it('touches no Apps Script service and no Node or Web API', () => {
    const forbidden =
      /\b(SpreadsheetApp|LockService|PropertiesService|Session|HtmlService|ScriptApp|Utilities|UrlFetchApp|DriveApp|process|Buffer|require|setTimeout|TextEncoder|atob)\b[.(]/;
    for (const f of files) expect(forbidden.test(read(f).replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')), f).toBe(false);
  });
});

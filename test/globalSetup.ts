// Every test run starts from a fresh build: the add-on tests exercise dist/Code.js, not the sources.
// Each vitest project runs this setup; the build runs once per test run.
//
// Tests (and the CLI processes they start) write their scratch files under one folder of the system's
// temporary folder, removed when the run ends: a run used to leave a dozen folders behind in /tmp.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): (() => void) | undefined {
  if (process.env.CRG_TEST_BUILT !== '1') {
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
    process.env.CRG_TEST_BUILT = '1';
  }
  if (process.env.CRG_TEST_TMP !== undefined) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'crg-test-'));
  // os.tmpdir() reads these on every call, in the test workers and the processes they spawn
  process.env.CRG_TEST_TMP = dir;
  process.env.TMPDIR = dir;
  process.env.TMP = dir;
  process.env.TEMP = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}

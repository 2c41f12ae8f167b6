// Every test run starts from a fresh build: the add-on tests exercise dist/Code.js, not the sources.
// Each vitest project runs this setup; the build runs once per test run.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.CRG_TEST_BUILT === '1') return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  process.env.CRG_TEST_BUILT = '1';
}

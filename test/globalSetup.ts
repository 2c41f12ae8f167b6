// Every test run starts from a fresh build: the add-on tests exercise dist/Code.js, not the sources.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}

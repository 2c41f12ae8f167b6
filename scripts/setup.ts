/**
 * npm run setup: creates (or binds) the Apps Script project with clasp, with rootDir = dist, then builds.
 * `--check` only validates .clasp.json (npm run push runs it before clasp push).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { checkClaspJson, claspArgs, existingProject, OUT_DIR, parseSetupArgs, SetupError } from './setupPlan';

const root = process.cwd();
const CLASP_JSON = join(root, '.clasp.json');
const read = (p: string): string | undefined => (existsSync(p) ? readFileSync(p, 'utf8') : undefined);

function run(args: string[]): void {
  const clasp = join(root, 'node_modules', '@google', 'clasp', 'build', 'src', 'index.js');
  const r = spawnSync(process.execPath, [clasp, ...args], { stdio: 'inherit' });
  if (r.status !== 0)
    throw new SetupError(
      `clasp ${args[0]} failed (exit ${r.status ?? 'signal'}). Did you run "npx clasp login" and turn on the Apps Script API at https://script.google.com/home/usersettings ?`,
    );
}

function main(argv: string[]): void {
  if (argv[0] === '--check') {
    const { scriptId } = checkClaspJson(read(CLASP_JSON));
    console.log(`.clasp.json: script ${scriptId}, pushing ${OUT_DIR}/`);
    return;
  }
  const target = parseSetupArgs(argv);
  const existing = existingProject(read(CLASP_JSON));
  if (existing === 'configured') throw new SetupError(`This folder is already set up (${CLASP_JSON}). Run "npm run push", or delete .clasp.json to set up another project.`);
  if (existing === 'placeholder') unlinkSync(CLASP_JSON);
  run(claspArgs(target));
  checkClaspJson(read(CLASP_JSON));
  // clasp pulled the project's current files into dist/; the build replaces them, and push then
  // replaces the project's code with exactly the build
  rmSync(join(root, OUT_DIR), { recursive: true, force: true });
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new SetupError('The build failed; fix it and run "npm run push".');
  console.log(`Set up. Next: "npm run push", then in the Apps Script editor (npx clasp open-script) Deploy > Test deployments > Editor add-on (README, Deploy with clasp).`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof SetupError)) throw error;
  console.error(`setup: ${error.message}`);
  process.exit(2);
}

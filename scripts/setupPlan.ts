/**
 * `npm run setup`'s decisions, without I/O so a test can check them: which clasp command to run for
 * the arguments given, and whether a .clasp.json is one clasp can push from.
 *
 * - no argument: a new standalone Apps Script project (how Google builds editor add-ons; test it with
 *   Deploy > Test deployments on any spreadsheet);
 * - `--sheet <spreadsheet id or URL>`: a new script bound to that spreadsheet (its menu then shows
 *   under Extensions with the project's name);
 * - `--script <script id or URL>`: an existing Apps Script project (its code is replaced on push).
 *
 * .clasp.json is written by clasp at setup time and git-ignored, so a clone carries no placeholder
 * that would make `clasp create-script` stop with "Project file already exists".
 */
export const OUT_DIR = 'dist';
export const PROJECT_TITLE = 'CRM Review Gate';

export type SetupTarget = { kind: 'new' } | { kind: 'sheet'; id: string } | { kind: 'script'; id: string };

export class SetupError extends Error {}

const USAGE = 'Usage: npm run setup [-- --sheet <spreadsheet id or URL> | -- --script <script id or URL>]';

/** Drive and Apps Script ids: letters, digits, "-" and "_"; spreadsheet ids are 44 characters, script ids 57. */
const ID = /^[A-Za-z0-9_-]{25,100}$/;

function idFrom(kind: 'sheet' | 'script', raw: string | undefined): string {
  if (raw === undefined || raw.startsWith('--')) throw new SetupError(`--${kind} needs a ${kind === 'sheet' ? 'spreadsheet' : 'script'} id or URL. ${USAGE}`);
  const text = raw.trim();
  const fromUrl =
    kind === 'sheet' ? /^https:\/\/docs\.google\.com\/spreadsheets\/d\/([^/?#]+)/.exec(text) : /^https:\/\/script\.google\.com\/(?:d|home\/projects)\/([^/?#]+)/.exec(text);
  if (/^https?:\/\//.test(text) && !fromUrl) {
    throw new SetupError(
      kind === 'sheet'
        ? "That URL is not a Google Sheets URL (https://docs.google.com/spreadsheets/d/<id>/edit). Copy it from the spreadsheet's address bar."
        : "That URL is not an Apps Script project URL (https://script.google.com/d/<id>/edit). Copy the Script ID from the editor's Project Settings.",
    );
  }
  const id = fromUrl ? fromUrl[1]! : text;
  if (/REPLACE_WITH|YOUR_SCRIPT_ID|^x+$/i.test(id)) throw new SetupError(`"${id}" is a placeholder, not a ${kind} id. ${USAGE}`);
  if (!ID.test(id)) {
    throw new SetupError(
      `"${id}" is not a ${kind === 'sheet' ? 'spreadsheet' : 'script'} id: ids are 25 to 100 letters, digits, "-" or "_"${kind === 'sheet' ? ' (the part of the spreadsheet URL between /d/ and /edit)' : ' (Apps Script editor > Project Settings > Script ID)'}.`,
    );
  }
  return id;
}

export function parseSetupArgs(argv: readonly string[]): SetupTarget {
  if (argv.length === 0) return { kind: 'new' };
  const [flag, value, ...rest] = argv;
  if (flag !== '--sheet' && flag !== '--script') throw new SetupError(`Unknown argument "${flag}". ${USAGE}`);
  if (rest.length > 0) throw new SetupError(`Give one of --sheet or --script, once. ${USAGE}`);
  return { kind: flag === '--sheet' ? 'sheet' : 'script', id: idFrom(flag === '--sheet' ? 'sheet' : 'script', value) };
}

/** The clasp arguments for a target; every one writes .clasp.json with rootDir = the build's output folder. */
export function claspArgs(target: SetupTarget): string[] {
  switch (target.kind) {
    case 'new':
      return ['create-script', '--type', 'standalone', '--title', PROJECT_TITLE, '--rootDir', OUT_DIR];
    case 'sheet':
      // the Apps Script API binds a new project to the Drive file given as parentId
      return ['create-script', '--type', 'standalone', '--title', PROJECT_TITLE, '--parentId', target.id, '--rootDir', OUT_DIR];
    case 'script':
      return ['clone-script', target.id, '--rootDir', OUT_DIR];
  }
}

/** What a .clasp.json says, checked: a real script id and rootDir pointing at the build output. */
export function checkClaspJson(text: string | undefined): { scriptId: string; rootDir: string } {
  if (text === undefined) throw new SetupError('This folder has no .clasp.json yet. Run "npm run setup" first (see README, Deploy with clasp).');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new SetupError('.clasp.json is not valid JSON. Delete it and run "npm run setup" again.');
  }
  const { scriptId, rootDir } = (data ?? {}) as { scriptId?: unknown; rootDir?: unknown };
  if (typeof scriptId !== 'string' || !ID.test(scriptId) || /REPLACE_WITH/i.test(scriptId)) {
    throw new SetupError('.clasp.json has no real script id (a placeholder or a typo). Delete it and run "npm run setup" again.');
  }
  const dir = typeof rootDir === 'string' ? rootDir.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '') : '';
  if (dir !== OUT_DIR)
    throw new SetupError(
      `.clasp.json has rootDir "${String(rootDir ?? '')}", but the build writes to "${OUT_DIR}": clasp would push the wrong files. Set "rootDir": "${OUT_DIR}".`,
    );
  return { scriptId, rootDir: dir };
}

/** An existing .clasp.json that is only the old committed placeholder may be replaced; a real one may not. */
export function existingProject(text: string | undefined): 'none' | 'placeholder' | 'configured' {
  if (text === undefined) return 'none';
  try {
    const id = (JSON.parse(text) as { scriptId?: unknown }).scriptId;
    return typeof id === 'string' && ID.test(id) && !/REPLACE_WITH/i.test(id) ? 'configured' : 'placeholder';
  } catch {
    return 'placeholder';
  }
}

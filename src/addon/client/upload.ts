/**
 * The upload dialog's page script (bundled into dist/UploadDialog.html). It reads the chosen file as
 * bytes in the browser and hands them to prepare.ts; only approved columns are sent.
 */
import { uploadFile } from './prepare';

// the page's few DOM and Apps Script objects, typed here so the project needs no DOM library
interface El {
  value: number | string;
  textContent: string | null;
  className: string;
  disabled: boolean;
  files?: { name: string; arrayBuffer(): Promise<ArrayBuffer> }[] | null;
  addEventListener(type: string, fn: () => unknown): void;
}
declare const document: { getElementById(id: string): El | null };
/** google.script.run: each handler setter returns the runner again, with the server functions on it. */
interface ScriptRun extends Record<string, unknown> {
  withSuccessHandler(fn: (r: unknown) => void): ScriptRun;
  withFailureHandler(fn: (e: unknown) => void): ScriptRun;
}
declare const google: { script: { run: ScriptRun } };

const $ = (id: string): El => document.getElementById(id)!;
const say = (text: string, error = false): void => {
  $('status').textContent = text;
  $('status').className = error ? 'bad' : 'muted';
};

function run(name: string, args: unknown[]): Promise<unknown> {
  return new Promise((ok, fail) => {
    const runner = google.script.run
      .withSuccessHandler(ok)
      .withFailureHandler((e: unknown) => fail(new Error(e && typeof e === 'object' && 'message' in e ? String((e as Error).message) : String(e))));
    (runner[name] as (...a: unknown[]) => void)(...args);
  });
}

async function upload(): Promise<void> {
  const file = $('file').files?.[0];
  if (!file) {
    say('Choose a CSV file first.');
    return;
  }
  $('go').disabled = true;
  $('bar').value = 0;
  try {
    say('Reading the file in your browser…');
    const bytes = new Uint8Array(await file.arrayBuffer());
    const message = await uploadFile(run, bytes, file.name, (sent, total) => {
      $('bar').value = sent / (total + 1);
      say(`Sent part ${sent} of ${total}…`);
    });
    $('bar').value = 1;
    say(message);
  } catch (e) {
    say(e instanceof Error ? e.message : String(e), true);
  } finally {
    $('go').disabled = false;
  }
}

$('go').addEventListener('click', upload);

/** Runs a dialog's client script in a vm, with a stub DOM and google.script.run wired to the bundle. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import type { LoadedBundle } from '../src/local/bundle';

export interface StubElement {
  value: string | number;
  textContent: string;
  disabled: boolean;
  files?: { name: string; text: () => Promise<string>; arrayBuffer: () => Promise<ArrayBuffer> }[];
  listeners: Record<string, () => unknown>;
  addEventListener(type: string, fn: () => unknown): void;
}

function stubElement(): StubElement {
  return {
    value: '',
    textContent: '',
    disabled: false,
    listeners: {},
    addEventListener(type, fn) {
      this.listeners[type] = fn;
    },
  };
}

export interface Dialog {
  elements: Record<string, StubElement>;
  /** Every status text the dialog showed, in order. */
  statuses: string[];
  context: vm.Context;
  calls: string[];
}

export function openDialog(html: string, addon: LoadedBundle): Dialog {
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!script) throw new Error('dialog has no script');
  const elements: Record<string, StubElement> = {};
  const statuses: string[] = [];
  const calls: string[] = [];
  const get = (id: string): StubElement => {
    if (!elements[id]) {
      const el = stubElement();
      if (id === 'status') {
        let text = '';
        Object.defineProperty(el, 'textContent', {
          get: () => text,
          set: (t: string) => {
            text = t;
            statuses.push(t);
          },
        });
      }
      elements[id] = el;
    }
    return elements[id]!;
  };
  const make = (ok?: (r: unknown) => void, fail?: (e: unknown) => void): unknown =>
    new Proxy(
      {},
      {
        get: (_t, prop: string) => {
          if (prop === 'withSuccessHandler') return (f: (r: unknown) => void) => make(f, fail);
          if (prop === 'withFailureHandler') return (f: (e: unknown) => void) => make(ok, f);
          return (...args: unknown[]) => {
            calls.push(prop);
            queueMicrotask(() => {
              let result: unknown;
              try {
                result = addon.call(prop, ...args);
              } catch (e) {
                fail?.(e);
                return;
              }
              ok?.(result);
            });
          };
        },
      },
    );
  const context = vm.createContext({ document: { getElementById: get }, google: { script: { run: make() } }, Promise, queueMicrotask, Uint8Array, Uint16Array, ArrayBuffer });
  vm.runInContext(script, context);
  return { elements, statuses, context, calls };
}

/** An element of the dialog by id, as its script sees it. */
export function element(dialog: Dialog, id: string): StubElement {
  return (dialog.context.document as { getElementById: (id: string) => StubElement }).getElementById(id);
}

/** Clicks a button and resolves when the work it started is done. */
export async function click(dialog: Dialog, button = 'go'): Promise<void> {
  await element(dialog, button).listeners.click!();
}

/** Chooses a file (text is saved as UTF-8; bytes as given) in the dialog and clicks its button. */
export async function chooseFileAndClick(dialog: Dialog, name: string, content: string | Uint8Array, button = 'go'): Promise<void> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const text = typeof content === 'string' ? content : new TextDecoder().decode(content);
  element(dialog, 'file').files = [
    { name, text: async () => text, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer },
  ];
  await click(dialog, button);
}

/** The built upload dialog page (dist/UploadDialog.html), as HtmlService serves it. */
export function uploadDialogPage(): string {
  return readFileSync(join(process.cwd(), 'dist', 'UploadDialog.html'), 'utf8');
}

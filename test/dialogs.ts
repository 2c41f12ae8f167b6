/** Runs a dialog's client script in a vm, with a stub DOM and google.script.run wired to the bundle. */
import vm from 'node:vm';
import type { LoadedBundle } from '../src/local/bundle';

export interface StubElement {
  value: string | number;
  textContent: string;
  disabled: boolean;
  files?: { name: string; text: () => Promise<string> }[];
  listeners: Record<string, () => unknown>;
  addEventListener(type: string, fn: () => unknown): void;
}

function stubElement(): StubElement {
  return {
    value: '', textContent: '', disabled: false, listeners: {},
    addEventListener(type, fn) { this.listeners[type] = fn; },
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
  const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1];
  if (!script) throw new Error('dialog has no script');
  const elements: Record<string, StubElement> = {};
  const statuses: string[] = [];
  const calls: string[] = [];
  const get = (id: string): StubElement => {
    if (!elements[id]) {
      const el = stubElement();
      if (id === 'status') {
        let text = '';
        Object.defineProperty(el, 'textContent', { get: () => text, set: (t: string) => { text = t; statuses.push(t); } });
      }
      elements[id] = el;
    }
    return elements[id]!;
  };
  const make = (ok?: (r: unknown) => void, fail?: (e: unknown) => void): unknown => new Proxy({}, {
    get: (_t, prop: string) => {
      if (prop === 'withSuccessHandler') return (f: (r: unknown) => void) => make(f, fail);
      if (prop === 'withFailureHandler') return (f: (e: unknown) => void) => make(ok, f);
      return (...args: unknown[]) => {
        calls.push(prop);
        queueMicrotask(() => {
          let result: unknown;
          try { result = addon.call(prop, ...args); } catch (e) { fail?.(e); return; }
          ok?.(result);
        });
      };
    },
  });
  const context = vm.createContext({ document: { getElementById: get }, google: { script: { run: make() } }, Promise, queueMicrotask });
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

/** Chooses a file in the dialog and clicks its button. */
export async function chooseFileAndClick(dialog: Dialog, name: string, text: string, button = 'go'): Promise<void> {
  element(dialog, 'file').files = [{ name, text: async () => text }];
  await click(dialog, button);
}

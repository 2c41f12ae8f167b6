/**
 * Loads the built add-on (dist/Code.js) into a fresh vm context whose only globals are the
 * ECMAScript built-ins and the local runtime's Apps Script services, as Apps Script's V8 would:
 * no require, process, Buffer, URL, atob, TextEncoder or setTimeout.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import type { LocalRuntime } from './runtime';

/** Tools run from the project root (npm scripts, vitest). */
export const BUNDLE_PATH = join(process.cwd(), 'dist', 'Code.js');

export interface LoadedBundle {
  context: vm.Context;
  source: string;
  /** Calls a top-level function of the bundle by name, as Apps Script does for a menu item. */
  call(name: string, ...args: unknown[]): unknown;
}

export function loadBundle(runtime: LocalRuntime, path = BUNDLE_PATH): LoadedBundle {
  const source = readFileSync(path, 'utf8');
  const context = vm.createContext({ ...runtime.globals() });
  vm.runInContext(source, context, { filename: 'Code.js' });
  return {
    context,
    source,
    call(name, ...args) {
      const fn = (context as Record<string, unknown>)[name];
      if (typeof fn !== 'function') throw new Error(`dist/Code.js has no top-level function ${name}`);
      // each call is one execution, with its time limit (30 s for a simple trigger, else 6 minutes)
      return runtime.execute(name, () => (fn as (...a: unknown[]) => unknown)(...args));
    },
  };
}

/** HtmlService: the output a dialog or sidebar shows, kept for tests and the browser harness. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** createHtmlOutputFromFile: NAME.html from the folder clasp pushes; a missing file fails as in Apps Script. */
export function htmlFile(dir: string, name: string): LocalHtmlOutput {
  const path = join(dir, `${name}.html`);
  if (!existsSync(path)) throw new Error(`No HTML file named ${name} was found.`);
  return new LocalHtmlOutput(readFileSync(path, 'utf8'));
}
export class LocalHtmlOutput {
  title = '';
  width = 0;
  height = 0;
  constructor(readonly html: string) {}
  setTitle(title: string): this {
    this.title = title;
    return this;
  }
  setWidth(w: number): this {
    this.width = w;
    return this;
  }
  setHeight(h: number): this {
    this.height = h;
    return this;
  }
  getContent(): string {
    return this.html;
  }
}

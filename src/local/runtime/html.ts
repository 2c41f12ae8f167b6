/** HtmlService: the output a dialog or sidebar shows, kept for tests and the browser harness. */
export class LocalHtmlOutput {
  title = '';
  width = 0;
  height = 0;
  constructor(readonly html: string) {}
  setTitle(title: string): this { this.title = title; return this; }
  setWidth(w: number): this { this.width = w; return this; }
  setHeight(h: number): this { this.height = h; return this; }
  getContent(): string { return this.html; }
}
/** Ui: menus, alerts, prompts (answered from `promptResponses`), sidebars and modal dialogs. */
import type { LocalHtmlOutput } from './html';
import { Button, ButtonSet, gas, type MenuRecord, type RuntimeHost } from './types';

export interface UiHolder extends RuntimeHost {
  menus: MenuRecord[];
  alerts: string[];
  prompts: string[];
  dialogs: { kind: 'sidebar' | 'modal'; title: string; html: string }[];
  promptResponses: { button: Button; text?: string }[];
}

export class LocalMenu implements Partial<GoogleAppsScript.Base.Menu> {
  private readonly items: { caption: string; functionName: string }[] = [];
  constructor(
    private readonly rt: UiHolder,
    private readonly kind: 'addon' | 'custom',
    private readonly title: string,
  ) {}
  addItem(caption: string, functionName: string): GoogleAppsScript.Base.Menu {
    this.rt.count('Menu.addItem');
    this.items.push({ caption, functionName });
    return gas(this);
  }
  addSeparator(): GoogleAppsScript.Base.Menu {
    this.rt.count('Menu.addSeparator');
    this.items.push({ caption: '', functionName: '-' });
    return gas(this);
  }
  addToUi(): void {
    this.rt.count('Menu.addToUi');
    this.rt.menus.push({ kind: this.kind, title: this.title, items: [...this.items] });
  }
}
export class LocalUi implements Partial<GoogleAppsScript.Base.Ui> {
  readonly Button = Button as unknown as typeof GoogleAppsScript.Base.Button;
  readonly ButtonSet = ButtonSet as unknown as typeof GoogleAppsScript.Base.ButtonSet;
  constructor(private readonly rt: UiHolder) {}
  createAddonMenu(): GoogleAppsScript.Base.Menu {
    this.rt.count('Ui.createAddonMenu');
    return gas(new LocalMenu(this.rt, 'addon', 'CRM Review Gate'));
  }
  createMenu(caption: string): GoogleAppsScript.Base.Menu {
    this.rt.count('Ui.createMenu');
    return gas(new LocalMenu(this.rt, 'custom', caption));
  }
  alert(a: unknown, b?: unknown, c?: unknown): GoogleAppsScript.Base.Button {
    this.rt.count('Ui.alert');
    const text = typeof b === 'string' ? `${String(a)}: ${b}` : String(a);
    this.rt.alerts.push(text);
    const hasButtons = c !== undefined || (b !== undefined && typeof b !== 'string');
    const response = hasButtons ? this.rt.promptResponses.shift() : undefined;
    return gas(response?.button ?? Button.OK);
  }
  prompt(a: unknown, b?: unknown, _c?: unknown): GoogleAppsScript.Base.PromptResponse {
    this.rt.count('Ui.prompt');
    this.rt.prompts.push(typeof b === 'string' ? `${String(a)}: ${b}` : String(a));
    const r = this.rt.promptResponses.shift() ?? { button: Button.CANCEL, text: '' };
    return gas({ getSelectedButton: () => r.button, getResponseText: () => r.text ?? '' });
  }
  showSidebar(output: unknown): void {
    this.rt.count('Ui.showSidebar');
    const o = output as LocalHtmlOutput;
    this.rt.dialogs.push({ kind: 'sidebar', title: o.title, html: o.html });
  }
  showModalDialog(output: unknown, title: string): void {
    this.rt.count('Ui.showModalDialog');
    const o = output as LocalHtmlOutput;
    this.rt.dialogs.push({ kind: 'modal', title, html: o.html });
  }
}

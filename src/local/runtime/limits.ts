/**
 * Google's limits that the add-on relies on, each with the page that states it. The local runtime
 * enforces them so a test overflows where production would, instead of mirroring the code's own
 * assumptions.
 */

// https://developers.google.com/apps-script/reference/cache/cache ("keys up to 250 characters",
// "up to 100KB of data", "cap of 1,000 items"; put(): "The maximum time the value will remain in the
// cache, in seconds. The minimum is 1 second and the maximum is 21600 seconds (6 hours)"; without an
// expiration "the value stays for 600 seconds (10 minutes)"; items may be removed before they expire)
export const CACHE_KEY_CHARS = 250;
export const CACHE_VALUE_BYTES = 100 * 1024;
export const CACHE_MAX_ITEMS = 1000;
export const CACHE_DEFAULT_SECONDS = 600;
export const CACHE_MAX_SECONDS = 21_600;

// https://developers.google.com/apps-script/guides/services/quotas ("Properties value size 9 KB / val",
// "Properties total storage 500 KB / property store"); counted in bytes, keys included
// (measured: https://gist.github.com/tanaikech/8b057d10fb5f2af014794e57b021c6aa)
export const PROPERTY_VALUE_BYTES = 9 * 1024;
export const PROPERTY_STORE_BYTES = 500 * 1024;

// https://support.google.com/drive/answer/37603 ("Up to 10 million cells or 18,278 columns for
// spreadsheets that are created in or converted to Google Sheets"; "a cell can contain up to 50,000
// characters")
export const SPREADSHEET_MAX_CELLS = 10_000_000;
export const CELL_MAX_CHARS = 50_000;

// https://developers.google.com/apps-script/guides/services/quotas ("Script runtime 6 min / execution")
export const EXECUTION_MS = 6 * 60 * 1000;
// https://developers.google.com/apps-script/guides/triggers#restrictions ("They cannot run for longer
// than 30 seconds")
export const SIMPLE_TRIGGER_MS = 30 * 1000;
export const SIMPLE_TRIGGERS = new Set(['onOpen', 'onEdit', 'onInstall', 'onSelectionChange']);

/** Time as the runtime sees it. Injectable so a test can simulate a long execution in no time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told, or by a fixed cost per service call. */
export class SimulatedClock implements Clock {
  constructor(
    private time = Date.UTC(2026, 10, 20, 9, 0, 0),
    public msPerCall = 0,
  ) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

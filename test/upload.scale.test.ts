/**
 * Finding 2 at scale: a 100,000-row, 120-column export uploads through the server functions of the
 * built add-on, with the dialog's own client logic (src/addon/client/prepare.ts) run in Node and
 * Google's limits enforced by the local runtime (cache value size, 1,000 items, expiry; cells).
 */
import { describe, expect, it } from 'vitest';
import { uploadFile } from '../src/addon/client/prepare';
import { loadBundle } from '../src/local/bundle';
import { CACHE_MAX_ITEMS, LocalRuntime } from '../src/local/runtime';
import { generateContacts } from '../src/sample/generator';
import { toCsv } from '../src/core/intake/csv';

describe('a 100,000-row, 120-column upload', () => {
  it('sends only approved columns within the cache limits and pulls every record', async () => {
    const data = generateContacts(100_000, 7);
    const extra = Array.from({ length: 120 - data.headers.length }, (_, i) => `Custom Property ${i + 1}`);
    const headers = [...data.headers, ...extra];
    expect(headers).toHaveLength(120);
    const rows = data.rows.map((r, n) => [...r, ...extra.map((_, i) => `v${(n + i) % 997}`)]);
    const bytes = new TextEncoder().encode(toCsv([headers, ...rows], { raw: true }));
    expect(bytes.length).toBeGreaterThan(50_000_000);

    const rt = new LocalRuntime();
    const addon = loadBundle(rt);
    let peakItems = 0;
    let sentBytes = 0;
    const run = async (name: string, args: unknown[]) => {
      if (name === 'uploadChunk') for (const p of args[2] as string[]) sentBytes += Buffer.byteLength(p, 'utf8');
      const result = addon.call(name, ...args);
      peakItems = Math.max(peakItems, rt.userCache.store.size);
      return result;
    };
    const progress: number[] = [];
    const message = await uploadFile(run, bytes, 'hubspot-full.csv', (sent) => progress.push(sent));

    expect(message).toMatch(/^Pulled 100000 records from hubspot-full\.csv: detected HubSpot contacts \(100% of its headers\)\. Kept 18 approved columns, dropped 102,/);
    expect(peakItems).toBeLessThanOrEqual(CACHE_MAX_ITEMS);
    expect(rt.userCache.evictions).toBe(0);
    expect(sentBytes).toBeLessThan(bytes.length / 2); // the unapproved columns stayed in the browser
    expect(progress.at(-1)).toBe(peakItems - 1); // every part was in the cache at once, plus the header item
    const records = rt.spreadsheet.sheet('Records')!;
    expect(records.lastRow()).toBe(100_001);
    expect(records.values()[0]).not.toContain('Custom Property 1');
    expect(rt.spreadsheet.totalCells()).toBeLessThan(10_000_000);
    expect(rt.userCache.store.size).toBe(0);
  }, 240_000);
});

/**
 * The CLI's duplicate engine in a worker thread (issue 12): the packed input round-trips exactly, the
 * worker gives exactly what linking here gives, and every way a worker can fail falls back to linking
 * here, with the same result. The worker script is the built build/link-worker.cjs (test/globalSetup.ts builds).
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MatchColumns, linkHere, matchColumns, matchSetup } from '../src/core/checks/duplicateRecord';
import { makeContext } from '../src/core/checks/types';
import { resolveRules } from '../src/core/intake/config';
import { workerLinker } from '../src/cli/linker';
import { packLinkInput, unpackLinkInput } from '../src/cli/linkPacking';
import { MATCH_ROLES } from '../src/core/checks/dedupe/engine';
import { defaultMatchConfig } from '../src/core/checks/dedupe/engine';
import { generateContacts, sampleRules } from '../src/sample/generator';

const script = join(process.cwd(), 'build/link-worker.cjs');
const cfg = defaultMatchConfig('person');

function batch(records: number) {
  const { headers, rows } = generateContacts(records, 11);
  const resolved = resolveRules({ ...sampleRules(), asOf: '2026-03-31' }, headers);
  const ctx = makeContext(resolved.rules, resolved.preset, headers, rows, '2026-03-31');
  const setup = matchSetup(ctx)!;
  return { columns: matchColumns(rows, setup.columns), cfg: setup.cfg, ids: rows.map((r) => r[ctx.idColumn]!) };
}

/** A worker script of our own, to make the worker misbehave. */
function fakeWorker(body: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'crg-worker-')), 'worker.cjs');
  writeFileSync(path, `const { workerData } = require('node:worker_threads');\nconst { port, signal } = workerData;\n${body}\n`);
  return path;
}

describe('packing the engine input for a worker', () => {
  it('round-trips any values exactly, blanks and separators included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }).chain((n) =>
          fc.record({
            ids: fc.array(fc.string(), { minLength: n, maxLength: n }),
            roles: fc.subarray([...MATCH_ROLES], { minLength: 1 }),
            cells: fc.array(fc.option(fc.string({ unit: 'binary' }), { nil: undefined }), { minLength: n * MATCH_ROLES.length, maxLength: n * MATCH_ROLES.length }),
          }),
        ),
        ({ ids, roles, cells }) => {
          const columns: MatchColumns = roles.map((role, k) => ({ role, values: ids.map((_, i) => cells[k * ids.length + i]) }));
          const back = unpackLinkInput(structuredClone(packLinkInput(columns, cfg, ids)));
          expect(back.ids).toEqual(ids);
          expect(back.columns).toEqual(columns);
          expect(back.cfg).toEqual(cfg);
        },
      ),
    );
  });

  it('refuses columns and ids of different lengths, and a corrupt packed text', () => {
    expect(() => packLinkInput([{ role: 'email', values: ['a@b.co'] }], cfg, ['1', '2'])).toThrow('packLinkInput: 2 ids but 1 email values');
    const packed = packLinkInput([{ role: 'email', values: ['a@b.co', undefined] }], cfg, ['1', '2']);
    packed.columns[0]!.text += 'x';
    expect(() => unpackLinkInput(packed)).toThrow('packed link input is corrupt: 1 characters left over');
  });
});

describe('workerLinker', () => {
  const { columns, cfg: setupCfg, ids } = batch(2500);
  const here = linkHere(columns, setupCfg, ids)();

  it('gives exactly what linking here gives', () => {
    const where: string[] = [];
    const linked = workerLinker(script, { minRecords: 0, minCpus: 1, onLinked: (w, why) => where.push(why ? `${w}: ${why}` : w) })(columns, setupCfg, ids)();
    expect(where).toEqual(['worker']);
    expect(linked.groups.length).toBeGreaterThan(10);
    expect(linked).toEqual(here);
  });

  it('gives the same when the worker was booted ahead, and links here when the batch turns out small', () => {
    const where: string[] = [];
    const onLinked = (w: string, why?: string): void => {
      where.push(why ? `${w}: ${why}` : w);
    };
    const booted = workerLinker(script, { minRecords: 0, minCpus: 1, onLinked });
    booted.prestart(1e6);
    booted.prestart(1e6); // twice: still one worker
    expect(booted(columns, setupCfg, ids)()).toEqual(here);
    const tooSmall = workerLinker(script, { minRecords: 1_000_000, minCpus: 1, onLinked });
    tooSmall.prestart(1e6);
    expect(tooSmall(columns, setupCfg, ids)()).toEqual(here);
    const missing = workerLinker(join(tmpdir(), 'no-such-worker.cjs'), { minRecords: 0, minCpus: 1, onLinked });
    missing.prestart(1e6);
    expect(missing(columns, setupCfg, ids)()).toEqual(here);
    expect(where).toEqual(['worker', 'here: small batch', 'here: no worker script']);
  });

  it('with fewer CPUs, links here at any size by default, or from a size given', () => {
    const where: string[] = [];
    const onLinked = (w: string, why?: string): void => {
      where.push(why ? `${w}: ${why}` : w);
    };
    const cpus = availableParallelism();
    const few = workerLinker(script, { minRecords: 0, minCpus: cpus + 1, onLinked });
    few.prestart(100);
    expect(few(columns, setupCfg, ids)()).toEqual(here);
    const large = workerLinker(script, { minRecords: 0, minCpus: cpus + 1, minRecordsFewCpus: ids.length, onLinked });
    large.prestart(ids.length * 250);
    expect(large(columns, setupCfg, ids)()).toEqual(here);
    const some = workerLinker(script, { minRecords: 0, minCpus: cpus + 1, minRecordsFewCpus: ids.length + 1, onLinked });
    expect(some(columns, setupCfg, ids)()).toEqual(here);
    expect(where).toEqual([`here: ${cpus} CPUs`, 'worker', `here: ${cpus} CPUs and under ${ids.length + 1} records`]);
  });

  it('with fewer CPUs, boots no worker ahead whatever the length of the export (and does when a size is given)', async () => {
    const cpus = availableParallelism();
    const dir = mkdtempSync(join(tmpdir(), 'crg-boot-'));
    const marker = join(dir, 'booted');
    const booting = fakeWorker(`require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'booted');`);
    const few = workerLinker(booting, { minCpus: cpus + 1 });
    few.prestart(Number.MAX_SAFE_INTEGER);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(existsSync(marker)).toBe(false);
    // the same with a size given for few CPUs boots it: the check above can see a boot
    const given = workerLinker(booting, { minCpus: cpus + 1, minRecordsFewCpus: 1 });
    given.prestart(Number.MAX_SAFE_INTEGER);
    for (let waited = 0; !existsSync(marker) && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(marker)).toBe(true);
    // a batch under the default 20,000 records links here and lets the booted worker go
    expect(given(columns, setupCfg, ids)()).toEqual(here);
  });

  it('links here below the size where a worker pays, and when the worker script is missing', () => {
    expect(workerLinker(script)(columns, setupCfg, ids)()).toEqual(here);
    expect(workerLinker(join(tmpdir(), 'no-such-worker.cjs'), { minRecords: 0, minCpus: 1 })(columns, setupCfg, ids)()).toEqual(here);
  });

  it('falls back to linking here when the worker fails, never starts or never answers', () => {
    const failing = fakeWorker(`Atomics.store(signal, 0, 1);\nport.postMessage({ error: 'boom' });\nAtomics.store(signal, 0, 2);\nAtomics.notify(signal, 0);\nport.close();`);
    const crashing = fakeWorker(`throw new Error('cannot load');`);
    const silent = fakeWorker(`Atomics.store(signal, 0, 1);\nAtomics.notify(signal, 0);\nsetTimeout(() => {}, 60_000);`);
    const doneWithoutAnswer = fakeWorker(`Atomics.store(signal, 0, 2);\nAtomics.notify(signal, 0);\nport.close();`);
    const where: string[] = [];
    for (const fake of [failing, crashing, silent, doneWithoutAnswer]) {
      const started = Date.now();
      const onLinked = (w: string, why?: string): void => {
        where.push(why ? `${w}: ${why}` : w);
      };
      const linked = workerLinker(fake, { minRecords: 0, minCpus: 1, startDeadlineMs: 300, answerDeadlineMs: () => 600, onLinked })(columns, setupCfg, ids)();
      expect(linked).toEqual(here);
      expect(Date.now() - started).toBeLessThan(20_000);
    }
    expect(where).toEqual(['here: worker failed: boom', 'here: worker did not answer', 'here: worker did not answer', 'here: worker did not answer']);
  });
});

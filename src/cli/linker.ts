/**
 * The CLI's linker (issue 12): the duplicate engine runs in a worker thread while this thread runs the
 * other checks; the review joins it when it builds the duplicate findings. The join is synchronous
 * (Atomics.wait, then receiveMessageOnPort) so the CLI's single code path (core/decisions/gate.ts) stays
 * synchronous, as it must be for Apps Script.
 *
 * A worker never changes a result: small batches, a machine with few CPUs, a missing worker script, a
 * worker that does not start, fails or does not answer in time all fall back to linking in this thread,
 * which gives exactly what the worker would have.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { type MessagePort, MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { type Linker, linkHere } from '../core/checks/duplicateRecord';
import type { LinkResult } from '../core/checks/dedupe/engine';
import { LINK_DONE, type LinkWorkerData, packLinkInput, transferables } from './linkPacking';

/** Fewer records than this link in this thread: starting a worker (tens of ms) would cost more than it saves. */
export const WORKER_MIN_RECORDS = 20_000;
/** With this many CPUs or more, every batch from WORKER_MIN_RECORDS uses the worker. */
export const WORKER_MIN_CPUS = 4;
/**
 * With fewer CPUs, only batches this large: by default none. Measured on a 2-CPU machine (2026-11-27, 15
 * interleaved pairs at 300,000 records): the worker saved 0.27 s of about 8.5 s on average, within the
 * noise (standard error 0.22 s), and at 100,000 nothing (V8's garbage-collection and compiler threads
 * already use the second CPU: a run's CPU time is 1.3 to 1.4 times its wall time), while at 300,000 it
 * held 55 to 66 MB more on a first run and 240 MB more on a re-run (940 against 700 MB, with 1 GB the
 * target). It was used from 200,000 records until then, when it saved about 2 s of 12 there.
 */
export const WORKER_MIN_RECORDS_FEW_CPUS = Number.POSITIVE_INFINITY;
/**
 * Characters per record of a typical export (20 HubSpot columns: about 250), to guess from its length
 * whether it holds enough records to boot the worker ahead; a sparser export only misses the head start.
 */
const CHARS_PER_RECORD = 250;
export interface WorkerLinkerOptions {
  /** Fewer records link here (default WORKER_MIN_RECORDS). */
  minRecords?: number;
  /** With fewer CPUs than this (os.availableParallelism; default WORKER_MIN_CPUS), ... */
  minCpus?: number;
  /** ... fewer records than this link here (default WORKER_MIN_RECORDS_FEW_CPUS). */
  minRecordsFewCpus?: number;
  /** A worker that has not started by then never will (its script failed to load). */
  startDeadlineMs?: number;
  /**
   * A worker that started but has not answered by then died without a word (only running out of memory
   * does that; every error is posted). Generous: the engine takes about 15 µs a record on a slow machine.
   */
  answerDeadlineMs?: (records: number) => number;
  /** Told where each batch was linked, and why not in the worker (tests and diagnostics). */
  onLinked?: (where: 'worker' | 'here', why?: string) => void;
}

/** A worker thread, booted or booting, waiting for its input on `port`. */
interface Spawned {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
  startedAt: number;
}

function spawn(script: string): Spawned | undefined {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  try {
    const data: LinkWorkerData = { port: port2, signal };
    const worker = new Worker(script, { workerData: data, transferList: [port2] });
    // its failures are handled at the join (by linking here); and a run that stops early (bad input, or
    // no duplicate matching at all) does not wait for it
    worker.on('error', () => {});
    worker.unref();
    return { worker, port: port1, signal, startedAt: Date.now() };
  } catch {
    port1.close();
    return undefined;
  }
}

export interface WorkerLinker extends Linker {
  /**
   * Boots the worker now, while the export is parsed, when an export of `exportChars` characters may hold
   * enough records to use it; linking then starts at once when asked.
   */
  prestart(exportChars: number): void;
}

export function workerLinker(script: string, options: WorkerLinkerOptions = {}): WorkerLinker {
  const {
    minRecords = WORKER_MIN_RECORDS,
    minCpus = WORKER_MIN_CPUS,
    minRecordsFewCpus = WORKER_MIN_RECORDS_FEW_CPUS,
    startDeadlineMs = 10_000,
    answerDeadlineMs = (records: number) => 60_000 + records,
    onLinked = () => {},
  } = options;
  const cpus = availableParallelism();
  const threshold = cpus >= minCpus ? minRecords : Math.max(minRecords, minRecordsFewCpus);
  let ready: Spawned | undefined;
  const linker = ((columns, cfg, ids) => {
    const booted = ready;
    ready = undefined;
    const here = (why: string): (() => LinkResult) => {
      onLinked('here', why);
      return linkHere(columns, cfg, ids);
    };
    if (ids.length < threshold || !existsSync(script)) {
      if (booted) void booted.worker.terminate();
      return here(
        ids.length >= threshold ? 'no worker script' : cpus >= minCpus ? 'small batch' : `${cpus} CPUs${Number.isFinite(threshold) ? ` and under ${threshold} records` : ''}`,
      );
    }
    const w = booted ?? spawn(script);
    if (!w) return here('worker did not start');
    try {
      const input = packLinkInput(columns, cfg, ids);
      w.port.postMessage(input, transferables(input));
    } catch {
      void w.worker.terminate();
      w.port.close();
      return here('input could not be sent');
    }
    return (): LinkResult => {
      const answer = waitForAnswer(w.port, w.signal, w.startedAt, startDeadlineMs, answerDeadlineMs(ids.length));
      w.port.close();
      void w.worker.terminate();
      if (answer && 'result' in answer) {
        onLinked('worker');
        return answer.result;
      }
      // not started, failed or silent: link here, which gives the same result (or the same error)
      return here(answer ? `worker failed: ${answer.error}` : 'worker did not answer')();
    };
  }) as WorkerLinker;
  linker.prestart = (exportChars) => {
    if (!ready && exportChars >= threshold * CHARS_PER_RECORD && existsSync(script)) ready = spawn(script);
  };
  return linker;
}

type Answer = { result: LinkResult } | { error: string };

function waitForAnswer(port: MessagePort, signal: Int32Array, startedAt: number, startDeadlineMs: number, deadlineMs: number): Answer | undefined {
  for (;;) {
    const received = receiveMessageOnPort(port);
    if (received) return received.message as Answer;
    const state = Atomics.load(signal, 0);
    const waited = Date.now() - startedAt;
    if (state === 0 && waited > startDeadlineMs) return undefined;
    if (waited > deadlineMs) return undefined;
    if (state === LINK_DONE) {
      // the answer is posted before the signal: read it once more, then give up
      const last = receiveMessageOnPort(port);
      return last ? (last.message as Answer) : undefined;
    }
    Atomics.wait(signal, 0, state, 100);
  }
}

/**
 * The CLI's linker (issue 12): the duplicate engine runs in a worker thread while this thread runs the
 * other checks; the review joins it when it builds the duplicate findings. The join is synchronous
 * (Atomics.wait, then receiveMessageOnPort) so the CLI's single code path (core/decisions/gate.ts) stays
 * synchronous, as it must be for Apps Script.
 *
 * A worker never changes a result: small batches, a missing worker script, a worker that does not
 * start, fails or does not answer in time all fall back to linking in this thread, which gives exactly
 * what the worker would have.
 */
import { existsSync } from 'node:fs';
import { type MessagePort, MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { type Linker, linkHere } from '../core/checks/duplicateRecord';
import type { LinkResult } from '../core/checks/dedupe/engine';
import { LINK_DONE, type LinkWorkerData, packLinkInput, transferables } from './linkPacking';

/** Fewer records than this link in this thread: starting a worker (tens of ms) would cost more than it saves. */
export const WORKER_MIN_RECORDS = 20_000;
export interface WorkerLinkerOptions {
  /** Fewer records link here (default WORKER_MIN_RECORDS). */
  minRecords?: number;
  /** A worker that has not started by then never will (its script failed to load). */
  startDeadlineMs?: number;
  /**
   * A worker that started but has not answered by then died without a word (only running out of memory
   * does that; every error is posted). Generous: the engine takes about 15 µs a record on a slow machine.
   */
  answerDeadlineMs?: (records: number) => number;
}

export function workerLinker(script: string, options: WorkerLinkerOptions = {}): Linker {
  const { minRecords = WORKER_MIN_RECORDS, startDeadlineMs = 10_000, answerDeadlineMs = (records: number) => 60_000 + records } = options;
  return (columns, cfg, ids) => {
    if (ids.length < minRecords || !existsSync(script)) return linkHere(columns, cfg, ids);
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    let worker: Worker;
    try {
      const input = packLinkInput(columns, cfg, ids);
      const data: LinkWorkerData = { input, port: port2, signal };
      worker = new Worker(script, { workerData: data, transferList: [port2, ...transferables(input)] });
      // its failures are handled at the join (by linking here); and a run that stops early (bad input
      // found by another check) does not wait for it
      worker.on('error', () => {});
      worker.unref();
    } catch {
      port1.close();
      return linkHere(columns, cfg, ids);
    }
    const startedAt = Date.now();
    return (): LinkResult => {
      const answer = waitForAnswer(port1, signal, startedAt, startDeadlineMs, answerDeadlineMs(ids.length));
      port1.close();
      void worker.terminate();
      if (answer && 'result' in answer) return answer.result;
      // not started, failed or silent: link here, which gives the same result (or the same error)
      return linkHere(columns, cfg, ids)();
    };
  };
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

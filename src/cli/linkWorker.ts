/**
 * The CLI's duplicate-engine worker (build/link-worker.cjs): boots and says so, then links the packed
 * records that arrive on its port, posts the result back and raises the shared signal so the waiting
 * thread wakes. Any error is
 * posted too (as text), and the main thread then links in its own thread, so a worker never changes
 * what a run produces, only how long it takes.
 */
import { workerData } from 'node:worker_threads';
import { linkMatchColumns } from '../core/checks/duplicateRecord';
import { LINK_DONE, LINK_STARTED, type LinkWorkerData, type PackedLinkInput, unpackLinkInput } from './linkPacking';

const { port, signal } = workerData as LinkWorkerData;
port.once('message', (input: PackedLinkInput) => {
  try {
    const { columns, cfg, ids } = unpackLinkInput(input);
    port.postMessage({ result: linkMatchColumns(columns, cfg, ids) });
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
  Atomics.store(signal, 0, LINK_DONE);
  Atomics.notify(signal, 0);
  port.close();
});
Atomics.store(signal, 0, LINK_STARTED);
Atomics.notify(signal, 0);

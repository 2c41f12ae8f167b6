/**
 * The CLI's duplicate-engine worker (build/link-worker.cjs): links the packed records it is given and
 * posts the result to the port, then raises the shared signal so the waiting thread wakes. Any error is
 * posted too (as text), and the main thread then links in its own thread, so a worker never changes
 * what a run produces, only how long it takes.
 */
import { workerData } from 'node:worker_threads';
import { valuesFromColumns } from '../core/checks/duplicateRecord';
import { linkRecords } from '../core/checks/dedupe/engine';
import { LINK_DONE, LINK_STARTED, type LinkWorkerData, unpackLinkInput } from './linkPacking';

const { input, port, signal } = workerData as LinkWorkerData;
Atomics.store(signal, 0, LINK_STARTED);
Atomics.notify(signal, 0);
try {
  const { columns, cfg, ids } = unpackLinkInput(input);
  port.postMessage({ result: linkRecords(valuesFromColumns(columns, ids.length), cfg, ids) });
} catch (error) {
  port.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
Atomics.store(signal, 0, LINK_DONE);
Atomics.notify(signal, 0);
port.close();

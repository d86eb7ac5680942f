/**
 * The benchmark's central system, off the simulator's heap: a recording central system (recording off)
 * run in a worker thread (in-process, its own V8 heap) or a child process (its own file descriptors, for
 * fleets too large for one process's descriptor limit). It reports its URL to whoever started it.
 */
import { parentPort } from 'node:worker_threads';
import { startRecordingCentralSystem } from '../src/testing/recording-central-system.js';

const cs = await startRecordingCentralSystem({ record: false });
if (parentPort) parentPort.postMessage({ url: cs.url });
else process.send?.({ url: cs.url });

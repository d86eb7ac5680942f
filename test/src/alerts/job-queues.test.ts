/**
 * The admin's job view (`GET /api/v1/jobs`) lists the worker's queues by name, since the API cannot
 * import the worker: starting every worker module and recording the queues it opens keeps the two in step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { workerQueues } from '@pilewatch/api';
import { createMemoryBus, type Bus } from '@pilewatch/bus';
import { openTestStore, type TestStore } from '@pilewatch/store/testing';
import { startWorker } from '@pilewatch/worker';

let store: TestStore;
beforeAll(async () => {
  store = await openTestStore('postgresql');
});
afterAll(() => store?.close());

describe('the job view', () => {
  it('lists every queue the worker’s modules consume, and no other', async () => {
    const bus = createMemoryBus();
    const opened = new Set<string>();
    const recording: Bus = new Proxy(bus, {
      get(target, property, receiver) {
        if (property === 'queue') {
          return (name: string) => {
            opened.add(name);
            return target.queue(name);
          };
        }
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const worker = await startWorker({ config: store.config, db: store.db, bus: recording, log: pino({ level: 'silent' }) });
    try {
      const listed = new Set<string>(workerQueues);
      expect([...opened].filter((q) => !listed.has(q))).toEqual([]);
      // The province link opens its queues only with a partners file (none here).
      expect([...listed].filter((q) => !opened.has(q)).sort()).toEqual(['province-periodic', 'province-push']);
    } finally {
      await worker.stop();
      await bus.close();
    }
  });
});

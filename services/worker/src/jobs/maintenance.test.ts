import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createBus, type Bus } from '@pilewatch/bus';
import { openTestStore, type TestStore } from '@pilewatch/store/testing';
import { startWorker } from '../worker.js';
import { maintenance } from './maintenance.js';

const log = pino({ level: 'silent' });
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each([
  ['in-process bus', undefined],
  ['Redis bus', redisUrl],
])('maintenance module on the %s', (_name, url) => {
  let store: TestStore;
  let bus: Bus;
  beforeAll(async () => {
    store = await openTestStore('postgresql');
    bus = await createBus({ redis: { url } }, { prefix: `pw-test-${randomBytes(4).toString('hex')}` });
  });
  afterAll(async () => {
    await bus?.close();
    await store?.close();
  });

  it('prunes retransmission records older than two days as soon as a worker starts, once', async () => {
    const { pool } = store.db;
    await pool.query(
      `INSERT INTO processed_messages (charger_id, message_id, payload_hash, action, processed_at)
       VALUES ('CP1', 'old', 'h', 'Heartbeat', now() - interval '3 days'),
              ('CP1', 'new', 'h', 'Heartbeat', now() - interval '1 hour')`,
    );
    // Two workers at once: the period's job id makes the job run once, not twice.
    const workers = await Promise.all([1, 2].map(() => startWorker({ config: store.config, db: store.db, bus, log }, [maintenance])));
    try {
      const left = await waitFor(async () => {
        const { rows } = await pool.query<{ message_id: string }>(`SELECT message_id FROM processed_messages ORDER BY 1`);
        return rows.length === 1 ? rows.map((r) => r.message_id) : undefined;
      }, 'the old record to be pruned');
      expect(left).toEqual(['new']);
      const counts = await waitFor(async () => {
        const c = await bus.queue('maintenance').counts();
        return c.active === 0 && c.waiting === 0 ? c : undefined;
      }, 'the queue to drain');
      expect(counts.completed).toBe(1);
      expect(counts.failed).toBe(0);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });
});

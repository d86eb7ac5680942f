/** The live feed's pump and resume, on the in-process bus and a real database (for charger ownership). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus, type Bus } from '@pilewatch/bus';
import { loadConfig } from '@pilewatch/config';
import { addCharger, migrate, openDatabase, upsertOperator, type Database } from '@pilewatch/store';
import { createTestDatabase, type TestDatabase } from '@pilewatch/store/testing';
import type { FastifyBaseLogger } from 'fastify';
import { LiveFeed, type LiveEntry } from './feed.js';
import type { LiveEvent } from './live-event.js';
import { publishLiveEvent } from './publish.js';

let testDb: TestDatabase;
let db: Database;
const log = { error: () => {} } as unknown as FastifyBaseLogger;

beforeAll(async () => {
  testDb = await createTestDatabase('pw_feed');
  const config = loadConfig({ DATABASE_URL: testDb.url });
  db = await openDatabase(config);
  await migrate(db, config);
  await upsertOperator(db, { id: 'op-a', name: 'A' });
  await upsertOperator(db, { id: 'op-b', name: 'B' });
  await addCharger(db, { id: 'CP-A', operatorId: 'op-a' });
  await addCharger(db, { id: 'CP-B', operatorId: 'op-b' });
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const status = (chargerId: string, n: number): LiveEvent => ({
  type: 'status',
  chargerId,
  evseId: 1,
  connectorId: 1,
  status: n % 2 ? 'Charging' : 'Available',
  at: new Date(1_700_000_000_000 + n).toISOString(),
});

function subscriber(filter: (e: LiveEntry) => boolean = () => true) {
  const got: LiveEntry[] = [];
  const waiters: Array<() => void> = [];
  let resets = 0;
  let ended = false;
  return {
    got,
    get resets() {
      return resets;
    },
    get ended() {
      return ended;
    },
    options: {
      accepts: filter,
      deliver: (e: LiveEntry) => {
        got.push(e);
        for (const w of waiters.splice(0)) w();
      },
      reset: () => (resets += 1),
      end: () => (ended = true),
    },
    async until(n: number) {
      while (got.length < n) await new Promise<void>((r) => waiters.push(r));
    },
  };
}

function feedOn(bus: Bus) {
  return new LiveFeed(bus, db, log, { batch: 3 });
}

describe('the live feed', () => {
  it('delivers what is published after a subscriber joins, in stream order, with the owning operator', async () => {
    const bus = createMemoryBus();
    await publishLiveEvent(bus, status('CP-A', 0)); // before anyone listens: not delivered
    const feed = feedOn(bus);
    const s = subscriber();
    await feed.subscribe(s.options);
    for (let n = 1; n <= 7; n++) await publishLiveEvent(bus, status(n % 2 ? 'CP-A' : 'CP-B', n));
    await s.until(7);
    expect(s.got.map((e) => [e.event.chargerId, e.operatorId, (e.event as { at: string }).at.slice(-4)])).toEqual([
      ['CP-A', 'op-a', '001Z'],
      ['CP-B', 'op-b', '002Z'],
      ['CP-A', 'op-a', '003Z'],
      ['CP-B', 'op-b', '004Z'],
      ['CP-A', 'op-a', '005Z'],
      ['CP-B', 'op-b', '006Z'],
      ['CP-A', 'op-a', '007Z'],
    ]);
    await feed.close();
    await bus.close();
  });

  it('hands each subscriber only the entries it accepts', async () => {
    const bus = createMemoryBus();
    const feed = feedOn(bus);
    const opA = subscriber((e) => e.operatorId === 'op-a');
    const all = subscriber();
    await feed.subscribe(opA.options);
    await feed.subscribe(all.options);
    await publishLiveEvent(bus, status('CP-B', 1));
    await publishLiveEvent(bus, status('CP-A', 2));
    await all.until(2);
    await opA.until(1);
    expect(opA.got.map((e) => e.event.chargerId)).toEqual(['CP-A']);
    await feed.close();
    await bus.close();
  });

  it('resumes after an id: replays what was missed, then continues, with no gap and no repeat', async () => {
    const bus = createMemoryBus();
    const feed = feedOn(bus);
    const first = subscriber();
    const unsubscribe = await feed.subscribe(first.options);
    const ids = [await publishLiveEvent(bus, status('CP-A', 1)), await publishLiveEvent(bus, status('CP-A', 2))];
    await first.until(2);
    unsubscribe();
    // Missed while disconnected: more than one replay batch.
    for (let n = 3; n <= 9; n++) ids.push(await publishLiveEvent(bus, status('CP-A', n)));
    const again = subscriber();
    const joining = feed.subscribe({ ...again.options, after: first.got.at(-1)!.id });
    ids.push(await publishLiveEvent(bus, status('CP-A', 10)));
    await joining;
    ids.push(await publishLiveEvent(bus, status('CP-A', 11)));
    // Everything up to the last published entry, each once: a repeat would push the last one further out.
    await again.until(9);
    expect(again.got.map((e) => e.id)).toEqual(ids.slice(2));
    expect(again.resets).toBe(0);
    await feed.close();
    await bus.close();
  });

  it('tells a resuming subscriber when its resume point has been trimmed away', async () => {
    const bus = createMemoryBus({ streamMaxLen: 3 });
    const feed = feedOn(bus);
    const old = await publishLiveEvent(bus, status('CP-A', 1));
    for (let n = 2; n <= 6; n++) await publishLiveEvent(bus, status('CP-A', n));
    const s = subscriber();
    await feed.subscribe({ ...s.options, after: old });
    expect(s.resets).toBe(1);
    expect(s.got.map((e) => (e.event as { at: string }).at.slice(-4))).toEqual(['004Z', '005Z', '006Z']);
    await feed.close();
    await bus.close();
  });

  it('ends every subscriber when it closes', async () => {
    const bus = createMemoryBus();
    const feed = feedOn(bus);
    const s = subscriber();
    await feed.subscribe(s.options);
    expect(feed.size).toBe(1);
    await feed.close();
    expect(s.ended).toBe(true);
    expect(feed.size).toBe(0);
    await bus.close();
  });
});

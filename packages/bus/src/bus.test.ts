/**
 * One specification, two buses: every case runs against the in-process bus and against real Redis.
 * Redis tests fail (never skip) in CI when Redis is down.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { Bus, Job } from './bus.js';
import { createMemoryBus } from './memory-bus.js';
import { createRedisBus } from './redis-bus.js';
import { serveChargerCommands, sendChargerCommand } from './command-routing.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisUp = await new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  .connect()
  .then(
    () => true,
    () => false,
  );
const quiet = { error: () => {} };
const prefixes: string[] = [];

afterAll(async () => {
  if (!redisUp || prefixes.length === 0) return;
  const redis = new Redis(redisUrl);
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  }
  await redis.quit();
});

interface Implementation {
  name: string;
  skip: boolean;
  /** Two handles on one bus: two processes sharing Redis, or the same in-process bus twice. */
  pair(options?: { streamMaxLen?: number }): Promise<[Bus, Bus]>;
}

const implementations: Implementation[] = [
  {
    name: 'in-process',
    skip: false,
    async pair(options = {}) {
      const bus = createMemoryBus({ ...options, log: quiet });
      return [bus, bus];
    },
  },
  {
    name: 'redis',
    skip: !redisUp && process.env.CI !== 'true',
    async pair(options = {}) {
      const prefix = `pw-test-${randomBytes(4).toString('hex')}`;
      prefixes.push(prefix);
      return [
        await createRedisBus(redisUrl, { ...options, prefix, log: quiet }),
        await createRedisBus(redisUrl, { ...options, prefix, log: quiet }),
      ];
    },
  },
];

const opened: Bus[] = [];
afterAll(async () => {
  await Promise.all([...new Set(opened)].map((b) => b.close()));
});

async function buses(impl: Implementation, options?: { streamMaxLen?: number }): Promise<[Bus, Bus]> {
  const pair = await impl.pair(options);
  opened.push(...pair);
  return pair;
}

function collector() {
  const got: unknown[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  return {
    got,
    push(m: unknown) {
      got.push(m);
      for (const w of waiters.filter((w) => got.length >= w.n)) w.resolve();
    },
    until(n: number) {
      return got.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }));
    },
  };
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(implementations)('$name bus', (impl) => {
  describe.skipIf(impl.skip)('live events', () => {
    it('delivers each message to every subscriber, in publish order, as JSON', async () => {
      const [a, b] = await buses(impl);
      const one = collector();
      const two = collector();
      await a.subscribe('status', one.push);
      await b.subscribe('status', two.push);
      await a.publish('status', { n: 1, at: new Date('2025-01-02T03:04:05Z') });
      await b.publish('status', { n: 2 });
      await Promise.all([one.until(2), two.until(2)]);
      expect(one.got).toEqual([{ n: 1, at: '2025-01-02T03:04:05.000Z' }, { n: 2 }]);
      expect(two.got).toEqual(one.got);
    });

    it('stops delivering after unsubscribe and keeps channels apart', async () => {
      const [a] = await buses(impl);
      const kept = collector();
      const dropped = collector();
      const other = collector();
      await a.subscribe('feed', kept.push);
      const stop = await a.subscribe('feed', dropped.push);
      await a.subscribe('elsewhere', other.push);
      await stop();
      await a.publish('feed', 'x');
      await a.publish('feed', 'y');
      await kept.until(2);
      expect(dropped.got).toEqual([]);
      expect(other.got).toEqual([]);
    });

    it('has every subscriber attached once its subscribe resolves, even when they subscribe at once', async () => {
      const [a, b] = await buses(impl);
      const one = collector();
      const two = collector();
      await Promise.all([a.subscribe('together', one.push), a.subscribe('together', two.push)]);
      await b.publish('together', 'hello');
      await Promise.all([one.until(1), two.until(1)]);
      expect([one.got, two.got]).toEqual([['hello'], ['hello']]);
    });

    it('keeps buses with different prefixes apart', async () => {
      const [a] = await buses(impl);
      const [c] = await buses(impl);
      const mine = collector();
      const theirs = collector();
      await a.subscribe('feed', mine.push);
      await c.subscribe('feed', theirs.push);
      await a.publish('feed', 'only a');
      await c.publish('feed', 'only c');
      await Promise.all([mine.until(1), theirs.until(1)]);
      expect(mine.got).toEqual(['only a']);
      expect(theirs.got).toEqual(['only c']);
    });
  });

  describe.skipIf(impl.skip)('command routing', () => {
    it('routes a request to the node that claimed the charger and returns its answer', async () => {
      const [api, node] = await buses(impl);
      await node.serve('node-a', async (request, ctx) => ({ echo: request, chargerId: ctx.chargerId }));
      await node.claim('CP-1', 'node-a', 30);
      expect(await api.holder('CP-1')).toBe('node-a');
      expect(await api.request('CP-1', { reset: 'soft' }, 2000)).toEqual({ echo: { reset: 'soft' }, chargerId: 'CP-1' });
    });

    it('fails with PW_BUS_NO_HOLDER when no node holds the charger, or the holder is gone', async () => {
      const [api, node] = await buses(impl);
      expect(await codeOf(api.request('CP-nobody', {}, 500))).toBe('PW_BUS_NO_HOLDER');
      await node.claim('CP-ghost', 'crashed-node', 30);
      expect(await codeOf(api.request('CP-ghost', {}, 500))).toBe('PW_BUS_NO_HOLDER');
    });

    it("carries the handler's error code back to the requester", async () => {
      const [api, node] = await buses(impl);
      await node.serve('node-b', async () => {
        throw Object.assign(new Error('charger CP-2 is offline'), { code: 'PW_CSMS_CHARGER_OFFLINE' });
      });
      await node.claim('CP-2', 'node-b', 30);
      const err = await api.request('CP-2', {}, 2000).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'RemoteError', code: 'PW_CSMS_CHARGER_OFFLINE', message: 'charger CP-2 is offline' });
    });

    it('times out with PW_BUS_REQUEST_TIMEOUT when the node does not answer', async () => {
      const [api, node] = await buses(impl);
      await node.serve('node-slow', () => new Promise(() => {}));
      await node.claim('CP-3', 'node-slow', 30);
      expect(await codeOf(api.request('CP-3', {}, 100))).toBe('PW_BUS_REQUEST_TIMEOUT');
    });

    it('lets only the holder release a claim, and a newer claim replace an older one', async () => {
      const [bus] = await buses(impl);
      await bus.claim('CP-4', 'node-old', 30);
      await bus.claim('CP-4', 'node-new', 30);
      await bus.release('CP-4', 'node-old');
      expect(await bus.holder('CP-4')).toBe('node-new');
      await bus.release('CP-4', 'node-new');
      expect(await bus.holder('CP-4')).toBeUndefined();
    });

    it('forgets a claim once its time to live has passed', async () => {
      const [bus] = await buses(impl);
      await bus.claim('CP-5', 'node-a', 0.1);
      await pause(200);
      expect(await bus.holder('CP-5')).toBeUndefined();
    });

    it('routes charger commands between sendChargerCommand and serveChargerCommands', async () => {
      const [api, node] = await buses(impl);
      const seen: unknown[] = [];
      await serveChargerCommands(node, 'node-c', async (chargerId, command) => {
        seen.push([chargerId, command]);
        return { status: 'Accepted', accepted: true };
      });
      await node.claim('CP-6', 'node-c', 30);
      const answer = await sendChargerCommand(api, 'CP-6', { kind: 'reset', type: 'soft' }, 2000);
      expect(answer).toEqual({ status: 'Accepted', accepted: true });
      expect(seen).toEqual([['CP-6', { kind: 'reset', type: 'soft' }]]);
    });
  });

  describe.skipIf(impl.skip)('durable event log', () => {
    it('appends with increasing ids and reads after a given id, oldest first, up to a limit', async () => {
      const [a, b] = await buses(impl);
      expect(await a.latestId('live')).toBeUndefined();
      expect(await a.readAfter('live', undefined, 10)).toEqual([]);
      const ids: string[] = [];
      for (let n = 1; n <= 5; n++) ids.push(await (n % 2 ? a : b).append('live', { n }));
      expect([...ids].sort((x, y) => (BigInt(x.replace('-', '')) < BigInt(y.replace('-', '')) ? -1 : 1))).toEqual(ids);
      expect(new Set(ids).size).toBe(5);
      expect(await b.latestId('live')).toBe(ids[4]);
      expect(await b.readAfter('live', undefined, 2)).toEqual([
        { id: ids[0], event: { n: 1 } },
        { id: ids[1], event: { n: 2 } },
      ]);
      expect(await b.readAfter('live', ids[2], 10)).toEqual([
        { id: ids[3], event: { n: 4 } },
        { id: ids[4], event: { n: 5 } },
      ]);
      expect(await b.readAfter('live', ids[4], 10)).toEqual([]);
    });

    it('keeps only the newest entries beyond its length limit', async () => {
      const [bus] = await buses(impl, { streamMaxLen: 3 });
      for (let n = 1; n <= 5; n++) await bus.append('short', n);
      expect((await bus.readAfter('short', undefined, 10)).map((e) => e.event)).toEqual([3, 4, 5]);
    });

    it('refuses a malformed id with PW_BUS_BAD_STREAM_ID', async () => {
      const [bus] = await buses(impl);
      expect(await codeOf(bus.readAfter('live', 'yesterday', 10))).toBe('PW_BUS_BAD_STREAM_ID');
    });
  });

  describe.skipIf(impl.skip)('job queues', () => {
    function events(worker: ReturnType<ReturnType<Bus['queue']>['work']>) {
      const done = collector();
      const failed = collector();
      worker.on('completed', (job, result) => done.push({ job: job.name, result }));
      worker.on('failed', (job, error, willRetry) => failed.push({ attempt: job.attempt, error: error.message, willRetry }));
      return { done, failed };
    }

    it('runs a job and reports its result', async () => {
      const [bus] = await buses(impl);
      const q = bus.queue('reports');
      await q.add('monthly', { month: '2025-01' });
      const worker = q.work(async (job) => ({ built: (job.data as { month: string }).month }));
      const { done } = events(worker);
      await done.until(1);
      await worker.close();
      expect(done.got).toEqual([{ job: 'monthly', result: { built: '2025-01' } }]);
      expect(await q.counts()).toMatchObject({ waiting: 0, active: 0, completed: 1, failed: 0 });
    });

    it('retries a failing job with backoff until it succeeds', async () => {
      const [bus] = await buses(impl);
      const q = bus.queue('push');
      const attempts: number[] = [];
      const worker = q.work(async (job: Job) => {
        attempts.push(job.attempt);
        if (job.attempt < 3) throw new Error(`province down (try ${job.attempt})`);
        return 'sent';
      });
      const { done, failed } = events(worker);
      await q.add('status', { chargerId: 'CP-1' }, { attempts: 3, backoffMs: 10 });
      await done.until(1);
      await worker.close();
      expect(attempts).toEqual([1, 2, 3]);
      expect(failed.got).toEqual([
        { attempt: 1, error: 'province down (try 1)', willRetry: true },
        { attempt: 2, error: 'province down (try 2)', willRetry: true },
      ]);
    });

    it('gives up after the last attempt and counts the job as failed', async () => {
      const [bus] = await buses(impl);
      const q = bus.queue('doomed');
      const worker = q.work(async () => {
        throw new Error('always');
      });
      const { failed } = events(worker);
      await q.add('x', null, { attempts: 2, backoffMs: 5 });
      await failed.until(2);
      await worker.close();
      expect(failed.got.map((f) => (f as { willRetry: boolean }).willRetry)).toEqual([true, false]);
      expect(await q.counts()).toMatchObject({ failed: 1, waiting: 0, delayed: 0 });
    });

    it('ignores a job added again with the id of a kept job', async () => {
      const [bus] = await buses(impl);
      const q = bus.queue('dedupe');
      expect(await q.add('a', 1, { jobId: 'alert-42' })).toBe('alert-42');
      expect(await q.add('a', 2, { jobId: 'alert-42' })).toBe('alert-42');
      const seen: unknown[] = [];
      const worker = q.work(async (job) => seen.push(job.data));
      const { done } = events(worker);
      await done.until(1);
      await q.add('a', 3, { jobId: 'alert-42' });
      await worker.close();
      expect(seen).toEqual([1]);
    });

    it('holds a delayed job until its delay has passed', async () => {
      const [bus] = await buses(impl);
      const q = bus.queue('later');
      await q.add('tick', null, { delayMs: 100 });
      expect(await q.counts()).toMatchObject({ delayed: 1, waiting: 0 });
      const worker = q.work(async () => 'ok');
      const { done } = events(worker);
      await done.until(1);
      await worker.close();
      expect(await q.counts()).toMatchObject({ delayed: 0, completed: 1 });
    });
  });
});

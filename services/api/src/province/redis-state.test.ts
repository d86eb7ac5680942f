/** The T/CEC state shared by API nodes, on the real Redis: two nodes (two connections) see the same thing. */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisReplayGuard } from './redis-replay-guard.js';
import { createRedisTokenStore } from './redis-token-store.js';

const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `pw-test-${randomBytes(4).toString('hex')}:`;
let nodeA: Redis;
let nodeB: Redis;

beforeAll(async () => {
  nodeA = new Redis(url);
  nodeB = new Redis(url);
});
afterAll(async () => {
  const keys = await nodeA.keys(`${prefix}*`);
  if (keys.length) await nodeA.del(...keys);
  await nodeA.quit();
  await nodeB.quit();
});

describe('the Redis replay guard', () => {
  it('accepts a request once across nodes, and forgets it when it expires', async () => {
    const a = createRedisReplayGuard(nodeA, `${prefix}replay:`);
    const b = createRedisReplayGuard(nodeB, `${prefix}replay:`);
    const now = new Date();
    const key = 'PROVINCE1:20250301080000:0001';
    const [first, second] = await Promise.all([a.firstSeen(key, new Date(Date.now() + 200), now), b.firstSeen(key, new Date(Date.now() + 200), now)]);
    expect([first, second].sort()).toEqual([false, true]);
    expect(await nodeA.pttl(`${prefix}replay:${key}`)).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 250));
    expect(await a.firstSeen(key, new Date(Date.now() + 60_000), new Date())).toBe(true);
  });
});

describe('the Redis token store', () => {
  it('finds a token saved by another node, until it expires; the key is the token’s hash, not the token', async () => {
    const a = createRedisTokenStore(nodeA, `${prefix}token:`);
    const b = createRedisTokenStore(nodeB, `${prefix}token:`);
    const token = randomBytes(32).toString('hex');
    await a.save(token, 'PROVINCE1', new Date(Date.now() + 300), new Date());
    expect(await b.lookup(token, new Date())).toBe('PROVINCE1');
    expect(await b.lookup('not-a-token', new Date())).toBeUndefined();
    const keys = await nodeA.keys(`${prefix}token:*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain(token);
    await new Promise((r) => setTimeout(r, 350));
    expect(await b.lookup(token, new Date())).toBeUndefined();
  });
});

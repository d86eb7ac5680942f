/** Picks the bus for the configuration: Redis when `REDIS_URL` is set, in-process otherwise. */
import type { Bus, BusOptions } from './bus.js';
import { createMemoryBus } from './memory-bus.js';
import { createRedisBus } from './redis-bus.js';

/** Takes the `redis` part of `@pilewatch/config`'s `Config` (typed structurally: the bus needs nothing else). */
export async function createBus(config: { redis: { url: string | undefined } }, options: BusOptions = {}): Promise<Bus> {
  return config.redis.url ? createRedisBus(config.redis.url, options) : createMemoryBus(options);
}

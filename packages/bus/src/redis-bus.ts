/**
 * The bus on Redis: pub/sub for live events and routed requests, keys with a TTL for which node holds
 * which charger, Streams for the durable log, BullMQ for jobs. All keys and channels carry the prefix.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  consoleLog,
  defaultStreamMaxLen,
  type Bus,
  type BusOptions,
  type RequestHandler,
  type StreamEntry,
  type Unsubscribe,
} from './bus.js';
import { BusError, checkName, remoteError, serializeError, type SerializedError } from './errors.js';
import { RedisJobQueue } from './redis-queue.js';
import { parseStreamId } from './stream-ids.js';

interface RoutedRequest {
  id: string;
  replyTo: string;
  chargerId: string;
  request: unknown;
}

type Reply = { id: string; ok: true; result: unknown } | { id: string; ok: false; error: SerializedError };

// Delete the claim only if it is still ours: a charger that reconnected to another node keeps that node's claim.
const releaseScript = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

export async function createRedisBus(url: string, options: BusOptions = {}): Promise<Bus> {
  const prefix = options.prefix ?? 'pw';
  const log = options.log ?? consoleLog;
  const maxLen = options.streamMaxLen ?? defaultStreamMaxLen;
  const key = (...parts: string[]) => [prefix, ...parts].join(':');

  // Commands fail after a couple of reconnect attempts instead of queueing forever while Redis is down.
  const commands = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: true });
  // A subscribed connection can do nothing else; BullMQ needs `maxRetriesPerRequest: null` for its own.
  const subscriber = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: true });
  const jobs = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
  for (const [name, client] of Object.entries({ commands, subscriber, jobs })) {
    client.on('error', (err) => log.error({ err, connection: name }, 'redis connection error'));
  }
  try {
    await Promise.all([commands.connect(), subscriber.connect(), jobs.connect()]);
  } catch (err) {
    commands.disconnect();
    subscriber.disconnect();
    jobs.disconnect();
    throw err;
  }

  const handlers = new Map<string, Set<(message: unknown) => void>>();
  subscriber.on('message', (channel: string, text: string) => {
    const set = handlers.get(channel);
    if (!set) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (err) {
      log.error({ err, channel }, 'bus message is not JSON');
      return;
    }
    for (const handler of [...set]) {
      try {
        handler(message);
      } catch (err) {
        log.error({ err, channel }, 'bus subscriber failed');
      }
    }
  });

  // Per channel, the SUBSCRIBE in flight or done: a second listener on a channel waits for it too.
  const subscribed = new Map<string, Promise<unknown>>();
  async function listen(channel: string, handler: (message: unknown) => void): Promise<Unsubscribe> {
    let set = handlers.get(channel);
    if (!set) {
      handlers.set(channel, (set = new Set()));
      subscribed.set(channel, subscriber.subscribe(channel));
    }
    const own = (m: unknown) => handler(m);
    set.add(own);
    try {
      await subscribed.get(channel);
    } catch (err) {
      set.delete(own);
      if (set.size === 0 && handlers.get(channel) === set) {
        handlers.delete(channel);
        subscribed.delete(channel);
      }
      throw err;
    }
    return async () => {
      set.delete(own);
      if (set.size === 0 && handlers.get(channel) === set) {
        handlers.delete(channel);
        subscribed.delete(channel);
        if (!closed) await subscriber.unsubscribe(channel);
      }
    };
  }

  // Replies to this bus's requests come back on one channel, matched by request id.
  const busId = randomUUID();
  const replyChannel = key('reply', busId);
  const pending = new Map<string, { resolve(v: unknown): void; reject(e: Error): void }>();
  let replies: Promise<Unsubscribe> | undefined;
  const ensureReplies = () =>
    (replies ??= listen(replyChannel, (message) => {
      const reply = message as Reply;
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(remoteError(reply.error));
    }).catch((err: unknown) => {
      replies = undefined;
      throw err;
    }));

  const served = new Set<string>();
  const queues = new Map<string, RedisJobQueue>();
  let closed = false;
  const open = () => {
    if (closed) throw new BusError('PW_BUS_CLOSED', 'the bus is closed');
  };

  return {
    kind: 'redis',

    async publish(channel, message) {
      open();
      await commands.publish(key('ch', channel), JSON.stringify(message ?? null));
    },

    async subscribe(channel, handler) {
      open();
      return listen(key('ch', channel), handler);
    },

    async serve(nodeId, handler: RequestHandler) {
      open();
      checkName('node', nodeId);
      if (served.has(nodeId)) throw new BusError('PW_BUS_ALREADY_SERVING', `node ${nodeId} is already served`);
      served.add(nodeId);
      const stop = await listen(key('node', nodeId), (message) => {
        const { id, replyTo, chargerId, request } = message as RoutedRequest;
        Promise.resolve()
          .then(() => handler(request, { chargerId }))
          .then(
            (result): Reply => ({ id, ok: true, result: result ?? null }),
            (err: unknown): Reply => ({ id, ok: false, error: serializeError(err) }),
          )
          .then((reply) => commands.publish(replyTo, JSON.stringify(reply)))
          .catch((err: unknown) => log.error({ err, nodeId, chargerId }, 'could not answer a routed request'));
      });
      return async () => {
        served.delete(nodeId);
        await stop();
      };
    },

    async claim(chargerId, nodeId, ttlS) {
      open();
      await commands.set(key('holder', chargerId), nodeId, 'PX', Math.max(1, Math.round(ttlS * 1000)));
    },

    async release(chargerId, nodeId) {
      open();
      await commands.eval(releaseScript, 1, key('holder', chargerId), nodeId);
    },

    async holder(chargerId) {
      open();
      return (await commands.get(key('holder', chargerId))) ?? undefined;
    },

    async request(chargerId, request, timeoutMs) {
      open();
      const nodeId = await commands.get(key('holder', chargerId));
      const noHolder = () =>
        new BusError('PW_BUS_NO_HOLDER', `charger ${chargerId} is not held by any node`, { chargerId });
      if (!nodeId) throw noHolder();
      await ensureReplies();
      const id = randomUUID();
      const answer = new Promise<unknown>((resolve, reject) => pending.set(id, { resolve, reject }));
      const routed: RoutedRequest = { id, replyTo: replyChannel, chargerId, request };
      const receivers = await commands.publish(key('node', nodeId), JSON.stringify(routed));
      if (receivers === 0) {
        // The claim outlived its node (crashed before releasing): nobody can reach the charger.
        pending.delete(id);
        throw noHolder();
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          pending.delete(id);
          reject(
            new BusError('PW_BUS_REQUEST_TIMEOUT', `node ${nodeId} did not answer for ${chargerId} in ${timeoutMs} ms`, {
              chargerId,
              nodeId,
            }),
          );
        }, timeoutMs);
      });
      try {
        return await Promise.race([answer, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },

    async append(stream, event) {
      open();
      // Exact trimming: one eviction per append at steady state is cheap, and the bound is the same as in-process.
      const id = await commands.xadd(key('stream', stream), 'MAXLEN', String(maxLen), '*', 'e', JSON.stringify(event ?? null));
      return id!;
    },

    async readAfter(stream, afterId, limit): Promise<StreamEntry[]> {
      open();
      if (afterId !== undefined) parseStreamId(afterId);
      const rows = await commands.xrange(
        key('stream', stream),
        afterId === undefined ? '-' : `(${afterId}`,
        '+',
        'COUNT',
        Math.max(1, limit),
      );
      return rows.map(([id, fields]) => ({ id, event: JSON.parse(fields[1] ?? 'null') }));
    },

    async latestId(stream) {
      open();
      const rows = await commands.xrevrange(key('stream', stream), '+', '-', 'COUNT', 1);
      return rows[0]?.[0];
    },

    queue(name) {
      open();
      let q = queues.get(name);
      if (!q) queues.set(name, (q = new RedisJobQueue(name, jobs, prefix, log)));
      return q;
    },

    async ping() {
      open();
      await commands.ping();
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const waiter of pending.values()) waiter.reject(new BusError('PW_BUS_CLOSED', 'the bus closed before the answer came'));
      pending.clear();
      await Promise.all([...queues.values()].map((q) => q.close()));
      await Promise.all([commands.quit(), subscriber.quit(), jobs.quit()]);
    },
  };
}

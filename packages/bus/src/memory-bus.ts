/** The bus inside one process: the embedded mode, where csms, api and worker share a process. */
import {
  defaultStreamMaxLen,
  jsonRoundTrip,
  consoleLog,
  type Bus,
  type BusOptions,
  type JobQueue,
  type RequestHandler,
  type StreamEntry,
  type Unsubscribe,
} from './bus.js';
import { BusError, checkName, remoteError, serializeError } from './errors.js';
import { MemoryJobQueue } from './memory-queue.js';
import { compareStreamIds, nextStreamId, parseStreamId } from './stream-ids.js';

export function createMemoryBus(options: BusOptions = {}): Bus {
  const log = options.log ?? consoleLog;
  const maxLen = options.streamMaxLen ?? defaultStreamMaxLen;
  const channels = new Map<string, Set<(message: unknown) => void>>();
  const nodes = new Map<string, RequestHandler>();
  const claims = new Map<string, { nodeId: string; expiresAt: number }>();
  const streams = new Map<string, StreamEntry[]>();
  const queues = new Map<string, MemoryJobQueue>();
  let closed = false;

  const open = () => {
    if (closed) throw new BusError('PW_BUS_CLOSED', 'the bus is closed');
  };

  const holderOf = (chargerId: string): string | undefined => {
    const claim = claims.get(chargerId);
    if (!claim) return undefined;
    if (claim.expiresAt <= Date.now()) {
      claims.delete(chargerId);
      return undefined;
    }
    return claim.nodeId;
  };

  return {
    kind: 'memory',

    async publish(channel, message) {
      open();
      const payload = jsonRoundTrip(message);
      const handlers = [...(channels.get(channel) ?? [])];
      // Delivered after publish returns, as over Redis, so a handler that publishes cannot re-enter.
      queueMicrotask(() => {
        for (const handler of handlers) {
          try {
            handler(jsonRoundTrip(payload));
          } catch (err) {
            log.error({ err, channel }, 'bus subscriber failed');
          }
        }
      });
    },

    async subscribe(channel, handler): Promise<Unsubscribe> {
      open();
      let set = channels.get(channel);
      if (!set) channels.set(channel, (set = new Set()));
      const own = (m: unknown) => handler(m);
      set.add(own);
      return async () => {
        set.delete(own);
        if (set.size === 0 && channels.get(channel) === set) channels.delete(channel);
      };
    },

    async serve(nodeId, handler) {
      open();
      checkName('node', nodeId);
      if (nodes.has(nodeId)) throw new BusError('PW_BUS_ALREADY_SERVING', `node ${nodeId} is already served`);
      nodes.set(nodeId, handler);
      return async () => {
        if (nodes.get(nodeId) === handler) nodes.delete(nodeId);
      };
    },

    async claim(chargerId, nodeId, ttlS) {
      open();
      claims.set(chargerId, { nodeId, expiresAt: Date.now() + ttlS * 1000 });
    },

    async release(chargerId, nodeId) {
      if (holderOf(chargerId) === nodeId) claims.delete(chargerId);
    },

    async holder(chargerId) {
      return holderOf(chargerId);
    },

    async request(chargerId, request, timeoutMs) {
      open();
      const nodeId = holderOf(chargerId);
      const handler = nodeId === undefined ? undefined : nodes.get(nodeId);
      if (!handler) {
        throw new BusError('PW_BUS_NO_HOLDER', `charger ${chargerId} is not held by any node`, { chargerId });
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new BusError('PW_BUS_REQUEST_TIMEOUT', `node ${nodeId} did not answer for ${chargerId} in ${timeoutMs} ms`, {
                chargerId,
                nodeId,
              }),
            ),
          timeoutMs,
        );
      });
      const answer = Promise.resolve()
        .then(() => handler(jsonRoundTrip(request), { chargerId }))
        .then(jsonRoundTrip, (err: unknown) => {
          throw remoteError(serializeError(err));
        });
      try {
        return await Promise.race([answer, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },

    async append(stream, event) {
      open();
      let entries = streams.get(stream);
      if (!entries) streams.set(stream, (entries = []));
      const id = nextStreamId(entries.at(-1)?.id, Date.now());
      entries.push({ id, event: jsonRoundTrip(event) });
      if (entries.length > maxLen) entries.splice(0, entries.length - maxLen);
      return id;
    },

    async readAfter(stream, afterId, limit) {
      if (afterId !== undefined) parseStreamId(afterId);
      const entries = streams.get(stream) ?? [];
      const start = afterId === undefined ? 0 : entries.findIndex((e) => compareStreamIds(e.id, afterId) > 0);
      if (start < 0) return [];
      return entries.slice(start, start + limit).map((e) => ({ id: e.id, event: jsonRoundTrip(e.event) }));
    },

    async latestId(stream) {
      return streams.get(stream)?.at(-1)?.id;
    },

    queue(name): JobQueue {
      open();
      let q = queues.get(name);
      if (!q) queues.set(name, (q = new MemoryJobQueue(name)));
      return q;
    },

    async ping() {
      open();
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...queues.values()].map((q) => q.close()));
      channels.clear();
      nodes.clear();
    },
  };
}

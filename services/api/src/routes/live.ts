/**
 * The live feed as Server-Sent Events: status, connectivity and fault events (and alerts once the worker
 * raises them), filtered to what the caller may see. Each event's `id` is its resume point: a client that
 * reconnects with `Last-Event-ID` gets everything it missed, then the live flow.
 */
import { z } from 'zod';
import { isStreamId } from '@pilewatch/bus';
import { readers } from '../auth/roles.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../http/route.js';
import { chargerIdentity } from '../http/schemas.js';
import type { LiveEntry } from '../live/feed.js';
import { liveEventTypes, type LiveEventType } from '../live/live-event.js';
import { sseFrame, sseKeepAlive, sseRetry } from '../live/sse.js';

const eventTypes = z
  .string()
  .transform((v) => v.split(',').map((t) => t.trim()))
  .refine((list) => list.every((t) => (liveEventTypes as readonly string[]).includes(t)), {
    message: `must be a comma-separated list of ${liveEventTypes.join(', ')}`,
  })
  .transform((list) => new Set(list as LiveEventType[]));

const resumeId = z.string().refine(isStreamId, 'must be an event id this feed sent (<ms>-<seq>)');

export const liveRoutes = [
  defineRoute({
    id: 'live',
    method: 'GET',
    url: '/api/v1/live',
    roles: readers,
    tag: 'live',
    summary: 'Live feed (Server-Sent Events) of status, connectivity and fault events',
    description:
      'Each message has `id` (resume point), `event` (status | connectivity | fault | alert) and JSON `data`. ' +
      'Reconnect with the `Last-Event-ID` header (browsers do this themselves) or `?lastEventId=` to receive what ' +
      'was missed. `event: ready` follows once the stream is attached (after any replay). An `event: reset` means ' +
      'the resume point is older than the kept history: reload the status.',
    eventStream: true,
    query: z.strictObject({
      types: eventTypes.optional().describe(`comma-separated subset of ${liveEventTypes.join(', ')}`),
      chargerId: chargerIdentity.optional(),
      lastEventId: resumeId.optional().describe('resume point when the Last-Event-ID header cannot be set'),
    }),
    handle: async ({ deps, principal, request, reply, query }) => {
      const header = request.headers['last-event-id'];
      const fromHeader = Array.isArray(header) ? header[0] : header;
      if (fromHeader !== undefined && fromHeader !== '' && !isStreamId(fromHeader)) {
        throw new ApiError('PW_API_VALIDATION', 'headers.last-event-id: must be an event id this feed sent (<ms>-<seq>)');
      }
      const after = fromHeader || query.lastEventId;
      const own = principal.role === 'operator' ? principal.operatorId : undefined;
      const accepts = (entry: LiveEntry) =>
        (own === undefined || entry.operatorId === own) &&
        (!query.types || query.types.has(entry.event.type)) &&
        (!query.chargerId || entry.event.chargerId === query.chargerId);

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // Tells nginx-style proxies not to buffer the stream.
        'x-accel-buffering': 'no',
      });
      res.write(sseRetry(2000));
      const keepAlive = setInterval(() => res.write(sseKeepAlive), deps.settings.liveKeepAliveMs);
      let unsubscribe: (() => void) | undefined;
      let closed = false;
      const finish = () => {
        if (closed) return;
        closed = true;
        clearInterval(keepAlive);
        unsubscribe?.();
        if (!res.writableEnded) res.end();
      };
      // The response (not the request, which has long been read) closes when the client goes away.
      res.on('close', finish);
      try {
        unsubscribe = await deps.live.subscribe({
          accepts,
          deliver: (entry) => res.write(sseFrame({ id: entry.id, event: entry.event.type, data: entry.event })),
          reset: () => res.write(sseFrame({ event: 'reset', data: { reason: 'the resume point is older than the kept history' } })),
          end: finish,
          ...(after ? { after } : {}),
        });
        if (closed) unsubscribe();
        // From here on nothing is missed: a client (or a test) can act knowing the stream is attached.
        else res.write(sseFrame({ event: 'ready', data: { resumedAfter: after ?? null } }));
      } catch (err) {
        deps.log.error({ err }, 'live feed subscription failed');
        res.write(sseFrame({ event: 'error', data: { code: 'PW_API_INTERNAL', message: 'the live feed is unavailable; reconnect later' } }));
        finish();
      }
      return undefined;
    },
  }),
];

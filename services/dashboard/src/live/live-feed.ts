/**
 * The page's one connection to the live feed (`GET /api/v1/live`): reconnects with a growing pause and
 * resumes after the last event it saw (`Last-Event-ID`), so nothing is missed across a network blip.
 * Views subscribe to events; the header shows whether the feed is live.
 */
import { createSseParser } from './sse.js';

export type FeedState = 'connecting' | 'live' | 'offline';

export interface LiveEvent {
  type: 'status' | 'connectivity' | 'fault' | 'alert';
  chargerId: string;
  [field: string]: unknown;
}

export interface LiveFeed {
  readonly state: FeedState;
  /** Every event from here on; the returned function unsubscribes. */
  on(listener: (event: LiveEvent) => void): () => void;
  onState(listener: (state: FeedState) => void): () => void;
  /** Called when the server says events were lost (resume point too old): views should reload. */
  onReset(listener: () => void): () => void;
  close(): void;
}

export function openLiveFeed(token: string, base = ''): LiveFeed {
  const listeners = new Set<(e: LiveEvent) => void>();
  const stateListeners = new Set<(s: FeedState) => void>();
  const resetListeners = new Set<() => void>();
  let state: FeedState = 'connecting';
  let lastId: string | undefined;
  let closed = false;
  let abort: AbortController | undefined;
  let retryMs = 1000;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const setState = (s: FeedState) => {
    if (s === state) return;
    state = s;
    for (const l of stateListeners) l(s);
  };

  const connect = async () => {
    abort = new AbortController();
    setState('connecting');
    try {
      const res = await fetch(`${base}/api/v1/live`, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) },
        signal: abort.signal,
        cache: 'no-store',
      });
      if (!res.ok || !res.body) throw new Error(`live feed answered ${res.status}`);
      const parser = createSseParser((frame) => {
        if (frame.id) lastId = frame.id;
        if (frame.event === 'ready') {
          retryMs = 1000;
          setState('live');
          return;
        }
        if (frame.event === 'reset') {
          for (const l of resetListeners) l();
          return;
        }
        if (frame.event === 'error') return;
        let event: LiveEvent;
        try {
          event = JSON.parse(frame.data) as LiveEvent;
        } catch {
          return;
        }
        for (const l of listeners) l(event);
      });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(value);
      }
    } catch {
      // Closed by us, refused, or the network went: reconnect below unless we are closing.
    }
    if (closed) return;
    setState('offline');
    timer = setTimeout(() => void connect(), retryMs);
    retryMs = Math.min(retryMs * 2, 30_000);
  };
  void connect();

  return {
    get state() {
      return state;
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onReset(listener) {
      resetListeners.add(listener);
      return () => resetListeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(timer);
      abort?.abort();
    },
  };
}

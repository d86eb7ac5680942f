/**
 * The live feed of one API process. A single pump follows the bus's durable `live` stream — woken by a
 * publish, reading everything after its cursor, so delivery is in stream order with nothing skipped even
 * when several csms nodes append at once — and hands each entry to the local subscribers allowed to see it.
 *
 * A subscriber that resumes (SSE `Last-Event-ID`) first buffers live entries, replays the stream after its
 * id, then flushes the buffer past what the replay covered: the join has no gap and no duplicate.
 */
import { compareStreamIds, type Bus, type StreamEntry, type Unsubscribe } from '@pilewatch/bus';
import { chargerOperators, type ReadDb } from '@pilewatch/store';
import type { FastifyBaseLogger } from 'fastify';
import type { LiveEvent } from './live-event.js';
import { liveChannel, liveStream } from './publish.js';

export interface LiveEntry {
  id: string;
  event: LiveEvent;
  /** Operator owning the event's charger (null: no operator), resolved when the entry is delivered. */
  operatorId: string | null;
}

export interface SubscribeOptions {
  /** Whether this subscriber may and wants to see the entry. */
  accepts(entry: LiveEntry): boolean;
  deliver(entry: LiveEntry): void;
  /** Called once when the stream may have lost entries the subscriber had not seen (the resume point was trimmed). */
  reset?(): void;
  /** Closes the subscriber's connection when the feed shuts down. */
  end(): void;
  /** Resume after this stream id (SSE Last-Event-ID); undefined: only new entries. */
  after?: string;
}

interface Subscriber {
  options: SubscribeOptions;
  /** Entries the pump saw while this subscriber was still replaying; undefined once it is live. */
  buffer: LiveEntry[] | undefined;
}

export interface LiveFeedOptions {
  /** Entries read per stream round trip. */
  batch?: number;
  onSubscribers?(count: number): void;
}

export class LiveFeed {
  private readonly subscribers = new Set<Subscriber>();
  private readonly batch: number;
  private cursor: string | undefined;
  private started: Promise<void> | undefined;
  private stopListening: Unsubscribe | undefined;
  private draining: Promise<void> | undefined;
  /** The cursor has been placed: before that a drain would replay the whole stream. */
  private ready = false;
  private again = false;
  private closed = false;

  constructor(
    private readonly bus: Bus,
    private readonly db: ReadDb,
    private readonly log: FastifyBaseLogger,
    private readonly options: LiveFeedOptions = {},
  ) {
    this.batch = options.batch ?? 200;
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Starts following the stream from its current end (idempotent; the first subscriber calls it). */
  start(): Promise<void> {
    this.started ??= (async () => {
      this.stopListening ??= await this.bus.subscribe(liveChannel, () => this.wake());
      // Subscribe first, then take the end: an append between the two is read by the first drain.
      this.cursor = await this.bus.latestId(liveStream);
      this.ready = true;
      this.wake();
    })().catch((err: unknown) => {
      // Not started: the next subscriber tries again (the bus may be back by then).
      this.started = undefined;
      throw err;
    });
    return this.started;
  }

  async subscribe(options: SubscribeOptions): Promise<() => void> {
    await this.start();
    const subscriber: Subscriber = { options, buffer: options.after === undefined ? undefined : [] };
    this.subscribers.add(subscriber);
    this.options.onSubscribers?.(this.subscribers.size);
    const unsubscribe = () => {
      if (this.subscribers.delete(subscriber)) this.options.onSubscribers?.(this.subscribers.size);
    };
    if (options.after !== undefined) {
      try {
        await this.replay(subscriber, options.after);
      } catch (err) {
        unsubscribe();
        throw err;
      }
    }
    return unsubscribe;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stopListening?.();
    for (const s of this.subscribers) s.options.end();
    this.subscribers.clear();
    this.options.onSubscribers?.(0);
    await this.draining;
  }

  private async replay(subscriber: Subscriber, after: string): Promise<void> {
    const [oldest] = await this.bus.readAfter(liveStream, undefined, 1);
    // Ids are only ever trimmed from the front: a resume point older than the oldest kept entry was trimmed.
    if (oldest && compareStreamIds(after, oldest.id) < 0) subscriber.options.reset?.();
    let last = after;
    for (;;) {
      const entries = await this.resolve(await this.bus.readAfter(liveStream, last, this.batch));
      if (entries.length === 0) break;
      for (const entry of entries) send(subscriber, entry);
      last = entries.at(-1)!.id;
    }
    const buffered = subscriber.buffer ?? [];
    subscriber.buffer = undefined;
    for (const entry of buffered) if (compareStreamIds(entry.id, last) > 0) send(subscriber, entry);
  }

  private wake(): void {
    if (this.closed || !this.ready) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const entries = await this.resolve(await this.bus.readAfter(liveStream, this.cursor, this.batch));
        if (entries.length === 0 || this.closed) return;
        for (const entry of entries) {
          for (const s of this.subscribers) {
            if (s.buffer) s.buffer.push(entry);
            else send(s, entry);
          }
        }
        this.cursor = entries.at(-1)!.id;
      }
    } catch (err) {
      // The cursor did not move: the next wake-up retries from the same place.
      this.log.error({ err }, 'live feed could not read the event stream');
    }
  }

  /** Adds each entry's operator, with one query per batch. */
  private async resolve(entries: StreamEntry[]): Promise<LiveEntry[]> {
    if (entries.length === 0) return [];
    const events = entries.map((e) => ({ id: e.id, event: e.event as LiveEvent }));
    const owners = await chargerOperators(this.db, [...new Set(events.map((e) => e.event.chargerId))]);
    return events.map((e) => ({ ...e, operatorId: owners.get(e.event.chargerId) ?? null }));
  }
}

function send(subscriber: Subscriber, entry: LiveEntry): void {
  if (subscriber.options.accepts(entry)) subscriber.options.deliver(entry);
}

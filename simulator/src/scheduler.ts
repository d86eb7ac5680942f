/**
 * One timer for the whole fleet. Every charger's next heartbeat, meter sample, arrival, fault or reconnect
 * is an entry in a binary heap ordered by simulated time, and a single wall-clock timeout waits for the
 * earliest. Ten thousand chargers therefore cost ten thousand heap entries, not ten thousand Node timers,
 * and entries due within a few milliseconds of each other run in one tick.
 *
 * Each callback receives the simulated instant it was scheduled for, and chargers stamp their messages
 * with it rather than with "now": a message's timestamp depends on the seed, not on how busy the machine
 * was when the tick ran.
 */
import type { SimClock } from './clock.js';

export interface Timer {
  readonly at: number;
  cancelled: boolean;
}

interface Entry extends Timer {
  seq: number;
  fn: (at: number) => void;
}

export interface SchedulerOptions {
  /** Entries due within this many wall-clock ms of the earliest run in the same tick; default 5. */
  coalesceMs?: number;
  /** Called with any error a callback throws (the tick carries on with the next entry). */
  onError?: (err: unknown) => void;
}

const MAX_TIMEOUT = 2 ** 31 - 1;
/** Entries run per tick before yielding to I/O, so a backlog never starves the sockets. */
const MAX_PER_TICK = 20_000;

export class Scheduler {
  private readonly heap: Entry[] = [];
  private seq = 0;
  private timeout: NodeJS.Timeout | undefined;
  private armedFor = Infinity;
  private stopped = false;
  private ticking = false;
  private readonly coalesceMs: number;

  constructor(
    readonly clock: SimClock,
    private readonly opts: SchedulerOptions = {},
  ) {
    this.coalesceMs = opts.coalesceMs ?? 5;
  }

  get size(): number {
    return this.heap.length;
  }

  /** Runs `fn` at simulated instant `at` (immediately on the next tick if that is already past). */
  at(at: number, fn: (at: number) => void): Timer {
    const entry: Entry = { at, seq: this.seq++, fn, cancelled: false };
    this.push(entry);
    if (!this.ticking && at < this.armedFor) this.arm();
    return entry;
  }

  /** Runs `fn` after `delayMs` simulated milliseconds from `from` (default: the clock's now). */
  after(delayMs: number, fn: (at: number) => void, from = this.clock.now()): Timer {
    return this.at(from + Math.max(0, delayMs), fn);
  }

  cancel(timer: Timer | undefined): void {
    if (timer) timer.cancelled = true;
  }

  stop(): void {
    this.stopped = true;
    if (this.timeout) clearTimeout(this.timeout);
    this.timeout = undefined;
    this.heap.length = 0;
  }

  private arm(): void {
    if (this.stopped) return;
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
    const head = this.heap[0];
    if (this.timeout) clearTimeout(this.timeout);
    this.timeout = undefined;
    this.armedFor = Infinity;
    if (!head) return;
    this.armedFor = head.at;
    const delay = Math.min(MAX_TIMEOUT, Math.ceil(this.clock.wallDelayUntil(head.at)));
    this.timeout = setTimeout(() => this.tick(), delay);
  }

  private tick(): void {
    this.timeout = undefined;
    this.armedFor = Infinity;
    const horizon = this.clock.now() + this.clock.fromReal(this.coalesceMs);
    let ran = 0;
    this.ticking = true;
    while (!this.stopped && this.heap.length > 0 && this.heap[0]!.at <= horizon && ran < MAX_PER_TICK) {
      const entry = this.pop()!;
      if (entry.cancelled) continue;
      entry.cancelled = true; // a handle to a timer that has run reads as no longer pending
      ran++;
      try {
        entry.fn(entry.at);
      } catch (err) {
        this.opts.onError?.(err);
      }
    }
    this.ticking = false;
    if (ran >= MAX_PER_TICK) {
      setImmediate(() => this.tick());
      this.armedFor = -Infinity;
    } else this.arm();
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/**
 * Simulated time. The fleet lives on one clock that starts at a chosen instant and runs `speed` times as
 * fast as the wall clock (speed 144 = a day in ten minutes). Protocol timers that the central system
 * measures in real seconds (heartbeats, boot retries, reconnect backoff) are converted with `fromReal`.
 */

export interface SimClockOptions {
  /** Simulated instant at which the clock starts (epoch ms); default the wall clock's now. */
  start?: number;
  /** Simulated seconds per wall-clock second; default 1. */
  speed?: number;
  /** Wall clock in epoch ms; replaceable so pure tests can drive time by hand. */
  wall?: () => number;
}

export class SimClock {
  readonly speed: number;
  readonly start: number;
  private readonly wall: () => number;
  private readonly wallStart: number;

  constructor(opts: SimClockOptions = {}) {
    this.speed = opts.speed ?? 1;
    if (!(this.speed > 0)) throw new RangeError(`clock speed must be positive, got ${this.speed}`);
    this.wall = opts.wall ?? Date.now;
    this.wallStart = this.wall();
    this.start = opts.start ?? this.wallStart;
  }

  /** Simulated now, epoch ms. */
  now(): number {
    return this.start + (this.wall() - this.wallStart) * this.speed;
  }

  /** Simulated milliseconds since the start. */
  elapsed(): number {
    return this.now() - this.start;
  }

  wallNow(): number {
    return this.wall();
  }

  /** Wall-clock milliseconds until the simulated instant `at` (≥ 0). */
  wallDelayUntil(at: number): number {
    return Math.max(0, (at - this.now()) / this.speed);
  }

  /** Simulated milliseconds that pass during `realMs` wall-clock milliseconds. */
  fromReal(realMs: number): number {
    return realMs * this.speed;
  }
}

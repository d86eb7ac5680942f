import { describe, expect, it } from 'vitest';
import { SimClock } from './clock.js';
import { Scheduler } from './scheduler.js';

describe('Scheduler', () => {
  it('runs entries in simulated-time order, each told the instant it was scheduled for', async () => {
    const clock = new SimClock({ start: 0, speed: 10_000 });
    const s = new Scheduler(clock);
    const ran: Array<[string, number]> = [];
    s.at(3000, (at) => ran.push(['c', at]));
    s.at(1000, (at) => ran.push(['a', at]));
    s.at(2000, (at) => ran.push(['b', at]));
    s.at(2000, (at) => ran.push(['b2', at]));
    await new Promise((r) => setTimeout(r, 50));
    expect(ran).toEqual([
      ['a', 1000],
      ['b', 2000],
      ['b2', 2000],
      ['c', 3000],
    ]);
    s.stop();
  });

  it('does not run a cancelled entry, and marks one that ran as no longer pending', async () => {
    const clock = new SimClock({ start: 0, speed: 10_000 });
    const s = new Scheduler(clock);
    const ran: string[] = [];
    const keep = s.at(500, () => ran.push('keep'));
    const drop = s.at(400, () => ran.push('drop'));
    s.cancel(drop);
    await new Promise((r) => setTimeout(r, 30));
    expect(ran).toEqual(['keep']);
    expect(keep.cancelled).toBe(true);
    s.stop();
  });

  it('runs entries scheduled by a callback for an instant already past within the same pass', async () => {
    const clock = new SimClock({ start: 0, speed: 10_000 });
    const s = new Scheduler(clock);
    const ran: number[] = [];
    s.at(100, (at) => {
      ran.push(at);
      s.at(at, (t) => ran.push(t + 1));
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(ran).toEqual([100, 101]);
    s.stop();
  });

  it('keeps a thousand pending timers as heap entries behind one wall-clock timeout', () => {
    const clock = new SimClock({ start: 0, speed: 1 });
    const s = new Scheduler(clock);
    for (let i = 0; i < 1000; i++) s.after(60_000 + i, () => undefined);
    expect(s.size).toBe(1000);
    const timers = (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo().filter((r) => r === 'Timeout');
    expect(timers.length).toBeLessThan(10);
    s.stop();
    expect(s.size).toBe(0);
  });

  it('reports a failing callback and carries on with the next entry', async () => {
    const errors: unknown[] = [];
    const clock = new SimClock({ start: 0, speed: 10_000 });
    const s = new Scheduler(clock, { onError: (e) => errors.push(e) });
    const ran: string[] = [];
    s.at(10, () => {
      throw new Error('boom');
    });
    s.at(20, () => ran.push('next'));
    await new Promise((r) => setTimeout(r, 30));
    expect((errors[0] as Error).message).toBe('boom');
    expect(ran).toEqual(['next']);
    s.stop();
  });
});

describe('SimClock', () => {
  it('runs speed times as fast as the wall clock from its start instant', () => {
    let wall = 1_000_000;
    const clock = new SimClock({ start: Date.UTC(2026, 9, 1), speed: 144, wall: () => wall });
    wall += 10_000;
    expect(clock.now()).toBe(Date.UTC(2026, 9, 1) + 1_440_000);
    expect(clock.fromReal(1000)).toBe(144_000);
    expect(clock.wallDelayUntil(clock.now() + 144_000)).toBe(1000);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HeartbeatDeadline } from './heartbeat-deadline.js';

describe('HeartbeatDeadline', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports a silent charger once, however long it stays silent', () => {
    const missed: number[] = [];
    const d = new HeartbeatDeadline(1000, (ms) => missed.push(ms));
    d.start();
    vi.advanceTimersByTime(999);
    expect(missed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(missed).toEqual([1000]);
    vi.advanceTimersByTime(10_000);
    expect(missed).toHaveLength(1);
    expect(d.isMissed).toBe(true);
  });

  it('restarts the countdown whenever the charger speaks', () => {
    const missed: number[] = [];
    const d = new HeartbeatDeadline(1000, (ms) => missed.push(ms));
    d.start();
    vi.advanceTimersByTime(800);
    d.heard();
    vi.advanceTimersByTime(800);
    expect(missed).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(missed).toEqual([1000]);
  });

  it('reports the charger back when it speaks after a miss, and a new miss after that', () => {
    const seen: string[] = [];
    const d = new HeartbeatDeadline(1000, () => seen.push('missed'), () => seen.push('resumed'));
    d.start();
    d.heard();
    vi.advanceTimersByTime(1000);
    d.heard();
    d.heard();
    expect(d.isMissed).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(['missed', 'resumed', 'missed']);
  });

  it('reports nothing once stopped', () => {
    let count = 0;
    const d = new HeartbeatDeadline(1000, () => count++);
    d.start();
    d.stop();
    d.heard();
    vi.advanceTimersByTime(5000);
    expect(count).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { createMemoryReplayGuard } from './replay-guard.js';

const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s));

describe('the in-memory replay guard', () => {
  it('accepts a key once and refuses it while it is remembered', () => {
    const guard = createMemoryReplayGuard();
    expect(guard.firstSeen('a', at(10), at(0))).toBe(true);
    expect(guard.firstSeen('a', at(10), at(5))).toBe(false);
    expect(guard.firstSeen('b', at(10), at(5))).toBe(true);
  });

  it('forgets keys once they expire, so memory stays bounded by the window', () => {
    const guard = createMemoryReplayGuard();
    guard.firstSeen('a', at(10), at(0));
    guard.firstSeen('b', at(12), at(2));
    expect(guard.size).toBe(2);
    expect(guard.firstSeen('c', at(21), at(11))).toBe(true);
    expect(guard.size).toBe(2);
    expect(guard.firstSeen('a', at(22), at(12))).toBe(true);
  });
});

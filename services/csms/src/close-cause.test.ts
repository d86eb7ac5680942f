import { describe, expect, it } from 'vitest';
import { closeCause } from './close-cause.js';

describe('closeCause', () => {
  const interval = 30_000;

  it('calls an abnormal closure two ping intervals after the last pong a ping timeout', () => {
    expect(closeCause({ code: 1006, msSinceLastPong: 2 * interval - 20, pingIntervalMs: interval })).toBe('ping_timeout');
  });

  it('calls an abnormal closure within one interval of a pong a plain disconnect', () => {
    expect(closeCause({ code: 1006, msSinceLastPong: interval - 1, pingIntervalMs: interval })).toBe('disconnected');
  });

  it('never blames pings for a clean close or when pings are off', () => {
    expect(closeCause({ code: 1000, msSinceLastPong: 10 * interval, pingIntervalMs: interval })).toBe('disconnected');
    expect(closeCause({ code: 1006, msSinceLastPong: 10 * interval, pingIntervalMs: 0 })).toBe('disconnected');
  });
});

import { describe, expect, it } from 'vitest';
import { connectionBars, statusBars } from './timeline.js';

const at = (m: number) => new Date(Date.UTC(2025, 2, 1, 0, m)).toISOString();
const ms = (m: number) => Date.parse(at(m));
const window = { from: ms(10), to: ms(100) };

describe('timeline bars', () => {
  it('holds each status until the next, clipped to the window, one row per connector', () => {
    const events = [
      { time: at(50), evseId: 1, connectorId: 1, status: 'Faulted' },
      { time: at(0), evseId: 1, connectorId: 1, status: 'Available' },
      { time: at(20), evseId: 2, connectorId: 1, status: 'Charging' },
      { time: at(30), evseId: 0, connectorId: 0, status: 'Available' },
    ];
    expect(statusBars(events, window)).toEqual([
      { row: '#1', from: ms(10), to: ms(50), cls: 'available', label: 'Available' },
      { row: '#1', from: ms(50), to: ms(100), cls: 'faulted', label: 'Faulted' },
      { row: '#2', from: ms(20), to: ms(100), cls: 'charging', label: 'Charging' },
    ]);
  });

  it('merges repeated connections and shows the gaps offline', () => {
    const events = [
      { time: at(0), event: 'connected' },
      { time: at(5), event: 'booted' },
      { time: at(40), event: 'disconnected' },
      { time: at(60), event: 'connected' },
    ];
    expect(connectionBars(events, window, 'link').map((b) => [b.cls, (b.from - ms(0)) / 60_000, (b.to - ms(0)) / 60_000])).toEqual([
      ['available', 10, 40],
      ['offline', 40, 60],
      ['available', 60, 100],
    ]);
  });
});

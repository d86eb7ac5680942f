import { describe, expect, it } from 'vitest';
import { dayWindow } from './calendar.js';
import { exclusionApplies, mergeRanges, outsideOpeningHours, overlap, uncovered } from './exclusions.js';

const local = (e: { from: Date; to: Date }) =>
  // as Shanghai wall-clock times, for readability
  `${new Date(e.from.getTime() + 8 * 3600_000).toISOString().slice(5, 16)}→${new Date(e.to.getTime() + 8 * 3600_000).toISOString().slice(5, 16)}`;

describe('ranges', () => {
  it('merges overlapping and touching ranges, drops empty ones', () => {
    expect(mergeRanges([[50, 60], [0, 10], [10, 20], [15, 30], [40, 40]])).toEqual([[0, 30], [50, 60]]);
  });
  it('measures overlap and the uncovered rest', () => {
    const m = mergeRanges([[0, 10], [20, 30]]);
    expect(overlap(m, 5, 25)).toBe(10);
    expect(uncovered(m, 5, 25)).toEqual([[10, 20]]);
    expect(uncovered(m, 0, 10)).toEqual([]);
    expect(uncovered([], 0, 10)).toEqual([[0, 10]]);
  });
});

describe('exclusion scope', () => {
  const connector = { operatorId: 'op-1', stationId: 'st-1', chargerId: 'CP-1', evseId: 2, connectorId: 1 };
  it.each([
    [{}, true],
    [{ stationId: 'st-1' }, true],
    [{ stationId: 'st-2' }, false],
    [{ chargerId: 'CP-1', evseId: 2 }, true],
    [{ chargerId: 'CP-1', evseId: 1 }, false],
    [{ operatorId: 'op-1', chargerId: 'CP-9' }, false],
  ])('%j covers CP-1 EVSE 2: %s', (scope, expected) => {
    expect(exclusionApplies(scope, connector)).toBe(expected);
  });
});

describe('outsideOpeningHours (Shanghai local time)', () => {
  const day = dayWindow('2024-03-01');
  it('08:00-22:00 is closed before 8 and after 22', () => {
    expect(outsideOpeningHours('08:00-22:00', day).map(local)).toEqual(['03-01T00:00→03-01T08:00', '03-01T22:00→03-02T00:00']);
    expect(outsideOpeningHours('08:00-22:00', day).every((e) => e.reason === 'outside_opening_hours')).toBe(true);
  });
  it('22:00-06:00 runs overnight: closed from 6 to 22', () => {
    expect(outsideOpeningHours('22:00-06:00', day).map(local)).toEqual(['03-01T06:00→03-01T22:00']);
  });
  it('several periods, Chinese punctuation and separators', () => {
    expect(outsideOpeningHours('8:00～12:00，14:00至18:00', day).map(local)).toEqual([
      '03-01T00:00→03-01T08:00',
      '03-01T12:00→03-01T14:00',
      '03-01T18:00→03-02T00:00',
    ]);
  });
  it('open all day means no exclusion', () => {
    for (const spec of ['24小时', '24h', '全天', '00:00-24:00']) expect(outsideOpeningHours(spec, day)).toEqual([]);
  });
  it('covers every day of a longer window', () => {
    expect(outsideOpeningHours('08:00-22:00', { from: dayWindow('2024-03-01').from, to: dayWindow('2024-03-03').to })).toHaveLength(4);
  });
  it('refuses what it cannot read', () => {
    for (const spec of ['daytime', '25:00-26:00', '08:00-08:00', '']) {
      expect(() => outsideOpeningHours(spec, day)).toThrow(expect.objectContaining({ code: 'PW_SUP_OPENING_HOURS_INVALID' }));
    }
  });
});

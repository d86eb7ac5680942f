import { describe, expect, it } from 'vitest';
import { addDays, dayWindow, daysOf, monthWindow, rolling12Months, shanghaiDay, yearWindow } from './calendar.js';

const iso = (w: { from: Date; to: Date }) => [w.from.toISOString(), w.to.toISOString()];

describe('Shanghai calendar', () => {
  it('a day starts at 16:00 UTC the evening before', () => {
    expect(iso(dayWindow('2024-03-01'))).toEqual(['2024-02-29T16:00:00.000Z', '2024-03-01T16:00:00.000Z']);
  });

  it('places an instant on its Shanghai day', () => {
    expect(shanghaiDay(new Date('2024-02-29T15:59:59.999Z'))).toBe('2024-02-29');
    expect(shanghaiDay(new Date('2024-02-29T16:00:00.000Z'))).toBe('2024-03-01');
  });

  it('months, leap February, December into January, years', () => {
    expect(iso(monthWindow('2024-02'))).toEqual(['2024-01-31T16:00:00.000Z', '2024-02-29T16:00:00.000Z']);
    expect(daysOf(monthWindow('2024-02'))).toHaveLength(29);
    expect(iso(monthWindow('2024-12'))).toEqual(['2024-11-30T16:00:00.000Z', '2024-12-31T16:00:00.000Z']);
    expect(daysOf(yearWindow(2024))).toHaveLength(366);
  });

  it('rolling 12 months ending with a day include it', () => {
    expect(iso(rolling12Months('2024-03-31'))).toEqual(['2023-03-31T16:00:00.000Z', '2024-03-31T16:00:00.000Z']);
    expect(daysOf(rolling12Months('2024-03-31'))[0]).toBe('2023-04-01');
    expect(daysOf(rolling12Months('2024-03-31'))).toHaveLength(366);
  });

  it('adds days across month ends and refuses what is not a day', () => {
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(addDays('2024-01-01', -1)).toBe('2023-12-31');
    expect(() => dayWindow('2024-02-30')).toThrow(expect.objectContaining({ code: 'PW_SUP_DAY_INVALID' }));
    expect(() => dayWindow('1 March')).toThrow(expect.objectContaining({ code: 'PW_SUP_DAY_INVALID' }));
  });
});

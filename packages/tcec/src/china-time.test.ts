import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTimeStamp, parseDate, parseDateTime, parseTimeStamp } from './china-time.js';

describe('Asia/Shanghai wall-clock time', () => {
  const machineTz = process.env.TZ;
  afterEach(() => {
    if (machineTz === undefined) delete process.env.TZ;
    else process.env.TZ = machineTz;
  });

  it('formats the TimeStamp in Shanghai time whatever the machine time zone', () => {
    const at = new Date('2018-01-20T08:57:55Z');
    for (const tz of ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham']) {
      process.env.TZ = tz;
      expect(formatTimeStamp(at)).toBe('20180120165755');
    }
  });

  it('rolls over to the next Shanghai day at 16:00 UTC', () => {
    expect(formatTimeStamp(new Date('2023-12-31T15:59:59Z'))).toBe('20231231235959');
    expect(formatTimeStamp(new Date('2023-12-31T16:00:00Z'))).toBe('20240101000000');
    expect(formatDate(new Date('2023-12-31T16:00:00Z'))).toBe('2024-01-01');
  });

  it('parses a TimeStamp back to the instant it names', () => {
    expect(parseTimeStamp('20180120165755')?.toISOString()).toBe('2018-01-20T08:57:55.000Z');
  });

  it('refuses TimeStamps that are not 14 digits of a real time', () => {
    for (const bad of ['2018012016575', '201801201657555', '2018-01-20 16:57', '20180230120000', '20180120245900', '20180120166000', 'abcdefghijklmn']) {
      expect(parseTimeStamp(bad), bad).toBeUndefined();
    }
  });

  it('formats and parses business times and days', () => {
    const at = new Date('2024-02-29T04:05:06Z');
    expect(formatDateTime(at)).toBe('2024-02-29 12:05:06');
    expect(parseDateTime('2024-02-29 12:05:06')?.getTime()).toBe(at.getTime());
    expect(parseDate('2024-02-29')?.toISOString()).toBe('2024-02-28T16:00:00.000Z');
    expect(parseDate('2023-02-29')).toBeUndefined();
    expect(parseDateTime('2024-02-29T12:05:06')).toBeUndefined();
  });
});

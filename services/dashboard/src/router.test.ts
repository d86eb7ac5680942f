import { describe, expect, it } from 'vitest';
import { link, parseRoute } from './router.js';

describe('page addresses', () => {
  it.each([
    ['', 'overview', {}],
    ['#/', 'overview', {}],
    ['#/counties/140902', 'county', { code: '140902' }],
    ['#/chargers/XZ%2F1', 'charger', { id: 'XZ/1' }],
    ['#/reports/2025-03', 'report', { month: '2025-03' }],
    ['#/reports/march', 'notFound', {}],
    ['#/nowhere', 'notFound', {}],
  ])('%s is the %s page', (hash, name, params) => expect(parseRoute(hash)).toEqual({ name, params }));

  it('reads back every link it makes', () => {
    expect(parseRoute(link.station('ST-WTS-0001'))).toEqual({ name: 'station', params: { id: 'ST-WTS-0001' } });
    expect(parseRoute(link.county(null))).toEqual({ name: 'county', params: { code: 'none' } });
  });
});

import { describe, expect, it } from 'vitest';
import { policyPlan } from './policies.js';

describe('policyPlan', () => {
  const defaults = { compressAfterDays: 7, journalDays: 180, historyDays: 1095 };

  it('compresses every time-series table after the configured age, segmented by charger', () => {
    expect(policyPlan(defaults).compression).toEqual(
      ['meter_samples', 'status_events', 'charger_events', 'connectivity_events', 'ocpp_messages'].map((table) => ({
        table,
        afterDays: 7,
        segmentBy: 'charger_id',
      })),
    );
  });

  it('keeps the journal for journalDays and the rest of history for historyDays', () => {
    expect(policyPlan({ ...defaults, journalDays: 30, historyDays: 400 }).retention).toEqual([
      { table: 'meter_samples', dropAfterDays: 400 },
      { table: 'status_events', dropAfterDays: 400 },
      { table: 'charger_events', dropAfterDays: 400 },
      { table: 'connectivity_events', dropAfterDays: 400 },
      { table: 'ocpp_messages', dropAfterDays: 30 },
    ]);
  });

  it.each([
    { compressAfterDays: 7, historyDays: 1095, window: '7 days' },
    // At least three days: the 1-day aggregate needs two whole buckets past its one-day end offset.
    { compressAfterDays: 1, historyDays: 1095, window: '3 days' },
    // Never reaching back to where retention has dropped the raw data (that would empty old buckets).
    { compressAfterDays: 30, historyDays: 10, window: '9 days' },
  ])('refreshes aggregates over $window for compression after $compressAfterDays and history $historyDays days', ({ compressAfterDays, historyDays, window }) => {
    const refresh = policyPlan({ compressAfterDays, historyDays, journalDays: 180 }).refresh;
    expect(refresh).toEqual([
      { view: 'meter_15m', startOffset: window, endOffset: '15 minutes', scheduleInterval: '15 minutes' },
      { view: 'meter_1h', startOffset: window, endOffset: '1 hour', scheduleInterval: '1 hour' },
      { view: 'meter_1d', startOffset: window, endOffset: '1 day', scheduleInterval: '1 hour' },
    ]);
  });
});

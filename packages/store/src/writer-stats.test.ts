import { describe, expect, it } from 'vitest';
import { emptyHistogram, observe } from './writer-stats.js';

describe('cumulative histogram', () => {
  it('counts each observation in its bucket and every larger one, as Prometheus expects', () => {
    const h = emptyHistogram([1, 10, 100]);
    for (const v of [0.5, 1, 7, 10, 11, 1000]) observe(h, v);
    expect(h.counts).toEqual([2, 4, 5]);
    expect(h.count).toBe(6);
    expect(h.sum).toBeCloseTo(1029.5);
  });
});

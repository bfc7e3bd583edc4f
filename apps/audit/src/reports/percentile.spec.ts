import fc from 'fast-check';
import { quantile, summariseDurations } from './percentile';

describe(quantile.name, () => {
  it('interpolates between the nearest ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3], 0.5)).toBe(2);
    expect(quantile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(91);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([1, 5], 0)).toBe(1);
    expect(quantile([1, 5], 1)).toBe(5);
  });

  it('refuses an empty list and a quantile outside 0 to 1', () => {
    expect(() => quantile([], 0.5)).toThrow(RangeError);
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
    expect(() => quantile([1], Number.NaN)).toThrow(RangeError);
  });

  it('lies between the smallest and largest value and never decreases with p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p, q) => {
          const sorted = [...values].sort((a, b) => a - b);
          const [low, high] = p <= q ? [p, q] : [q, p];
          expect(quantile(sorted, low)).toBeGreaterThanOrEqual(sorted[0]);
          expect(quantile(sorted, high)).toBeLessThanOrEqual(sorted[sorted.length - 1]);
          expect(quantile(sorted, low)).toBeLessThanOrEqual(quantile(sorted, high) + 1e-9);
        },
      ),
    );
  });
});

describe(summariseDurations.name, () => {
  it('answers the median and 90th percentile in seconds, whatever the order given', () => {
    expect(summariseDurations([4000, 1000, 3000, 2000])).toEqual({ count: 4, medianSeconds: 2.5, p90Seconds: 3.7 });
    expect(summariseDurations([1234])).toEqual({ count: 1, medianSeconds: 1.234, p90Seconds: 1.234 });
  });

  it('answers nulls when nothing was measured', () => {
    expect(summariseDurations([])).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
  });
});

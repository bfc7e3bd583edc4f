import { MIN_SCAN_DELAY_MS, nextScanDelay } from './scan-schedule';

describe(nextScanDelay.name, () => {
  const now = Date.parse('2026-11-29T00:00:00Z');

  it('sleeps the interval when no deadline is known or the next is further away', () => {
    expect(nextScanDelay(60_000, undefined, now)).toBe(60_000);
    expect(nextScanDelay(60_000, new Date(now + 3_600_000), now)).toBe(60_000);
  });

  it('wakes at the next deadline when it comes sooner', () => {
    expect(nextScanDelay(60_000, new Date(now + 4_000), now)).toBe(4_000);
  });

  it('never spins on a deadline already due', () => {
    expect(nextScanDelay(60_000, new Date(now - 10_000), now)).toBe(MIN_SCAN_DELAY_MS);
    expect(nextScanDelay(60_000, new Date(now + 1), now)).toBe(MIN_SCAN_DELAY_MS);
  });
});

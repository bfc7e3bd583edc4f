import { PendingOriginals } from './pending-originals';

describe(PendingOriginals.name, () => {
  it('lets a follow-up wait for the grace period from when it was first seen, then no longer', () => {
    let now = 1_000;
    const pending = new PendingOriginals(60_000, () => now);
    expect(pending.mayWait('a')).toBe(true);
    now += 59_999;
    expect(pending.mayWait('a')).toBe(true);
    expect(pending.mayWait('b')).toBe(true);
    now += 1;
    expect(pending.mayWait('a')).toBe(false);
    expect(pending.mayWait('b')).toBe(true);
  });

  it('forgets a settled follow-up, so a replay waits afresh', () => {
    let now = 0;
    const pending = new PendingOriginals(10, () => now);
    pending.mayWait('a');
    now = 100;
    pending.settled('a');
    expect(pending.mayWait('a')).toBe(true);
  });
});

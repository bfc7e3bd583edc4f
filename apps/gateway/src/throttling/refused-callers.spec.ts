import { REFUSAL_HOLD, RefusedCallers } from './refused-callers';

describe(RefusedCallers.name, () => {
  it('refuses a caller over one budget until its retry time, and not over the other', () => {
    const callers = new RefusedCallers();
    callers.refuse('publishing', 'token:ab', 60, 12, 1_000);
    expect(callers.refusal('publishing', 'token:ab', 1_000)).toEqual({ limit: 60, retryAfterSeconds: 12 });
    expect(callers.refusal('publishing', 'token:ab', 10_500)).toEqual({ limit: 60, retryAfterSeconds: 2.5 });
    expect(callers.refusal('requests', 'token:ab', 1_000)).toBeUndefined();
    expect(callers.refusal('publishing', 'address:10.0.0.1', 1_000)).toBeUndefined();
  });

  it('lets the caller through once its retry time has come', () => {
    const callers = new RefusedCallers();
    callers.refuse('requests', 'address:10.0.0.1', 600, 1, 0);
    expect(callers.refusal('requests', 'address:10.0.0.1', 999)).toBeDefined();
    expect(callers.refusal('requests', 'address:10.0.0.1', 1_000)).toBeUndefined();
  });

  it('forgets the callers whose refusal ended when it holds many, and keeps those still refused', () => {
    const callers = new RefusedCallers();
    for (let i = 0; i < 1_000; i++) callers.refuse('requests', `address:${i}`, 600, 1, 0);
    callers.refuse('requests', 'address:late', 600, 60, 0);
    callers.refuse('requests', 'address:new', 600, 60, 5_000);
    const held = (callers as unknown as { refused: Map<string, unknown> }).refused;
    expect([...held.keys()]).toEqual(['requests:address:late', 'requests:address:new']);
  });
});

describe('RefusedCallers.hold', () => {
  it('holds a bounded number of each caller’s refusals, and frees a place on release', () => {
    const callers = new RefusedCallers();
    for (let i = 0; i < REFUSAL_HOLD.perCaller; i++) expect(callers.hold('token:ab')).toBe(true);
    expect(callers.hold('token:ab')).toBe(false);
    expect(callers.hold('token:cd')).toBe(true);
    callers.release('token:ab');
    expect(callers.hold('token:ab')).toBe(true);
  });

  it(`holds at most ${REFUSAL_HOLD.inAll} refusals across callers`, () => {
    const callers = new RefusedCallers();
    for (let i = 0; i < REFUSAL_HOLD.inAll; i++) expect(callers.hold(`address:${i}`)).toBe(true);
    expect(callers.hold('address:one-more')).toBe(false);
    callers.release('address:0');
    expect(callers.hold('address:one-more')).toBe(true);
  });
});

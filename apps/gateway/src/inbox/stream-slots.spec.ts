import fc from 'fast-check';
import { StreamSlots } from './stream-slots';

describe(StreamSlots.name, () => {
  it('gives a node at most its number of places, and a freed place to the next', () => {
    const slots = new StreamSlots(2);
    const first = slots.take('KZ-PCU-AKTAU');
    const second = slots.take('KZ-PCU-AKTAU');
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(slots.take('KZ-PCU-AKTAU')).toBeUndefined();
    first!();
    expect(slots.take('KZ-PCU-AKTAU')).toBeDefined();
    expect(slots.take('KZ-PCU-AKTAU')).toBeUndefined();
  });

  it("does not let one node's streams take another node's places", () => {
    const slots = new StreamSlots(1);
    expect(slots.take('KZ-PCU-AKTAU')).toBeDefined();
    expect(slots.take('KZ-PCU-AKTAU')).toBeUndefined();
    expect(slots.take('AZ-PCU-BAKU')).toBeDefined();
    expect(slots.total).toBe(2);
  });

  it('gives a place back once, however often a stream says it closed', () => {
    const slots = new StreamSlots(2);
    const release = slots.take('KZ-PCU-AKTAU')!;
    slots.take('KZ-PCU-AKTAU');
    release();
    release();
    release();
    expect(slots.held('KZ-PCU-AKTAU')).toBe(1);
  });

  it('holds, after any sequence of opens and closes, exactly the open streams, never more than the cap', () => {
    const step = fc.oneof(
      fc.record({ open: fc.constantFrom('A', 'B', 'C') }),
      fc.record({ close: fc.nat(20), times: fc.integer({ min: 1, max: 3 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(step, { maxLength: 60 }), (cap, steps) => {
        const slots = new StreamSlots(cap);
        const open: { node: string; release: () => void; closed: boolean }[] = [];
        for (const s of steps) {
          if ('open' in s) {
            const release = slots.take(s.open);
            const model = open.filter((o) => o.node === s.open && !o.closed).length;
            expect(release !== undefined).toBe(model < cap);
            if (release) open.push({ node: s.open, release, closed: false });
          } else if (open.length > 0) {
            const stream = open[s.close % open.length];
            for (let i = 0; i < s.times; i++) stream.release();
            stream.closed = true;
          }
        }
        for (const node of ['A', 'B', 'C']) {
          expect(slots.held(node)).toBe(open.filter((o) => o.node === node && !o.closed).length);
        }
      }),
    );
  });
});

import type { Test } from '@jest/test-result';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const LongestFirstSequencer = require('./longest-first.sequencer');

function test(project: string, path: string, size: number): Test {
  return {
    path,
    context: {
      config: { displayName: { name: project }, cache: false },
      hasteFS: { getSize: () => size },
    },
  } as unknown as Test;
}

describe('LongestFirstSequencer', () => {
  it('starts the fault scenarios first, the longest first, then the rest in jest’s own order', () => {
    const tests = [
      test('unit', '/repo/libs/a.spec.ts', 100),
      test('faults', '/repo/test/faults/broker-tail.fault-spec.ts', 5_000),
      test('e2e', '/repo/test/b.e2e-spec.ts', 9_000),
      test('faults', '/repo/test/faults/postgres-outage.fault-spec.ts', 1_000),
      test('faults', '/repo/test/faults/new-scenario.fault-spec.ts', 9_000),
      test('faults', '/repo/test/faults/app-crashes.fault-spec.ts', 2_000),
    ];

    const order = new LongestFirstSequencer({}).sort(tests).map((t: Test) => t.path.split('/').pop());

    expect(order).toEqual([
      'postgres-outage.fault-spec.ts',
      'app-crashes.fault-spec.ts',
      'broker-tail.fault-spec.ts',
      'new-scenario.fault-spec.ts',
      // Jest's order without cached durations: the larger file first.
      'b.e2e-spec.ts',
      'a.spec.ts',
    ]);
  });
});

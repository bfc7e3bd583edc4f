import { heapWatch, type OutcomeTally } from './fuzz-invariants';

/**
 * What a fuzz suite watches over its run, registered in the `describe` that calls it: the heap,
 * measured before the first test (after the hooks registered ahead of this call), and once the
 * last test has run, each tally's counts and the heap's growth, printed.
 */
export function fuzzWatch(...tallies: OutcomeTally[]): { growth(): number } {
  let heap: ReturnType<typeof heapWatch>;
  beforeAll(() => {
    heap = heapWatch();
  });
  afterAll(() => {
    console.log([...tallies.map((tally) => tally.summary()), `  ${heap.report()}`].join('\n'));
  });
  return { growth: () => heap.growth() };
}

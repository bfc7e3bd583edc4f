import { PermanentError } from '../handler-errors';
import { heapWatch, type OutcomeTally, settled } from './fuzz-invariants';

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

/** How a consumer's handler ended on one message: it took it, or refused it for good, with a reason. */
export type Handled = { refused: false } | { refused: true; reason: string };

/**
 * Hands one fuzzed message to a consumer's handler and says how that ended. The handler may only
 * take the message or refuse it with a `PermanentError` (anything else it throws fails the case: a
 * fuzzed message never deserves a retry; nor may it hang), and must leave the built-in prototypes
 * as `prototypesChanged` found them.
 */
export async function handledOrRefused(
  handle: () => Promise<unknown>,
  prototypesChanged: () => string[],
): Promise<Handled> {
  const outcome = await settled(handle);
  expect(prototypesChanged()).toEqual([]);
  if (!('error' in outcome)) return { refused: false };
  expect(outcome.error).toBeInstanceOf(PermanentError);
  return { refused: true, reason: (outcome.error as PermanentError).reason };
}

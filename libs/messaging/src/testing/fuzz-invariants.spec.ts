import fc from 'fast-check';
import { fuzzParameters } from './fuzz-invariants';

/** An array nested `levels` deep around 1, built without recursion. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i += 1) value = [value];
  return value;
}

describe(fuzzParameters.name, () => {
  it('reports a failing case nested far too deep to render whole: the failure, the seed to replay, the case cut short', () => {
    const deep = fc.constant(nested(20_000));
    let thrown: unknown;
    try {
      fc.assert(
        fc.property(deep, () => {
          throw new Error('the decoder took a value it must refuse');
        }),
        { ...fuzzParameters(1), seed: 42 },
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    const message = (thrown as Error).message;
    expect(message).toContain('Failure: the decoder took a value it must refuse');
    expect(message).toContain('FUZZ_SEED=42');
    expect(message).toContain('[Array]');
    expect(message.length).toBeLessThan(2_000);
  });

  it('passes a property that holds', () => {
    expect(() =>
      fc.assert(
        fc.property(fc.integer(), (n) => n === n),
        fuzzParameters(50),
      ),
    ).not.toThrow();
  });
});

import fc from 'fast-check';
import { KILOGRAMS_PATTERN } from '@iren/contracts';
import { gramsOf, kilogramsOf } from './kilograms';

describe(gramsOf.name, () => {
  it('reads whole grams from an exact decimal', () => {
    expect(gramsOf('0.001')).toBe(1n);
    expect(gramsOf('266.282')).toBe(266282n);
    expect(gramsOf('1.5')).toBe(1500n);
    expect(gramsOf('1.50')).toBe(1500n);
    expect(gramsOf('12')).toBe(12000n);
    expect(gramsOf('999999999999.999')).toBe(999999999999999n);
  });

  it('refuses what is not an exact decimal of at most 3 places', () => {
    for (const bad of ['', '1.', '.5', '1.2345', '-1', '1e3', '1,5', ' 1', 'NaN']) expect(gramsOf(bad)).toBeUndefined();
  });
});

describe(kilogramsOf.name, () => {
  it('writes grams as kilograms with 3 decimals', () => {
    expect(kilogramsOf(266283n)).toBe('266.283');
    expect(kilogramsOf(0n)).toBe('0.000');
    expect(kilogramsOf(1n)).toBe('0.001');
    expect(kilogramsOf(1500n)).toBe('1.500');
    expect(kilogramsOf(-1500n)).toBe('-1.500');
  });

  it('round-trips every amount the feedback pattern allows', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 999_999_999_999_999n }), (grams) => {
        const text = kilogramsOf(grams);
        expect(text).toMatch(KILOGRAMS_PATTERN);
        expect(gramsOf(text)).toBe(grams);
      }),
    );
  });
});

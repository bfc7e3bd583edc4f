import { half, isCount, perfectHeight, splitPoint } from './tree-math';

describe(splitPoint.name, () => {
  it.each([
    [2, 1],
    [3, 2],
    [4, 2],
    [5, 4],
    [8, 4],
    [9, 8],
    [2 ** 40 + 1, 2 ** 40],
  ])('splits %p leaves after %p, the largest power of two below', (n, k) => {
    expect(splitPoint(n)).toBe(k);
  });
});

describe(perfectHeight.name, () => {
  it.each([
    [1, 0],
    [2, 1],
    [8, 3],
    [2 ** 40, 40],
    [6, -1],
    [0, -1],
    [2 ** 40 + 2, -1],
  ])('gives %p leaves the height %p', (n, height) => {
    expect(perfectHeight(n)).toBe(height);
  });
});

describe(half.name, () => {
  it('stays exact beyond 32 bits, where >> would wrap', () => {
    expect(half(2 ** 40 + 3)).toBe(2 ** 39 + 1);
  });
});

describe(isCount.name, () => {
  it('takes whole, non-negative, safe numbers only', () => {
    expect([0, 7, Number.MAX_SAFE_INTEGER].every(isCount)).toBe(true);
    expect([-1, 0.5, Number.NaN, 2 ** 53, Number.POSITIVE_INFINITY].some(isCount)).toBe(false);
  });
});

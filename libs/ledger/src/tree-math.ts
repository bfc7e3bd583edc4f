// Index arithmetic shared by the tree and the verifiers. Plain arithmetic instead of bit operators,
// because JavaScript's `>>` and `&` truncate to 32 bits and tree sizes are safe integers up to 2^53.

/** Whether a value is a whole number usable as a leaf index or a tree size. */
export function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** The RFC 9162 split point of n > 1 leaves: the largest power of two k with k < n <= 2k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The exponent e with 2^e = n when n leaves form a perfect subtree, otherwise -1. */
export function perfectHeight(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) return -1;
  let height = 0;
  for (; n % 2 === 0; n /= 2) height++;
  return n === 1 ? height : -1;
}

/** The least significant bit of a count. */
export function lowBit(n: number): number {
  return n % 2;
}

/** A right shift by one bit that stays exact above 2^32. */
export function half(n: number): number {
  return Math.floor(n / 2);
}

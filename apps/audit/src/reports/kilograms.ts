/** Kilograms as the feedback gives them: an exact decimal of at most 3 places (`KILOGRAMS_PATTERN` in @iren/contracts). */
const KILOGRAMS = /^(\d+)(?:\.(\d{1,3}))?$/;

/**
 * The whole grams in an exact decimal of kilograms (`"266.283"` → 266283n), or undefined when the
 * text is not one. Reports add grams as integers so that no binary fraction ever enters a total.
 */
export function gramsOf(kilograms: string): bigint | undefined {
  const match = KILOGRAMS.exec(kilograms);
  if (!match) return undefined;
  return BigInt(match[1]) * 1000n + BigInt((match[2] ?? '').padEnd(3, '0'));
}

/** Grams written as kilograms with exactly 3 decimals (266283n → `"266.283"`). */
export function kilogramsOf(grams: bigint): string {
  const sign = grams < 0n ? '-' : '';
  const magnitude = grams < 0n ? -grams : grams;
  return `${sign}${magnitude / 1000n}.${(magnitude % 1000n).toString().padStart(3, '0')}`;
}

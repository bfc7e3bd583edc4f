/** Injection token of the hit window in days (`IREN_HIT_WINDOW_DAYS`, validated at boot). */
export const HIT_WINDOW_DAYS = Symbol('HIT_WINDOW_DAYS');

/** Injection token of the digest interval in seconds (`IREN_HIT_DIGEST_SECONDS`, validated at boot). */
export const HIT_DIGEST_SECONDS = Symbol('HIT_DIGEST_SECONDS');

/** Injection token of the hits' clock (`() => Date`): tests move time instead of waiting an hour. */
export const HIT_CLOCK = Symbol('HIT_CLOCK');

export const DEFAULT_HIT_DIGEST_SECONDS = 3600;
const MAX_HIT_DIGEST_SECONDS = 7 * 24 * 3600;

/** The router's hit settings beyond `RouterConfig`. */
export interface HitDigestConfig {
  /** A hit tells its two nodes of later alerts at most once in this many seconds, as a digest. */
  hitDigestSeconds: number;
}

/**
 * Reads `IREN_HIT_DIGEST_SECONDS` (default 3600, 1 to 604800) from the environment given; a bad value
 * throws an error that names the variable, so the router does not start with it.
 */
export function loadHitDigestConfig(env: Record<string, string | undefined>): HitDigestConfig {
  const raw = env.IREN_HIT_DIGEST_SECONDS;
  if (raw === undefined || raw === '') return { hitDigestSeconds: DEFAULT_HIT_DIGEST_SECONDS };
  const seconds = Number(raw);
  if (!/^\d+$/.test(raw) || seconds < 1 || seconds > MAX_HIT_DIGEST_SECONDS) {
    throw new Error(`IREN_HIT_DIGEST_SECONDS: "${raw}" must be a whole number from 1 to ${MAX_HIT_DIGEST_SECONDS}`);
  }
  return { hitDigestSeconds: seconds };
}

/** Injection token of the hit window in days (`IREN_HIT_WINDOW_DAYS`, validated at boot). */
export const HIT_WINDOW_DAYS = Symbol('HIT_WINDOW_DAYS');

/** Injection token of the digest interval in seconds (`IREN_HIT_DIGEST_SECONDS`, validated at boot). */
export const HIT_DIGEST_SECONDS = Symbol('HIT_DIGEST_SECONDS');

/** Injection token of the hits' clock (`() => Date`): tests move time instead of waiting an hour. */
export const HIT_CLOCK = Symbol('HIT_CLOCK');

/** Injection token of the hit window in days (`IREN_HIT_WINDOW_DAYS`, validated at boot). */
export const HIT_WINDOW_DAYS = Symbol('HIT_WINDOW_DAYS');

import { DESIGN_EXAMPLES } from '../../libs/contracts/src/dto/design-examples';

/** The example's `as const` type, widened and writable, so a test can change a field of its copy. */
type Writable<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends readonly (infer E)[]
      ? Writable<E>[]
      : { -readonly [K in keyof T]: Writable<T[K]> };

/**
 * The alert of DESIGN section 8 (falsified antibiotics from Baku through Aktau to Tashkent),
 * addressed to no one in particular, with its feedback due a year from now: an end-to-end test
 * must not change behaviour on the day a date written into it passes.
 */
export function designAlert() {
  const alert = structuredClone(DESIGN_EXAMPLES.publishMessage) as unknown as Writable<
    typeof DESIGN_EXAMPLES.publishMessage
  >;
  return {
    ...alert,
    to: { nodes: [] as string[], countries: [] as string[], groups: [] as string[] },
    body: {
      ...alert.body,
      summary: 'Consignee new, route deviates through Baku.',
      feedbackDueBy: new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString(),
    },
  };
}

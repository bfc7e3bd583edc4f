import { countryName, type Envelope, hsEntry, locationOf } from '@iren/contracts';

/** What UNECE's function field says a location is, by position (`1` port ... `B` border crossing). */
const FUNCTION_NAMES: Record<string, LocationFunction> = {
  '1': 'port',
  '2': 'rail',
  '3': 'road',
  '4': 'airport',
  '5': 'postal',
  '6': 'multimodal',
  '7': 'fixed',
  B: 'border',
};
export const LOCATION_FUNCTIONS = [
  'port',
  'rail',
  'road',
  'airport',
  'postal',
  'multimodal',
  'fixed',
  'border',
] as const;
export type LocationFunction = (typeof LOCATION_FUNCTIONS)[number];

/** The functions an 8-character UNECE function field (`12-4----`) gives a location. */
export function functionsOf(field: string): LocationFunction[] {
  return [...field].flatMap((mark) => (FUNCTION_NAMES[mark] ? [FUNCTION_NAMES[mark]] : []));
}

/** A UN/LOCODE with the names a person reads: the place and its country (null where the list has none). */
export interface PlaceName {
  locode: string;
  /** The place's name without diacritics (`Aktau`); null for a code the shipped list does not hold. */
  place: string | null;
  country: string;
  countryName: string | null;
}

/** An HS code with the description of the most precise heading of the shipped nomenclature that covers it. */
export interface HsName {
  hsCode: string;
  /** The HS 2022 chapter, heading or subheading description; null when not even the chapter is known. */
  hsDescription: string | null;
  /** The code `hsDescription` describes: the code itself, or its 6-, 4- or 2-digit prefix. */
  describedCode: string | null;
}

/** The names of a message's codes, in the order of its itinerary and goods lines. */
export interface MessageNames {
  itinerary: PlaceName[];
  goods: HsName[];
}

export function placeName(locode: string): PlaceName {
  const country = locode.slice(0, 2);
  return {
    locode,
    place: locationOf(locode)?.name ?? null,
    country,
    countryName: countryName(country) ?? null,
  };
}

/**
 * The nomenclature has chapters (2 digits), headings (4) and subheadings (6); a national code of 8
 * or 10 digits is described by its subheading, a code not listed by its heading or chapter.
 */
export function hsName(hsCode: string): HsName {
  for (const length of [6, 4, 2]) {
    if (hsCode.length < length) continue;
    const entry = hsEntry(hsCode.slice(0, length));
    if (entry) return { hsCode, hsDescription: entry.description, describedCode: entry.code };
  }
  return { hsCode, hsDescription: null, describedCode: null };
}

/**
 * The names of the codes an envelope's body carries (an alert's itinerary and goods, as amended),
 * or empty lists for a body without them. The names are never put in the envelope itself: its
 * signed bytes are what the origin signed and the ledger hashes, so names travel beside it.
 */
export function messageNames(envelope: Envelope<unknown>): MessageNames {
  const body = envelope.body as { itinerary?: unknown; goods?: unknown } | null;
  return {
    itinerary: listOf(body?.itinerary, 'locode').map(placeName),
    goods: listOf(body?.goods, 'hsCode').map(hsName),
  };
}

/** The string `field` of each element of a list, skipping what is not one (bodies were validated, but defend). */
function listOf(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const code = (item as Record<string, unknown> | null)?.[field];
    return typeof code === 'string' ? [code] : [];
  });
}

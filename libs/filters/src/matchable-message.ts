import {
  ALERT_CATEGORIES,
  RISK_LEVELS,
  TRANSPORT_MODES,
  type AlertCategory,
  type Envelope,
  type MessageKind,
  type RiskLevel,
  type TransportMode,
} from '@iren/contracts';

/**
 * The facts of a message that subscription filters look at (DESIGN section 5), extracted once
 * per message so that matching never walks the body again. Lists hold each value once, in the
 * order it first appears.
 */
export interface MatchableMessage {
  readonly kind: MessageKind;
  readonly category?: AlertCategory;
  readonly riskLevel?: RiskLevel;
  readonly mode?: TransportMode;
  /** Every itinerary point's UN/LOCODE. */
  readonly locodes: readonly string[];
  /** The country (first two letters) of every itinerary point. */
  readonly countries: readonly string[];
  /** Every goods line's HS code. */
  readonly hsCodes: readonly string[];
}

/**
 * Reads the matchable facts of an envelope. The body is read by shape, not trusted by kind:
 * the router calls this on every kind of message, and a body without an itinerary, goods or
 * alert vocabulary (a feedback, a withdrawal) simply yields empty lists and no category.
 * A RISK_PROFILE describes the shipments it targets rather than one shipment: its facts come
 * from its criteria (see `profileFacts`), so a unit subscribed to a port receives the profiles
 * that target that port.
 */
export function toMatchable(envelope: Envelope<unknown>): MatchableMessage {
  const body = asRecord(envelope.body);
  if (envelope.kind === 'RISK_PROFILE') return profileFacts(body);
  const locodes = unique(listOf(body.itinerary).map((point) => stringField(point, 'locode')));
  return {
    kind: envelope.kind,
    category: oneOf(ALERT_CATEGORIES, body.category),
    riskLevel: oneOf(RISK_LEVELS, body.riskLevel),
    mode: oneOf(TRANSPORT_MODES, body.mode),
    locodes,
    countries: countriesOf(locodes),
    hsCodes: unique(listOf(body.goods).map((line) => stringField(line, 'hsCode'))),
  };
}

/**
 * A risk profile's facts: its criteria's LOCODEs; its criteria's countries and those of its
 * LOCODEs; its HS prefixes as HS codes (a filter prefix `3004` matches a profile on `300420`, as it
 * would an alert); its own category, else the one category its criteria name; the one mode its
 * criteria name; its own risk level, else its criteria's minimum. A message holds one category
 * and one mode, so criteria naming several leave that fact unknown, and a filter constraining it
 * does not match: such a profile reaches its subscribers through the other fields.
 */
function profileFacts(body: Loose): MatchableMessage {
  const criteria = asRecord(body.criteria);
  const locodes = unique(listOf(criteria.locodes).map(asString));
  return {
    kind: 'RISK_PROFILE',
    category: oneOf(ALERT_CATEGORIES, body.category) ?? soleOf(ALERT_CATEGORIES, criteria.categories),
    riskLevel: oneOf(RISK_LEVELS, body.riskLevel) ?? oneOf(RISK_LEVELS, criteria.minRiskLevel),
    mode: soleOf(TRANSPORT_MODES, criteria.modes),
    locodes,
    countries: unique([...listOf(criteria.countries).map(asString), ...countriesOf(locodes)]),
    hsCodes: unique(listOf(criteria.hsPrefixes).map(asString)),
  };
}

type Loose = Record<string, unknown>;

function asRecord(value: unknown): Loose {
  return typeof value === 'object' && value !== null ? (value as Loose) : {};
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringField(value: unknown, field: string): string | undefined {
  return asString(asRecord(value)[field]);
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function countriesOf(locodes: readonly string[]): string[] {
  return unique(locodes.map((locode) => (locode.length >= 2 ? locode.slice(0, 2) : undefined)));
}

/** The value when `values` is a list holding exactly one value of the vocabulary (repeats aside). */
function soleOf<T extends string>(vocabulary: readonly T[], values: unknown): T | undefined {
  const known = unique(listOf(values).map((value) => oneOf(vocabulary, value)));
  return known.length === 1 ? (known[0] as T) : undefined;
}

function oneOf<T extends string>(vocabulary: readonly T[], value: unknown): T | undefined {
  return vocabulary.includes(value as T) ? (value as T) : undefined;
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined))];
}

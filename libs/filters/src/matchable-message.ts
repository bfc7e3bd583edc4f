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
 */
export function toMatchable(envelope: Envelope<unknown>): MatchableMessage {
  const body = asRecord(envelope.body);
  const locodes = unique(listOf(body.itinerary).map((point) => stringField(point, 'locode')));
  return {
    kind: envelope.kind,
    category: oneOf(ALERT_CATEGORIES, body.category),
    riskLevel: oneOf(RISK_LEVELS, body.riskLevel),
    mode: oneOf(TRANSPORT_MODES, body.mode),
    locodes,
    countries: unique(locodes.map((locode) => (locode.length >= 2 ? locode.slice(0, 2) : undefined))),
    hsCodes: unique(listOf(body.goods).map((line) => stringField(line, 'hsCode'))),
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
  const candidate = asRecord(value)[field];
  return typeof candidate === 'string' && candidate !== '' ? candidate : undefined;
}

function oneOf<T extends string>(vocabulary: readonly T[], value: unknown): T | undefined {
  return vocabulary.includes(value as T) ? (value as T) : undefined;
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined))];
}

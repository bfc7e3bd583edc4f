import { riskRank, type AlertCategory, type RiskProfileBody, type TransportMode } from '@iren/contracts';
import { namePatternMatches } from './name-pattern';

/** The facts of a shipment that risk profiles look at (the `POST /screen` body). */
export interface ScreenedShipment {
  itinerary: { locode: string }[];
  goods: { hsCode: string }[];
  transport?: { containers?: string[] };
  parties?: { shipper?: string; consignee?: string };
  mode?: TransportMode;
  category?: AlertCategory;
}

/** A risk profile as a node received it. */
export interface ReceivedProfile {
  messageId: string;
  origin: string;
  body: RiskProfileBody;
}

/** One criterion or indicator that holds: the profile's values that matched and the shipment's values they matched. */
export interface ScreeningReason {
  field: string;
  profile: string[];
  shipment: string[];
}

/** A risk profile that fits the shipment, and why. */
export interface ProfileHit {
  messageId: string;
  origin: string;
  profileId: string;
  version: number;
  title: string;
  recommendedAction: RiskProfileBody['recommendedAction'];
  category?: AlertCategory;
  riskLevel?: RiskProfileBody['riskLevel'];
  validUntil: string;
  reasons: ScreeningReason[];
  /** Criteria on facts the shipment did not state (its category or mode): neither held nor failed. */
  unchecked: string[];
}

/**
 * The profiles that fit a shipment at `now`, most severe first, then by profile id. A profile
 * counts while `validFrom <= now < validUntil`, and only in its highest version received from its
 * origin. It fits when:
 * - every criterion it constrains holds: an itinerary LOCODE or country among its own, a goods
 *   HS code under one of its prefixes, the shipment's category and mode among its own (a category
 *   or mode the shipment does not state is reported as unchecked rather than held against it);
 *   `minRiskLevel` says which units receive the profile and is not a fact of a shipment;
 * - when it names indicators, at least one holds (a shipper or consignee name fitting a pattern,
 *   a container whose owner prefix it lists);
 * - and at least one criterion or indicator actually holds.
 */
export function screenShipment(shipment: ScreenedShipment, profiles: ReceivedProfile[], now: Date): ProfileHit[] {
  return inForce(profiles, now)
    .flatMap((profile) => {
      const hit = fit(shipment, profile);
      return hit ? [hit] : [];
    })
    .sort((a, b) => severity(b) - severity(a) || (a.profileId < b.profileId ? -1 : a.profileId > b.profileId ? 1 : 0));
}

/** Whether the profile is in force at `now`: from `validFrom` (inclusive) to `validUntil` (exclusive). */
export function isActive(body: RiskProfileBody, now: Date): boolean {
  const time = now.getTime();
  return Date.parse(body.validFrom) <= time && time < Date.parse(body.validUntil);
}

/** The profiles in force at `now`, each in the highest version in force received from its origin. */
export function inForce(profiles: ReceivedProfile[], now: Date): ReceivedProfile[] {
  const latest = new Map<string, ReceivedProfile>();
  for (const profile of profiles) {
    if (!isActive(profile.body, now)) continue;
    const key = `${profile.origin} ${profile.body.profileId}`;
    const held = latest.get(key);
    if (!held || profile.body.version > held.body.version) latest.set(key, profile);
  }
  return [...latest.values()];
}

function fit(shipment: ScreenedShipment, { messageId, origin, body }: ReceivedProfile): ProfileHit | undefined {
  const criteria = criteriaReasons(shipment, body);
  if (criteria === undefined) return undefined;
  const indicators = indicatorReasons(shipment, body);
  const namesIndicators = Object.values(body.indicators ?? {}).some((list) => Array.isArray(list) && list.length);
  if (namesIndicators && indicators.length === 0) return undefined;
  const reasons = [...criteria.held, ...indicators];
  if (reasons.length === 0) return undefined;
  return {
    messageId,
    origin,
    profileId: body.profileId,
    version: body.version,
    title: body.title,
    recommendedAction: body.recommendedAction,
    ...(body.category && { category: body.category }),
    ...(body.riskLevel && { riskLevel: body.riskLevel }),
    validUntil: body.validUntil,
    reasons,
    unchecked: criteria.unchecked,
  };
}

/** The criteria that hold and those left unchecked; undefined as soon as one fails. */
function criteriaReasons(
  shipment: ScreenedShipment,
  { criteria }: RiskProfileBody,
): { held: ScreeningReason[]; unchecked: string[] } | undefined {
  const locodes = unique(shipment.itinerary.map((point) => point.locode));
  const checks: [string, string[] | undefined, ScreeningReason | undefined][] = [
    ['locodes', criteria.locodes, shared('locodes', criteria.locodes, locodes)],
    [
      'countries',
      criteria.countries,
      shared('countries', criteria.countries, unique(locodes.map((l) => l.slice(0, 2)))),
    ],
    [
      'hsPrefixes',
      criteria.hsPrefixes,
      underPrefixes(
        criteria.hsPrefixes,
        shipment.goods.map((g) => g.hsCode),
      ),
    ],
    ['categories', criteria.categories, shared('categories', criteria.categories, listOf(shipment.category))],
    ['modes', criteria.modes, shared('modes', criteria.modes, listOf(shipment.mode))],
  ];
  const held: ScreeningReason[] = [];
  const unchecked: string[] = [];
  for (const [field, wanted, reason] of checks) {
    if (!wanted?.length) continue;
    const stated = field === 'categories' ? shipment.category : field === 'modes' ? shipment.mode : true;
    if (stated === undefined) unchecked.push(field);
    else if (reason === undefined) return undefined;
    else held.push(reason);
  }
  return { held, unchecked };
}

function indicatorReasons(shipment: ScreenedShipment, { indicators }: RiskProfileBody): ScreeningReason[] {
  const reasons = [
    namesFitting('shipperPatterns', indicators?.shipperPatterns, shipment.parties?.shipper),
    namesFitting('consigneePatterns', indicators?.consigneePatterns, shipment.parties?.consignee),
    ownerPrefixes(indicators?.containerOwnerPrefixes, shipment.transport?.containers ?? []),
  ];
  return reasons.filter((reason): reason is ScreeningReason => reason !== undefined);
}

function shared(field: string, wanted: readonly string[] | undefined, present: string[]): ScreeningReason | undefined {
  const matched = present.filter((value) => wanted?.includes(value));
  return matched.length ? { field, profile: matched, shipment: matched } : undefined;
}

function underPrefixes(prefixes: readonly string[] | undefined, codes: string[]): ScreeningReason | undefined {
  const profile = (prefixes ?? []).filter((prefix) => codes.some((code) => code.startsWith(prefix)));
  const shipment = unique(codes).filter((code) => profile.some((prefix) => code.startsWith(prefix)));
  return profile.length ? { field: 'hsPrefixes', profile, shipment } : undefined;
}

function namesFitting(field: string, patterns: readonly string[] | undefined, name: string | undefined) {
  const profile = name === undefined ? [] : (patterns ?? []).filter((pattern) => namePatternMatches(pattern, name));
  return profile.length ? { field, profile, shipment: [name!] } : undefined;
}

function ownerPrefixes(prefixes: readonly string[] | undefined, containers: string[]): ScreeningReason | undefined {
  const shipment = containers.filter((container) => prefixes?.includes(container.slice(0, 4).toUpperCase()));
  const profile = (prefixes ?? []).filter((prefix) => shipment.some((c) => c.slice(0, 4).toUpperCase() === prefix));
  return profile.length ? { field: 'containerOwnerPrefixes', profile, shipment } : undefined;
}

function severity(hit: ProfileHit): number {
  return hit.riskLevel ? riskRank(hit.riskLevel) : -1;
}

function listOf<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

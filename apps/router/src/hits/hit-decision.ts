import type { HitIdentifier } from '@iren/contracts';

/** An alert as the hit index keeps it: what a HIT may tell of it. */
export interface SeenAlert {
  id: string;
  origin: string;
  createdAt: Date;
  title: string | null;
}

/** One node's side of a hit: its latest alert naming the identifier, and how many it sent since the hit began. */
export interface HitSide {
  node: string;
  latest: SeenAlert;
  count: number;
}

/**
 * A hit: two nodes whose alerts named the same identifier within the window. One per identifier and
 * pair of nodes, however many alerts they send: later alerts update it, and its nodes are told at
 * most once per digest interval.
 */
export interface HitState {
  identifier: HitIdentifier;
  /** Ordered by node id (code points), so a pair has one spelling. */
  sides: [HitSide, HitSide];
  /** Notices made so far; the next is numbered one more. */
  notifiedSeq: number;
  /** Alerts in the hit when the last notice was made. */
  notifiedCount: number;
  /** When the last notice was made (the router's clock). */
  notifiedAt: Date;
}

/** What a digest adds to a HIT: how many alerts the hit holds, and how many came since the previous HIT. */
export interface HitDigest {
  alertCount: number;
  alertsSinceLastHit: number;
}

/** A notice to make: the hit's `sequence`th, a digest unless it opens the hit. */
export interface HitNoticeDue {
  sequence: number;
  digest: HitDigest | null;
}

export interface HitOutcome {
  hit: HitState;
  notice: HitNoticeDue | null;
}

export interface HitRules {
  windowMs: number;
  /** At most one notice per hit in this time: later alerts wait for the digest. */
  digestMs: number;
}

/** Alerts the hit holds, both sides. */
export function alertCountOf(hit: HitState): number {
  return hit.sides[0].count + hit.sides[1].count;
}

/** The later of two alerts (by time, then id), so the order alerts are routed in does not matter. */
export function laterAlert(a: SeenAlert, b: SeenAlert): SeenAlert {
  const byTime = a.createdAt.getTime() - b.createdAt.getTime();
  return byTime > 0 || (byTime === 0 && a.id > b.id) ? a : b;
}

/** The two alerts of a hit in a stable order, the earlier first (then by id), whichever was routed first. */
export function orderPair(a: SeenAlert, b: SeenAlert): [SeenAlert, SeenAlert] {
  return laterAlert(a, b) === b ? [a, b] : [b, a];
}

/** The two nodes in the order a hit keeps them. */
export function orderNodes(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

/**
 * The hit after `alert` (newly counted) met `other`, the latest alert of another node naming the same
 * identifier within the window. No hit yet, or one whose alerts all lie outside the window of this
 * one (the nodes met again long after): the hit (re)opens with the two alerts and both nodes are
 * told at once. Otherwise the alert's side is updated and a digest is due only when the last notice
 * is at least the digest interval old; else it waits for the sweeper.
 */
export function hitAfterAlert(
  existing: HitState | null,
  identifier: HitIdentifier,
  alert: SeenAlert,
  other: SeenAlert,
  now: Date,
  rules: HitRules,
): HitOutcome {
  if (existing === null || isDormant(existing, alert, rules.windowMs)) {
    const mine: HitSide = { node: alert.origin, latest: alert, count: 1 };
    const theirs: HitSide = { node: other.origin, latest: other, count: 1 };
    const sides: [HitSide, HitSide] = mine.node < theirs.node ? [mine, theirs] : [theirs, mine];
    const sequence = (existing?.notifiedSeq ?? 0) + 1;
    return {
      hit: { identifier, sides, notifiedSeq: sequence, notifiedCount: 2, notifiedAt: now },
      notice: { sequence, digest: null },
    };
  }
  const sides = existing.sides.map((side) =>
    side.node === alert.origin ? { ...side, latest: laterAlert(side.latest, alert), count: side.count + 1 } : side,
  ) as [HitSide, HitSide];
  return withDueDigest({ ...existing, sides }, now, rules.digestMs);
}

/** The hit with its digest made, when alerts wait untold and the last notice is at least `digestMs` old. */
export function withDueDigest(hit: HitState, now: Date, digestMs: number): HitOutcome {
  const alertCount = alertCountOf(hit);
  if (alertCount <= hit.notifiedCount || now.getTime() - hit.notifiedAt.getTime() < digestMs) {
    return { hit, notice: null };
  }
  const sequence = hit.notifiedSeq + 1;
  return {
    hit: { ...hit, notifiedSeq: sequence, notifiedCount: alertCount, notifiedAt: now },
    notice: { sequence, digest: { alertCount, alertsSinceLastHit: alertCount - hit.notifiedCount } },
  };
}

function isDormant(hit: HitState, alert: SeenAlert, windowMs: number): boolean {
  const latest = laterAlert(hit.sides[0].latest, hit.sides[1].latest);
  return latest.createdAt.getTime() < alert.createdAt.getTime() - windowMs;
}

import { createHash } from 'node:crypto';
import { parseNodeId, type Envelope, type HitAlert, type HitBody, type HitIdentifier } from '@iren/contracts';
import { type HitDigest, type HitNoticeDue, type HitState, orderPair, type SeenAlert } from './hit-decision';

/** An alert as the hit index knows it, with the nodes its routing decision reached. */
export interface IndexedAlert extends SeenAlert {
  /** The recorded recipients of the alert (`router.routed_messages`). */
  recipients: readonly string[];
}

/**
 * One notice of a hit, as recorded before it is published: the two alerts it tells of (the latest
 * of each node, the earlier first) and, unless it opens the hit, the digest counts. Both nodes of
 * the hit receive it, each as its entitlement allows.
 */
export interface HitNotice {
  hitId: string;
  sequence: number;
  identifier: HitIdentifier;
  alerts: [SeenAlert, SeenAlert];
  digest: HitDigest | null;
  windowDays: number;
  madeAt: Date;
  /** The alert whose routing made the notice; null for a digest the sweeper made. */
  triggeredBy: string | null;
  correlationId: string | null;
}

/** Whether `node` was entitled to see `alert`: it sent it, or the router delivered it there. */
export function maySee(node: string, alert: IndexedAlert): boolean {
  return node === alert.origin || alert.recipients.includes(node);
}

/**
 * The alert as `node` is told of it. Entitled: its id, origin node, exact time and title.
 * Otherwise the redacted form: that an alert exists, its origin's country and the UTC day it was
 * made, and nothing that would let the node find or identify it (no id, node or title).
 */
export function hitAlertFor(node: string, alert: IndexedAlert): HitAlert {
  const createdAt = alert.createdAt.toISOString();
  if (maySee(node, alert)) {
    return { visible: true, id: alert.id, origin: alert.origin, createdAt, ...(alert.title && { title: alert.title }) };
  }
  const country = parseNodeId(alert.origin)?.country ?? alert.origin.slice(0, 2);
  return { visible: false, origin: country, createdAt: createdAt.slice(0, 10) };
}

/** Where a notice came from, beyond the hit itself. */
export interface NoticeContext {
  windowDays: number;
  triggeredBy: string | null;
  correlationId: string | null;
}

/** The notice a hit's change made: the latest alert of each node, at the time the hit was last notified. */
export function noticeOf(hitId: string, hit: HitState, due: HitNoticeDue, context: NoticeContext): HitNotice {
  return {
    hitId,
    sequence: due.sequence,
    identifier: hit.identifier,
    alerts: orderPair(hit.sides[0].latest, hit.sides[1].latest),
    digest: due.digest,
    madeAt: hit.notifiedAt,
    ...context,
  };
}

/**
 * `hit:<hit id>:<sequence>:<node>`: the JetStream dedupe id of one notice's delivery to one node.
 * The hit id stands for the identifier, so its value never shows in a header.
 */
export function hitDeliveryId(hitId: string, sequence: number, node: string): string {
  return `hit:${hitId}:${sequence}:${node}`;
}

/**
 * The HIT one node of the hit receives for a notice. Its `origin` is the receiving node itself: a
 * HIT is made by the network about that node's own alert, and naming the other alert's node as
 * origin would disclose what the redaction hides. Its id is derived from the delivery id and its
 * time is the notice's, so a notice published twice is the same HIT.
 */
export function hitEnvelope(
  notice: HitNotice,
  node: string,
  recipients: ReadonlyMap<string, readonly string[]>,
): Envelope<HitBody> {
  const alerts = notice.alerts.map((alert) =>
    hitAlertFor(node, { ...alert, recipients: recipients.get(alert.id) ?? [] }),
  );
  return {
    id: nameBasedUuid(hitDeliveryId(notice.hitId, notice.sequence, node)),
    kind: 'HIT',
    origin: node,
    createdAt: notice.madeAt.toISOString(),
    tlp: 'AMBER',
    to: { nodes: [node], countries: [], groups: [] },
    body: { identifier: notice.identifier, alerts, windowDays: notice.windowDays, ...notice.digest },
  };
}

/** Namespace of the router's name-based UUIDs (RFC 4122 version 5); any fixed value would do. */
const HIT_NAMESPACE = Buffer.from('5d3a8f2e6b1c4e0a9f7d2c4b8a6e1f03', 'hex');

/** RFC 4122 version 5 UUID of `name`: the same name always gives the same id. */
export function nameBasedUuid(name: string): string {
  const hash = createHash('sha1').update(HIT_NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

import { createHash } from 'node:crypto';
import { parseNodeId, type Envelope, type HitAlert, type HitBody, type HitIdentifier } from '@iren/contracts';
import { identifierKey } from './identifiers';

/** An alert as the hit index knows it, with the nodes its routing decision reached. */
export interface IndexedAlert {
  id: string;
  origin: string;
  createdAt: Date;
  title: string | null;
  /** The recorded recipients of the alert (`router.routed_messages`). */
  recipients: readonly string[];
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

/** The two alerts of a hit in a stable order, the earlier first (then by id), whichever was routed first. */
export function orderPair(a: IndexedAlert, b: IndexedAlert): [IndexedAlert, IndexedAlert] {
  const byTime = a.createdAt.getTime() - b.createdAt.getTime();
  return byTime < 0 || (byTime === 0 && a.id < b.id) ? [a, b] : [b, a];
}

/** `hit:<alertA>:<alertB>:<TYPE>:<VALUE>:<node>`: the JetStream dedupe id of one HIT delivery. */
export function hitDeliveryId(pair: [IndexedAlert, IndexedAlert], identifier: HitIdentifier, node: string): string {
  return `hit:${pair[0].id}:${pair[1].id}:${identifierKey(identifier)}:${node}`;
}

export interface HitEnvelopeInput {
  pair: [IndexedAlert, IndexedAlert];
  identifier: HitIdentifier;
  /** One of the two origins: the node this HIT is for. */
  node: string;
  windowDays: number;
  now: Date;
}

/**
 * The HIT one origin receives. Its `origin` is the receiving node itself: a HIT is made by the
 * network about that node's own alert, and naming the other alert's node as origin would disclose
 * what the redaction hides. Its id is derived from the delivery id, so a HIT made twice is the same HIT.
 */
export function hitEnvelope({ pair, identifier, node, windowDays, now }: HitEnvelopeInput): Envelope<HitBody> {
  return {
    id: nameBasedUuid(hitDeliveryId(pair, identifier, node)),
    kind: 'HIT',
    origin: node,
    createdAt: now.toISOString(),
    tlp: 'AMBER',
    to: { nodes: [node], countries: [], groups: [] },
    body: { identifier, alerts: pair.map((alert) => hitAlertFor(node, alert)), windowDays },
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

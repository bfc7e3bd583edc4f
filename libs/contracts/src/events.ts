import type { ServiceName } from './bus/identities';

/** Types of the exchange events on `iren.events.<type>`, each one a ledger entry in the audit service. */
export const EVENT_TYPES = [
  'message.routed',
  'message.delivered',
  'message.acknowledged',
  'message.rejected',
  'message.read',
  'message.withdrawn',
  'message.amended',
  'message.feedback',
  'feedback.overdue',
  'message.hit',
  /** The admin put a dead letter back through the consumer that refused it, and it was processed. */
  'dead_letter.replayed',
  'registry.node.registered',
  'registry.node.suspended',
  'registry.node.reinstated',
  'registry.subscription.changed',
  'registry.token.issued',
  'registry.token.revoked',
  'registry.group.created',
  'registry.group.members.changed',
  'registry.key.registered',
  'registry.key.rotated',
  'registry.service_key.registered',
  'registry.nats_credentials.issued',
  'registry.nats_credentials.revoked',
  'ledger.inconsistent',
  'bus.resent',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * The services that may announce each event: the only ones allowed to publish on its subject,
 * and the only signers the audit service believes for it.
 */
export function eventProducers(type: EventType): readonly ServiceName[] {
  // What the broker lost after acknowledging it, sent again from the outbox that had sent it.
  if (type === 'ledger.inconsistent' || type === 'bus.resent') return ['gateway', 'registry'];
  if (type.startsWith('registry.')) return ['registry'];
  if (type === 'message.routed' || type === 'message.rejected' || type === 'message.hit') return ['router'];
  return ['gateway'];
}

/** The event types one service may announce. */
export function eventTypesOf(service: ServiceName): EventType[] {
  return EVENT_TYPES.filter((type) => eventProducers(type).includes(service));
}

/** The ledger type given to a message read straight from the `EXCHANGE` stream. */
export const PUBLISHED_EVENT_TYPE = 'message.published';

/**
 * The ledger type given to what was read from `EXCHANGE` but is not what it claims (unsigned,
 * forged, under another node's subject, stale): recorded with the reason, never counted as sent.
 */
export const REFUSED_EVENT_TYPE = 'message.refused';

/**
 * One exchange event. `node` is the node that acted (the origin of a routed message, the
 * recipient of a delivery); `nodes` lists every node the event concerns, for coordinators' filters.
 * `data` carries metadata only, never message content.
 */
export interface ExchangeEvent<D = Record<string, unknown>> {
  id: string;
  type: EventType;
  at: string;
  node?: string;
  nodes?: string[];
  messageId?: string;
  correlationId?: string;
  data: D;
}

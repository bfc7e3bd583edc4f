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
  'ledger.inconsistent',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The ledger type given to a message read straight from the `EXCHANGE` stream. */
export const PUBLISHED_EVENT_TYPE = 'message.published';

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

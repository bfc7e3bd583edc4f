import type { DeliveryState, Envelope } from '@iren/contracts';
import type { DeliveryEntity } from './delivery.entity';

/** One inbox item as `GET /inbox` answers it (DESIGN section 8). */
export interface InboxItem {
  cursor: string;
  message: Envelope;
  state: DeliveryState;
  deliveredAt: string;
  receivedAt: string | null;
  actionedAt: string | null;
  reasons: string[];
}

/** A recipient's delivery state, as its origin sees it in `GET /messages/{id}`. */
export interface DeliveryStatus {
  node: string;
  state: DeliveryState;
  deliveredAt: string;
  receivedAt: string | null;
  actionedAt: string | null;
}

export function toInboxItem(d: DeliveryEntity): InboxItem {
  const { node: _node, ...status } = toDeliveryStatus(d);
  return { cursor: d.cursor, message: d.envelope, reasons: d.reasons, ...status };
}

export function toDeliveryStatus(d: DeliveryEntity): DeliveryStatus {
  return {
    node: d.node,
    state: d.state,
    deliveredAt: d.deliveredAt.toISOString(),
    receivedAt: d.receivedAt?.toISOString() ?? null,
    actionedAt: d.actionedAt?.toISOString() ?? null,
  };
}

import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { ExchangeNames } from '@iren/contracts';
import { CONSUMER_POLICY, type NatsClients } from '@iren/messaging';

/**
 * Makes the durable consumer through which a node's own system reads its inbox (idempotent): every
 * delivery to the node since the stream began, redelivered until the node acks it. The node may
 * only pull from it and ack; it cannot change it, nor make another.
 */
export async function ensureNodeInboxConsumer(nats: NatsClients, names: ExchangeNames, nodeId: string): Promise<void> {
  await nats.jsm.consumers.add(names.stream('INBOX'), {
    durable_name: names.nodeInboxConsumer(nodeId),
    filter_subject: names.inboxSubject(nodeId),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(CONSUMER_POLICY.ackWaitMs),
    max_ack_pending: 1000,
  });
}

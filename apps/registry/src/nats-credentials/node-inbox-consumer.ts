import { AckPolicy, DeliverPolicy, jetstreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { type ExchangeNames, HUB_JETSTREAM_DOMAIN, siteJetStreamDomain } from '@iren/contracts';
import { CONSUMER_POLICY, type NatsClients } from '@iren/messaging';
import { type Placement, servesNode } from '@iren/platform';

/**
 * Makes the durable consumer through which a node's own system reads its inbox (idempotent): every
 * delivery to the node since the stream began, redelivered until the node acks it. The node may
 * only pull from it and ack; it cannot change it, nor make another. A node of a country with a
 * national site of its own reads its inbox at its site, whose INBOX holds its deliveries: there the
 * consumer is made, through the site's JetStream domain (`$JS.<domain>.API`, across the leaf link).
 * Answers the domain that keeps it.
 */
export async function ensureNodeInboxConsumer(
  nats: NatsClients,
  names: ExchangeNames,
  nodeId: string,
  placement: Placement,
): Promise<string> {
  const atHub = servesNode(placement, nodeId);
  const domain = atHub ? HUB_JETSTREAM_DOMAIN : siteJetStreamDomain(nodeId.slice(0, 2));
  // The site's API answers only across the link: no account check first, which the user may not ask for.
  const jsm = atHub ? nats.jsm : await jetstreamManager(nats.nc, { domain, checkAPI: false });
  await jsm.consumers.add(names.stream('INBOX'), {
    durable_name: names.nodeInboxConsumer(nodeId),
    filter_subject: names.inboxSubject(nodeId),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(CONSUMER_POLICY.ackWaitMs),
    max_ack_pending: 1000,
  });
  return domain;
}

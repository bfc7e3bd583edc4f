import { type ExchangeNames, STREAMS } from '../names';
import { type BusChannel, busChannels, type Party, type Reception } from './channels';
import type { BusIdentity, ServiceName } from './identities';

/** What one NATS user may do: the `pub`, `sub` and `resp` permissions of its JWT. */
export interface BusPermissions {
  publish: string[];
  /** Subjects refused although `publish` allows them (the server applies deny over allow). */
  publishDenied?: string[];
  subscribe: string[];
  /** May answer requests it received (request/reply servers), and only those. */
  allowResponses: boolean;
}

/**
 * The service that lays out JetStream for the network: it creates and updates the streams and the
 * registry bucket, and the consumers through which nodes read their inboxes. The others only wait
 * for the streams to exist and manage their own consumers.
 */
export const TOPOLOGY_OWNER: ServiceName = 'registry';

const JS_API = '$JS.API';

/**
 * The JetStream domain of the hub cluster (`deploy/nats/hub.conf`). A node's system at a national
 * site reaches the hub's JetStream through the site's leaf node, where `$JS.API` would stay local:
 * its client addresses `$JS.<domain>.API` (nats.js: `jetstream(nc, { domain })`), which the hub maps
 * onto its own API. Its user is granted its consumer's API subjects in both forms.
 */
export const HUB_JETSTREAM_DOMAIN = 'hub';

/**
 * Everything `identity` may publish and subscribe to on the bus, derived from the channel
 * catalogue: its channels' subjects, the JetStream API subjects of its own consumers and of the
 * streams it uses, and its own reply prefix. Nothing else: a user with these permissions cannot
 * read another's inbox, publish as another node, or listen to `_INBOX.>`.
 */
export function busPermissions(names: ExchangeNames, identity: BusIdentity): BusPermissions {
  const party: Party = identity.kind === 'service' ? identity.service : 'node';
  const node = identity.kind === 'node' ? identity.node : '';
  const publish = new Set<string>();
  const subscribe = new Set<string>([`${names.replyPrefix(identity)}.>`]);
  let allowResponses = false;
  const useStream = (stream: string | undefined) => stream && publish.add(`${JS_API}.STREAM.INFO.${stream}`);

  for (const channel of busChannels(names)) {
    const sends = channel.senders[party]?.(node) ?? [];
    sends.forEach((subject) => publish.add(subject));
    if (sends.length > 0 && party !== 'node') useStream(channel.stream);
    const reception = channel.receivers[party];
    if (!reception) continue;
    if (reception.via === 'subscription') {
      subscribe.add(reception.subject);
      allowResponses ||= channel.reply !== undefined;
    } else if (reception.via === 'watch') {
      watchGrants(channel).forEach((subject) => publish.add(subject));
    } else if (reception.via === 'get') {
      getGrants(channel).forEach((subject) => publish.add(subject));
    } else {
      consumerGrants(channel, reception, node).forEach((subject) => publish.add(subject));
      if (reception.managedBy === 'self') useStream(channel.stream);
    }
  }
  if (identity.kind === 'node') {
    const domainApi = `$JS.${HUB_JETSTREAM_DOMAIN}.API`;
    [...publish]
      .filter((s) => s.startsWith(`${JS_API}.`))
      .forEach((s) => publish.add(domainApi + s.slice(JS_API.length)));
  }
  if (identity.kind === 'service') {
    publish.add(`${JS_API}.INFO`);
    if (identity.service === TOPOLOGY_OWNER) topologyGrants(names).forEach((subject) => publish.add(subject));
  }
  return { publish: [...publish].sort(), subscribe: [...subscribe].sort(), allowResponses };
}

/** Pull and ack on one durable consumer; create and update it too when the party manages it. */
function consumerGrants(
  channel: BusChannel,
  reception: Extract<Reception, { via: 'consumer' }>,
  node: string,
): string[] {
  const stream = channel.stream!;
  const durable = reception.durable(node);
  const use = [
    `${JS_API}.CONSUMER.INFO.${stream}.${durable}`,
    `${JS_API}.CONSUMER.MSG.NEXT.${stream}.${durable}`,
    `$JS.ACK.${stream}.${durable}.>`,
  ];
  if (reception.managedBy !== 'self') return use;
  return [
    ...use,
    `${JS_API}.CONSUMER.CREATE.${stream}.${durable}`,
    // The form with the consumer's filter subject appended (NATS 2.9 and later).
    `${JS_API}.CONSUMER.CREATE.${stream}.${durable}.>`,
    `${JS_API}.CONSUMER.DURABLE.CREATE.${stream}.${durable}`,
    // To put a dead letter back through the consumer as it first saw it, read from where it is still
    // stored; and to check that the stream still holds what the consumer acked.
    `${JS_API}.STREAM.MSG.GET.${stream}`,
    // To make it again from a sequence, after the broker lost the stream's tail (`JetStreamWorker.checkPosition`).
    `${JS_API}.CONSUMER.DELETE.${stream}.${durable}`,
  ];
}

/** Reading a stream's messages by sequence number, and looking the stream up; no consumer, nothing written. */
function getGrants(channel: BusChannel): string[] {
  const stream = channel.stream!;
  return [`${JS_API}.STREAM.MSG.GET.${stream}`, `${JS_API}.STREAM.INFO.${stream}`];
}

/** A watch is an ordered push consumer of the bucket's stream, made, flow-controlled and dropped by the watcher. */
function watchGrants(channel: BusChannel): string[] {
  const stream = channel.stream!;
  return [
    `${JS_API}.STREAM.INFO.${stream}`,
    `${JS_API}.CONSUMER.CREATE.${stream}.>`,
    `${JS_API}.CONSUMER.INFO.${stream}.>`,
    `${JS_API}.CONSUMER.DELETE.${stream}.>`,
    `$JS.FC.${stream}.>`,
  ];
}

/** The topology owner's: the streams and the bucket, reading the bucket's values, and the nodes' inbox consumers. */
function topologyGrants(names: ExchangeNames): string[] {
  const streams = [...STREAMS.map((s) => names.stream(s)), names.registryBucketStream];
  const inbox = names.stream('INBOX');
  const bucket = names.registryBucketStream;
  return [
    ...streams.flatMap((s) => ['CREATE', 'UPDATE', 'INFO'].map((op) => `${JS_API}.STREAM.${op}.${s}`)),
    `${JS_API}.DIRECT.GET.${bucket}.>`,
    `${JS_API}.STREAM.MSG.GET.${bucket}`,
    `${JS_API}.CONSUMER.CREATE.${inbox}.*`,
    `${JS_API}.CONSUMER.CREATE.${inbox}.*.>`,
    `${JS_API}.CONSUMER.DURABLE.CREATE.${inbox}.*`,
    `${JS_API}.CONSUMER.INFO.${inbox}.*`,
    `${JS_API}.CONSUMER.DELETE.${inbox}.*`,
  ];
}

/**
 * The streams a user may look up (`$JS.API.STREAM.INFO.<stream>`): those it publishes to or
 * consumes from. A service that does not lay out JetStream waits for these to exist at start.
 */
export function streamsVisibleTo(permissions: BusPermissions): string[] {
  const prefix = `${JS_API}.STREAM.INFO.`;
  return permissions.publish.filter((subject) => subject.startsWith(prefix)).map((s) => s.slice(prefix.length));
}

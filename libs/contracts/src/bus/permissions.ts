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

/** The JetStream domain of a national site's server: its country code in lower case (`kz`). */
export function siteJetStreamDomain(country: string): string {
  if (!/^[A-Z]{2}$/.test(country)) throw new Error(`site country "${country}" must be an ISO 3166-1 alpha-2 code`);
  return country.toLowerCase();
}

export interface BusPermissionOptions {
  /**
   * The national sites of the hub (`IREN_SITES`): the topology owner lays out the hub's stream of
   * each (`siteStream(CC)`). A stream name is one subject token, so no wildcard can grant them.
   */
  sites?: readonly string[];
}

/**
 * Everything `identity` may publish and subscribe to on the bus, derived from the channel
 * catalogue: its channels' subjects, the JetStream API subjects of its own consumers and of the
 * streams it uses, and its own reply prefix. Nothing else: a user with these permissions cannot
 * read another's inbox, publish as another node, or listen to `_INBOX.>`.
 */
export function busPermissions(
  names: ExchangeNames,
  identity: BusIdentity,
  options: BusPermissionOptions = {},
): BusPermissions {
  const party: Party = identity.kind === 'service' ? identity.service : 'node';
  const node = identity.kind === 'node' ? identity.node : '';
  const publish = new Set<string>();
  const subscribe = new Set<string>([`${names.replyPrefix(identity)}.>`]);
  let allowResponses = false;
  // Looking a stream up is what a service waits on at start (`streamsVisibleTo`): not one of a site's own.
  const useStream = (channel: BusChannel) =>
    channel.stream && channel.streamAt !== 'site' && publish.add(`${JS_API}.STREAM.INFO.${channel.stream}`);

  for (const channel of busChannels(names)) {
    const sends = channel.senders[party]?.(node) ?? [];
    sends.forEach((subject) => publish.add(subject));
    if (sends.length > 0 && party !== 'node') useStream(channel);
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
      if (reception.managedBy === 'self') useStream(channel);
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
    leaseGrants(names, identity.service).forEach((subject) => publish.add(subject));
    if (identity.service === TOPOLOGY_OWNER) {
      topologyGrants(names, options.sites ?? []).forEach((subject) => publish.add(subject));
    }
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
    // To make it again from a sequence, after the broker lost the stream's tail (`StreamPosition.check`).
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

/**
 * A service's leases: its own keys of the lease bucket (`<service>.>`), read and written with a
 * revision check, never another service's. Any service may make the bucket (idempotent, the same
 * options everywhere), so a lease never waits for the registry to start.
 */
function leaseGrants(names: ExchangeNames, service: ServiceName): string[] {
  const stream = names.leaseBucketStream;
  return [
    `$KV.${names.leaseBucket}.${service}.>`,
    `${JS_API}.STREAM.INFO.${stream}`,
    `${JS_API}.STREAM.CREATE.${stream}`,
    `${JS_API}.STREAM.MSG.GET.${stream}`,
  ];
}

/**
 * The topology owner's: the streams (the hub's stream of each national site too) and the bucket, reading the bucket's values, and the nodes'
 * inbox consumers; and the lease bucket's replicas, which it brings up to `IREN_STREAM_REPLICAS`.
 */
function topologyGrants(names: ExchangeNames, sites: readonly string[]): string[] {
  const streams = [
    ...STREAMS.map((s) => names.stream(s)),
    names.registryBucketStream,
    ...sites.map((country) => names.siteStream(country)),
  ];
  const inbox = names.stream('INBOX');
  const bucket = names.registryBucketStream;
  return [
    // The inbox consumers of a site's nodes, made at their site across the leaf link.
    ...sites.flatMap((country) => nodeConsumerGrants(`$JS.${siteJetStreamDomain(country)}.API`, inbox)),
    ...streams.flatMap((s) => ['CREATE', 'UPDATE', 'INFO'].map((op) => `${JS_API}.STREAM.${op}.${s}`)),
    `${JS_API}.STREAM.UPDATE.${names.leaseBucketStream}`,
    `${JS_API}.DIRECT.GET.${bucket}.>`,
    `${JS_API}.STREAM.MSG.GET.${bucket}`,
    ...nodeConsumerGrants(JS_API, inbox),
    `${JS_API}.CONSUMER.INFO.${inbox}.*`,
    `${JS_API}.CONSUMER.DELETE.${inbox}.*`,
  ];
}

/** Making the nodes' inbox consumers on `inbox` through `api`, in each form a client sends the request. */
export function nodeConsumerGrants(api: string, inbox: string): string[] {
  return [
    `${api}.CONSUMER.CREATE.${inbox}.*`,
    `${api}.CONSUMER.CREATE.${inbox}.*.>`,
    `${api}.CONSUMER.DURABLE.CREATE.${inbox}.*`,
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

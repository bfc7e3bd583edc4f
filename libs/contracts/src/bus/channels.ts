import { eventTypesOf } from '../events';
import { type ExchangeNames, RPC, serviceKeyPattern } from '../names';
import { SERVICES, type ServiceName } from './identities';

/** Who may use a channel: one of the services, or `node`: a node's own system, on its own subjects only. */
export type Party = ServiceName | 'node';

/** The NATS subjects (or durable name) a party gets on a channel; `node` is the node's id, for node parties. */
type ForParty<T> = (node: string) => T;

/** How a party receives what is sent on a channel. */
export type Reception =
  /**
   * Through a durable JetStream pull consumer: pull and ack on it only. `managedBy: 'self'` lets the
   * party create and update it; a node's consumer is created by the registry and only used by the node.
   */
  | { via: 'consumer'; durable: ForParty<string>; managedBy: 'self' | 'registry' }
  /** Through a core NATS subscription to `subject` (request/reply servers subscribe in a queue group). */
  | { via: 'subscription'; subject: string }
  /** Through a watch of the registry bucket (an ordered consumer of its own). */
  | { via: 'watch' }
  /** By reading stored messages by sequence number (`$JS.API.STREAM.MSG.GET`), without a consumer. */
  | { via: 'get' };

/** Schemas of what travels on the channels (components of the AsyncAPI document). */
export const BUS_PAYLOADS = [
  'Envelope',
  'Delivery',
  'ExchangeEvent',
  'DeadLetter',
  'Checkpoint',
  'RegistryEntry',
  'RpcRequest',
  'RpcReply',
] as const;
export type BusPayload = (typeof BUS_PAYLOADS)[number];

/**
 * One subject family of the network: where it is stored, what it carries, and who may send and
 * receive on it. The catalogue of these is the one statement of the bus's permissions: the NATS
 * users' JWTs, the AsyncAPI document and the consumers' checks are all derived from it.
 */
export interface BusChannel {
  /** Stable id (the channel's key in the AsyncAPI document). */
  id: string;
  /** The subject with `{parameters}`, as AsyncAPI 3 writes addresses. */
  address: string;
  parameters: Record<string, string>;
  description: string;
  /** The JetStream stream that keeps what is sent here, if any. */
  stream?: string;
  /**
   * `site` when `stream` exists only at national sites (`npm run site:streams` makes it): nobody
   * waits for it at start, since the hub's apps would wait for ever.
   */
  streamAt?: 'site';
  payload: BusPayload;
  /** For request/reply channels: what the server answers. */
  reply?: BusPayload;
  /** Who may send, and the subject patterns each may publish on. */
  senders: Partial<Record<Party, ForParty<string[]>>>;
  /** Who may receive, and how. */
  receivers: Partial<Record<Party, Reception>>;
}

const fixed =
  (...subjects: string[]): ForParty<string[]> =>
  () =>
    subjects;

/** The same subjects for each of `services`. */
function sentBy(services: readonly ServiceName[], subjects: (service: ServiceName) => string[]): BusChannel['senders'] {
  return Object.fromEntries(services.map((s) => [s, fixed(...subjects(s))]));
}

/** Which service calls each request/reply pattern (the first word of the pattern names the server). */
const RPC_CALLERS: Record<keyof typeof RPC, readonly ServiceName[]> = {
  registerNode: ['gateway'],
  listNodes: ['gateway'],
  getNode: ['gateway'],
  setNodeStatus: ['gateway'],
  putSubscription: ['gateway'],
  getSubscription: ['gateway'],
  issueToken: ['gateway'],
  revokeToken: ['gateway'],
  createGroup: ['gateway'],
  putGroupMembers: ['gateway'],
  listGroups: ['gateway'],
  getGroup: ['gateway'],
  registerKey: ['gateway'],
  // Each service on its own subject: see `serviceKeyChannel`.
  registerServiceKey: [],
  issueNatsCredentials: ['gateway'],
  listNatsCredentials: ['gateway'],
  revokeNatsCredentials: ['gateway'],
  queryAuditEvents: ['gateway'],
  latestCheckpoint: ['gateway', 'registry'],
  auditPublicKey: ['gateway', 'registry'],
  inclusionProof: ['gateway'],
  consistencyProof: ['gateway', 'registry'],
  verifyLedger: ['gateway'],
  exchangeReport: ['gateway'],
  seizureReport: ['gateway'],
  replayAuditDeadLetter: ['gateway'],
  replayRouterDeadLetter: ['gateway'],
};

/** The services that may call a request/reply pattern (none for a service's key registration: see its channel). */
export function rpcCallers(pattern: string): readonly ServiceName[] {
  const name = (Object.keys(RPC) as (keyof typeof RPC)[]).find((n) => RPC[n] === pattern);
  return name ? RPC_CALLERS[name] : [];
}

/** The services that sign with a key of their own and register it with the registry. */
export const KEY_REGISTERING_SERVICES: readonly ServiceName[] = ['gateway', 'router'];

/** Who reads through a durable consumer, and on which stream. */
export interface DurableConsumerOwner {
  party: Party;
  stream: string;
}

/**
 * The party whose durable consumer `durable` is, and its stream, as the catalogue has it: a
 * service's own consumer, or a node's (`<ns>_node_<id>`); undefined for a name it does not know.
 */
export function durableConsumerOwner(names: ExchangeNames, durable: string): DurableConsumerOwner | undefined {
  for (const channel of busChannels(names)) {
    for (const [party, reception] of Object.entries(channel.receivers) as [Party, Reception][]) {
      if (reception.via !== 'consumer' || !channel.stream) continue;
      // A node's durable name ends in its id; the services' ignore the argument.
      const node = party === 'node' ? durable.slice(reception.durable('').length) : '';
      if ((party !== 'node' || node !== '') && reception.durable(node) === durable) {
        return { party, stream: channel.stream };
      }
    }
  }
  return undefined;
}

/** Every channel of one network (one namespace). */
export function busChannels(names: ExchangeNames): BusChannel[] {
  const ns = names.namespace;
  return [
    {
      id: 'exchange',
      address: `${ns}.pub.{country}.{node}.{kind}`,
      parameters: {
        country: 'ISO 3166-1 alpha-2 country of the origin node',
        node: 'the origin node id (KZ-PCU-AKTAU)',
        kind: 'the message kind (ALERT, RISK_PROFILE, FEEDBACK, WITHDRAWAL, AMENDMENT)',
      },
      description:
        'Messages as their origin published them, signed with the origin node’s Ed25519 key. The gateway publishes for the officers of every node; a node’s own system publishes only under its own node.',
      stream: names.stream('EXCHANGE'),
      payload: 'Envelope',
      senders: { gateway: fixed(names.publishWildcard), node: (node) => [names.nodePublishWildcard(node)] },
      receivers: {
        router: { via: 'consumer', durable: () => names.consumer('router'), managedBy: 'self' },
        audit: { via: 'consumer', durable: () => names.consumer('audit_exchange'), managedBy: 'self' },
        // Its outbox's reconciler checks that what it sent is still stored where JetStream said.
        gateway: { via: 'get' },
      },
    },
    {
      id: 'inbox',
      address: `${ns}.inbox.{node}`,
      parameters: { node: 'the recipient node id' },
      description:
        'One delivery per recipient, decided and signed by the router. The gateway stores every inbox for officers; a node’s own system reads its own inbox through the durable consumer the registry made for it.',
      stream: names.stream('INBOX'),
      payload: 'Delivery',
      senders: { router: fixed(names.inboxWildcard) },
      receivers: {
        gateway: { via: 'consumer', durable: () => names.consumer('gateway_inbox'), managedBy: 'self' },
        node: { via: 'consumer', durable: (node) => names.nodeInboxConsumer(node), managedBy: 'registry' },
      },
    },
    {
      id: 'events',
      address: `${ns}.events.{type}`,
      parameters: { type: 'the event type (message.routed, registry.node.suspended, ...)' },
      description:
        'Exchange events, each signed by the service that announces it; each service may announce only its own types. The audit service records every one in the ledger.',
      stream: names.stream('EVENTS'),
      payload: 'ExchangeEvent',
      senders: sentBy(
        SERVICES.filter((s) => eventTypesOf(s).length > 0),
        (s) => eventTypesOf(s).map((type) => names.eventSubject(type)),
      ),
      receivers: {
        audit: { via: 'consumer', durable: () => names.consumer('audit_events'), managedBy: 'self' },
        // Their outboxes' reconcilers check that what they sent is still stored where JetStream said.
        gateway: { via: 'get' },
        registry: { via: 'get' },
      },
    },
    {
      id: 'site-deliveries',
      address: `${ns}.site.{country}.inbox.{node}`,
      parameters: {
        country: 'ISO 3166-1 alpha-2 country of the national site',
        node: 'the recipient node id, a node of that site',
      },
      description:
        'Deliveries the hub’s router makes to the nodes of a national site, each vouched for as the node’s inbox subject. The hub keeps them in the site’s stream (`' +
        names.siteStream('{country}') +
        '`), which the site’s `' +
        names.fromHubStream +
        '` sources across the leaf link whenever it is up; the site’s router reads them there and puts each, unchanged, into the site’s INBOX.',
      stream: names.fromHubStream,
      streamAt: 'site',
      payload: 'Delivery',
      senders: { router: fixed(names.siteInboxSubject('*', '*')) },
      receivers: { router: { via: 'consumer', durable: () => names.consumer('from_hub'), managedBy: 'self' } },
    },
    {
      id: 'dead-letters',
      address: `${ns}.dlq.{reason}`,
      parameters: { reason: 'why the message could not be processed (bad_signature, max_deliveries, ...)' },
      description:
        'What a consumer could not process, with the reason and the message’s origin in headers, beside the server’s max-deliveries advisories. The gateway lists it for the admin (metadata only); the gateway, the router and the audit service read a letter by its sequence to put it back through the consumer that refused it.',
      stream: names.stream('DLQ'),
      payload: 'DeadLetter',
      senders: sentBy(SERVICES, () => [names.dlqWildcard]),
      receivers: { gateway: { via: 'get' }, router: { via: 'get' }, audit: { via: 'get' } },
    },
    {
      id: 'checkpoints',
      address: names.checkpointSubject,
      parameters: {},
      description:
        'Signed checkpoints of the audit ledger. Watchers act only on checkpoints signed by the audit key they pinned.',
      payload: 'Checkpoint',
      senders: { audit: fixed(names.checkpointSubject) },
      receivers: {
        gateway: { via: 'subscription', subject: names.checkpointSubject },
        registry: { via: 'subscription', subject: names.checkpointSubject },
      },
    },
    {
      id: 'registry-bucket',
      address: `$KV.${names.registryBucket}.{key}`,
      parameters: {
        key: 'nodes.<id>, subscriptions.<node>, tokens.<sha256>, groups.<id>, keys.<node>, services.<service>',
      },
      description:
        'The registry as the registry publishes it, each value signed with the registry’s key. Only the registry writes it; the other services watch it.',
      stream: names.registryBucketStream,
      payload: 'RegistryEntry',
      senders: { registry: fixed(names.registryBucketWildcard) },
      receivers: {
        registry: { via: 'watch' },
        gateway: { via: 'watch' },
        router: { via: 'watch' },
        audit: { via: 'watch' },
      },
    },
    ...rpcChannels(names),
    {
      id: 'rpc.registry.services.key',
      address: names.rpc(serviceKeyPattern('{service}')),
      parameters: { service: 'the service registering its signing key (gateway, router)' },
      description:
        'A service registers the public part of its signing key; each may publish only on its own subject, so the registry knows which service it is.',
      payload: 'RpcRequest',
      reply: 'RpcReply',
      senders: sentBy(KEY_REGISTERING_SERVICES, (s) => [names.rpc(serviceKeyPattern(s))]),
      receivers: { registry: { via: 'subscription', subject: names.rpc(RPC.registerServiceKey) } },
    },
  ];

  function rpcChannels(n: ExchangeNames): BusChannel[] {
    return (Object.keys(RPC) as (keyof typeof RPC)[])
      .filter((name) => name !== 'registerServiceKey')
      .map((name) => {
        const pattern = RPC[name];
        const server = pattern.split('.')[0] as ServiceName;
        return {
          id: `rpc.${pattern}`,
          address: n.rpc(pattern),
          parameters: {},
          description: `Request/reply: ${pattern}, answered by the ${server} service.`,
          payload: 'RpcRequest',
          reply: 'RpcReply',
          senders: sentBy(RPC_CALLERS[name], () => [n.rpc(pattern)]),
          receivers: { [server]: { via: 'subscription', subject: n.rpc(pattern) } },
        };
      });
  }
}

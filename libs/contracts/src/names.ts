import { MAX_DELIVERIES_ADVISORY_PREFIX } from './bus/dead-letters';
import type { BusIdentity } from './bus/identities';
import type { MessageKind } from './vocabulary';

export const STREAMS = ['EXCHANGE', 'INBOX', 'EVENTS', 'DLQ'] as const;
export type StreamName = (typeof STREAMS)[number];

/**
 * A national site's stream of what the hub sends it (`fromHubStream`), sourcing the hub's stream
 * for the site; made at sites only, never by the hub's `ensureStreams`.
 */
export const FROM_HUB_STREAM = 'FROM_HUB';
/** A stream an app may consume from: the network's, or at a national site also `FROM_HUB_STREAM`. */
export type ConsumableStream = StreamName | typeof FROM_HUB_STREAM;

/** Header names carried on every NATS message the network publishes. */
export const HEADERS = {
  msgId: 'Nats-Msg-Id',
  correlationId: 'Iren-Correlation-Id',
} as const;

const NAMESPACE_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;

/**
 * Every subject, stream, consumer and bucket name of one network, derived from its namespace
 * (`IREN_NAMESPACE`) so several networks or test runs share one NATS server without meeting.
 */
export class ExchangeNames {
  constructor(readonly namespace: string) {
    if (!NAMESPACE_PATTERN.test(namespace)) {
      throw new Error(`namespace "${namespace}" must match ${NAMESPACE_PATTERN}`);
    }
  }

  /** `iren.pub.<country>.<node>.<kind>`: where a node publishes. */
  publishSubject(origin: string, kind: MessageKind): string {
    return `${this.nodePublishPrefix(origin)}.${kind}`;
  }

  get publishWildcard(): string {
    return `${this.namespace}.pub.>`;
  }

  /** `iren.pub.<country>.<node>`: where one node publishes, a kind appended (`.ALERT`). */
  nodePublishPrefix(node: string): string {
    return `${this.namespace}.pub.${node.slice(0, 2)}.${node}`;
  }

  /** `iren.pub.<country>.<node>.>`: everything one node may publish. */
  nodePublishWildcard(node: string): string {
    return `${this.nodePublishPrefix(node)}.>`;
  }

  /** Reads the origin node back from a publish subject, or undefined when it is not one. */
  originOfSubject(subject: string): string | undefined {
    const parts = subject.split('.');
    return parts.length === 5 && parts[0] === this.namespace && parts[1] === 'pub' ? parts[3] : undefined;
  }

  inboxSubject(node: string): string {
    return `${this.namespace}.inbox.${node}`;
  }

  get inboxWildcard(): string {
    return `${this.namespace}.inbox.>`;
  }

  eventSubject(type: string): string {
    return `${this.namespace}.events.${type}`;
  }

  get eventWildcard(): string {
    return `${this.namespace}.events.>`;
  }

  dlqSubject(reason: string): string {
    return `${this.namespace}.dlq.${reason}`;
  }

  get dlqWildcard(): string {
    return `${this.namespace}.dlq.>`;
  }

  /** The max-deliveries advisories of every durable consumer of `stream` (kept in the DLQ stream). */
  maxDeliveriesAdvisories(stream: StreamName): string {
    return `${MAX_DELIVERIES_ADVISORY_PREFIX}.${this.stream(stream)}.*`;
  }

  stream(name: ConsumableStream): string {
    return `${this.namespace}_${name}`;
  }

  /** Durable consumer names: `<namespace>_<purpose>`. */
  consumer(purpose: string): string {
    return `${this.namespace}_${purpose}`;
  }

  /** The durable consumer on INBOX through which a node's own system reads its inbox. */
  nodeInboxConsumer(node: string): string {
    return this.consumer(`node_${node}`);
  }

  /**
   * Where replies to an identity's requests go (`_INBOX.<namespace>.<service>`,
   * `_INBOX.<namespace>.node.<node>`): each identity may subscribe only under its own prefix, so
   * nobody can listen to `_INBOX.>`. Clients pass it as their `inboxPrefix`.
   */
  replyPrefix(identity: BusIdentity): string {
    const who = identity.kind === 'service' ? identity.service : `node.${identity.node}`;
    return `_INBOX.${this.namespace}.${who}`;
  }

  /**
   * `iren.site.<CC>.>`: what the hub keeps for the national site of country CC until the site takes
   * it (the hub's stream `siteStream(CC)`, which the site's `fromHubStream` sources).
   */
  siteWildcard(country: string): string {
    return `${this.namespace}.site.${country}.>`;
  }

  /**
   * `iren.site.<CC>.inbox.<node>`: a delivery the hub's router made for a node of a national site.
   * It is vouched for as `inboxSubject(node)`, under which the site puts it in its own INBOX.
   */
  siteInboxSubject(country: string, node: string): string {
    return `${this.namespace}.site.${country}.inbox.${node}`;
  }

  /** Reads the node back from `siteInboxSubject`, or undefined when the subject is not one. */
  nodeOfSiteInboxSubject(subject: string): string | undefined {
    const parts = subject.split('.');
    return parts.length === 5 && parts[0] === this.namespace && parts[1] === 'site' && parts[3] === 'inbox'
      ? parts[4]
      : undefined;
  }

  /** The hub's stream of what waits for national site CC: `<namespace>_SITE_<CC>`. */
  siteStream(country: string): string {
    return `${this.namespace}_SITE_${country}`;
  }

  /** At a national site: the stream sourcing the hub's `siteStream` of the site's country. */
  get fromHubStream(): string {
    return this.stream(FROM_HUB_STREAM);
  }

  /**
   * `iren.link.<CC>`: the prefix on which the streams sourced and mirrored across a national site's
   * leaf link deliver (the `external.deliver` of each source); no stream captures it.
   */
  linkPrefix(country: string): string {
    return `${this.namespace}.link.${country}`;
  }

  /** Core NATS subject (not a stream: they can be derived again) of the audit's signed checkpoints. */
  get checkpointSubject(): string {
    return `${this.namespace}.ledger.checkpoints`;
  }

  get registryBucket(): string {
    return `${this.namespace}_registry`;
  }

  /** The stream behind the registry bucket, as JetStream names it. */
  get registryBucketStream(): string {
    return `KV_${this.registryBucket}`;
  }

  /** The subjects of the registry bucket's keys. */
  get registryBucketWildcard(): string {
    return `$KV.${this.registryBucket}.>`;
  }

  /**
   * The bucket of the apps' leases (who among an app's instances writes the ledger, runs a scheduled
   * job): one key per lease, `<service>.<lease>`, written only by that service's instances.
   */
  get leaseBucket(): string {
    return `${this.namespace}_leases`;
  }

  /** The stream behind the lease bucket, as JetStream names it. */
  get leaseBucketStream(): string {
    return `KV_${this.leaseBucket}`;
  }

  /** Request/reply subjects between apps (`@nestjs/microservices` patterns, namespaced). */
  rpc(pattern: string): string {
    return `${this.namespace}.rpc.${pattern}`;
  }
}

/** Request/reply patterns served by the registry, the audit service and the router; the first word names the server. */
export const RPC = {
  registerNode: 'registry.nodes.register',
  listNodes: 'registry.nodes.list',
  getNode: 'registry.nodes.get',
  setNodeStatus: 'registry.nodes.status',
  putSubscription: 'registry.subscriptions.put',
  getSubscription: 'registry.subscriptions.get',
  issueToken: 'registry.tokens.issue',
  revokeToken: 'registry.tokens.revoke',
  createGroup: 'registry.groups.create',
  putGroupMembers: 'registry.groups.members.put',
  listGroups: 'registry.groups.list',
  getGroup: 'registry.groups.get',
  registerKey: 'registry.keys.register',
  /** `registry.services.<service>.key`: a service registers its signing key on its own subject. */
  registerServiceKey: 'registry.services.*.key',
  issueNatsCredentials: 'registry.nats-credentials.issue',
  listNatsCredentials: 'registry.nats-credentials.list',
  revokeNatsCredentials: 'registry.nats-credentials.revoke',
  queryAuditEvents: 'audit.events.query',
  latestCheckpoint: 'audit.checkpoint.latest',
  auditPublicKey: 'audit.key.public',
  inclusionProof: 'audit.proofs.inclusion',
  consistencyProof: 'audit.proofs.consistency',
  verifyLedger: 'audit.ledger.verify',
  exchangeReport: 'audit.reports.exchange',
  seizureReport: 'audit.reports.seizures',
  /** Put one dead letter (by its DLQ sequence) back through the audit's consumer that refused it. */
  replayAuditDeadLetter: 'audit.dead_letters.replay',
  /** The same for the router's consumer. */
  replayRouterDeadLetter: 'router.dead_letters.replay',
} as const;

/** The pattern on which `service` registers its signing key: only that service may publish on it. */
export function serviceKeyPattern(service: string): string {
  return RPC.registerServiceKey.replace('*', service);
}

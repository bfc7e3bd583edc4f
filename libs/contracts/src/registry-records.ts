import type { ServiceName } from './bus/identities';
import type { AlertCategory, MessageKind, NodeStatus, NodeType, RiskLevel, TransportMode } from './vocabulary';

export interface NodeContact {
  email?: string;
  phone?: string;
}

/** A member of the network as the registry publishes it (KV key `nodes.<id>`). */
export interface NodeRecord {
  id: string;
  type: NodeType;
  country: string;
  name: string;
  locodes: string[];
  contact: NodeContact;
  status: NodeStatus;
  createdAt: string;
  updatedAt: string;
}

/**
 * One subscription filter (DESIGN section 5). A field left out is unconstrained; a constrained
 * field matches when any of its values does; a message matches when every constrained field does.
 */
export interface SubscriptionFilter {
  locodes?: string[];
  countries?: string[];
  hsPrefixes?: string[];
  categories?: AlertCategory[];
  modes?: TransportMode[];
  minRiskLevel?: RiskLevel;
  kinds?: MessageKind[];
}

/** A node's subscription (KV key `subscriptions.<node id>`). */
export interface SubscriptionRecord {
  nodeId: string;
  filters: SubscriptionFilter[];
  version: number;
  updatedAt: string;
}

/**
 * An officer or coordinator credential (KV key `tokens.<sha256 of the token, hex>`). Only the
 * hash ever leaves the registry; the token itself is shown once to whoever asked for it.
 */
export interface TokenRecord {
  id: string;
  nodeId: string;
  createdAt: string;
  revokedAt: string | null;
}

/**
 * One of a node's Ed25519 signing keys, public part only (the private part stays with the gateway).
 * `retiredAt` null: the active key; otherwise it still verifies messages created before that instant.
 */
export interface NodeKeyRecord {
  keyId: string;
  algorithm: 'Ed25519';
  /** SPKI PEM. */
  publicKey: string;
  status: 'ACTIVE' | 'RETIRED';
  holder: KeyHolder;
  createdAt: string;
  retiredAt: string | null;
}

/**
 * Who holds a node key's private part: the gateway (it signs for the node's officers) or the
 * node's own system (it publishes on the bus itself). A node has at most one active key of each.
 */
export const KEY_HOLDERS = ['gateway', 'node'] as const;
export type KeyHolder = (typeof KEY_HOLDERS)[number];

/** A node's signing keys, newest first (KV key `keys.<node id>`). */
export interface NodeKeysRecord {
  nodeId: string;
  keys: NodeKeyRecord[];
}

/** One Ed25519 key a service signs its messages with (public part; the private part stays with the service). */
export interface ServiceKeyRecord {
  keyId: string;
  algorithm: 'Ed25519';
  /** SPKI PEM. */
  publicKey: string;
  registeredAt: string;
}

/** A service's signing keys, oldest first (KV key `services.<service>`); every one of them verifies. */
export interface ServiceKeysRecord {
  service: ServiceName;
  keys: ServiceKeyRecord[];
}

/** KV key prefixes of the registry bucket. */
export const REGISTRY_KEYS = {
  node: (id: string) => `nodes.${id}`,
  subscription: (nodeId: string) => `subscriptions.${nodeId}`,
  token: (hash: string) => `tokens.${hash}`,
  group: (id: string) => `groups.${id}`,
  keys: (nodeId: string) => `keys.${nodeId}`,
  services: (service: ServiceName) => `services.${service}`,
} as const;

/** A NATS user issued to a node's own system, as the registry lists it (never with its secret). */
export interface NatsCredentialRecord {
  id: string;
  nodeId: string;
  /** The user's public NKey, which names it in the account's revocations. */
  user: string;
  issuedAt: string;
  revokedAt: string | null;
}

/** What issuing a node's NATS credentials answers, once: the credentials file and how to use it. */
export interface IssuedNatsCredential extends NatsCredentialRecord {
  /** The `.creds` file (user JWT and seed): a secret, shown only in this answer. */
  creds: string;
  /** The client's `inboxPrefix` (nats.js): replies to the node arrive there and nowhere else. */
  inboxPrefix: string;
  /** Where the node publishes its own signed envelopes: `<publish>.<kind>`. */
  publish: string;
  /**
   * The durable pull consumer through which the node reads its inbox (pull next and ack only), and
   * the JetStream domain that keeps it: `hub`, or a national site's (`kz`) for a node of a country
   * with a site of its own, whose system connects to its site's server.
   */
  inbox: { stream: string; consumer: string; subject: string; domain: string };
}

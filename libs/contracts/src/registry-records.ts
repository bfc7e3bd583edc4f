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
  createdAt: string;
  retiredAt: string | null;
}

/** A node's signing keys, newest first (KV key `keys.<node id>`). */
export interface NodeKeysRecord {
  nodeId: string;
  keys: NodeKeyRecord[];
}

/** KV key prefixes of the registry bucket. */
export const REGISTRY_KEYS = {
  node: (id: string) => `nodes.${id}`,
  subscription: (nodeId: string) => `subscriptions.${nodeId}`,
  token: (hash: string) => `tokens.${hash}`,
  group: (id: string) => `groups.${id}`,
  keys: (nodeId: string) => `keys.${nodeId}`,
} as const;

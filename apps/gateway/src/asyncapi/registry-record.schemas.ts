import {
  ALERT_CATEGORIES,
  GROUP_ID_PATTERN,
  GROUP_KINDS,
  KEY_HOLDERS,
  MESSAGE_KINDS,
  NODE_STATUSES,
  NODE_TYPES,
  REGISTRY_KEYS,
  RISK_LEVELS,
  SERVICES,
  TRANSPORT_MODES,
} from '@iren/contracts';
import {
  arraySchema,
  DATE_TIME,
  enumSchema,
  type JsonSchema,
  objectSchema,
  schemaRef,
  stringSchema,
} from './json-schema';

/** What the registry keeps under one key prefix of its bucket. */
interface KeyPrefix {
  /** What stands after the prefix. */
  id: string;
  /** The schema of the record under such a key. */
  record: string;
  description: string;
}

/** Every prefix of `REGISTRY_KEYS`: a prefix added there without a schema here does not compile. */
const KEY_PREFIXES: Record<keyof typeof REGISTRY_KEYS, KeyPrefix> = {
  node: { id: '<node id>', record: 'NodeRecord', description: 'a member of the network' },
  subscription: { id: '<node id>', record: 'SubscriptionRecord', description: 'a node’s subscription filters' },
  token: {
    id: '<sha256 of the token, hex>',
    record: 'TokenRecord',
    description: 'an officer’s or coordinator’s bearer token, known only by its digest',
  },
  group: { id: '<group id>', record: 'GroupRecord', description: 'a group of recipients, or a time-boxed operation' },
  keys: { id: '<node id>', record: 'NodeKeysRecord', description: 'a node’s Ed25519 signing keys, public parts' },
  services: { id: '<service>', record: 'ServiceKeysRecord', description: 'a service’s Ed25519 signing keys' },
};

/** The bucket's keys, `nodes.<node id>` and so on, with what each holds. */
export function registryKeys(): Record<string, { record: string; description: string }> {
  return Object.fromEntries(
    Object.entries(KEY_PREFIXES).map(([kind, { id, record, description }]) => {
      const key = (REGISTRY_KEYS[kind as keyof typeof REGISTRY_KEYS] as (id: string) => string)(id);
      return [key, { record, description }];
    }),
  );
}

const NODE_REF = schemaRef('NodeId');
const PUBLIC_KEY = {
  keyId: stringSchema('`<owner>#<first 16 hex digits of SHA-256 of the raw key>`'),
  algorithm: enumSchema(['Ed25519'], 'signature algorithm'),
  publicKey: stringSchema('SPKI PEM'),
};

/** The records of the registry bucket (`libs/contracts/src/registry-records.ts`, `group-records.ts`). */
export const REGISTRY_RECORD_SCHEMAS: Record<string, JsonSchema> = {
  RegistryRecord: {
    description: 'the record of one key prefix',
    oneOf: [...new Set(Object.values(KEY_PREFIXES).map((p) => p.record))].map(schemaRef),
  },
  NodeRecord: objectSchema('a member of the network', {
    id: NODE_REF,
    type: enumSchema(NODE_TYPES, 'HQ, port or air cargo control unit, or coordination'),
    country: stringSchema('ISO 3166-1 alpha-2', { pattern: '^[A-Z]{2}$' }),
    name: stringSchema('display name'),
    locodes: arraySchema(stringSchema('UN/LOCODE', { pattern: '^[A-Z]{2}[A-Z2-9]{3}$' }), 'places it controls'),
    contact: { type: 'object', properties: { email: { type: 'string' }, phone: { type: 'string' } } },
    status: enumSchema(NODE_STATUSES, 'a suspended node neither sends nor receives'),
    createdAt: DATE_TIME,
    updatedAt: DATE_TIME,
  }),
  SubscriptionRecord: objectSchema('a node’s subscription', {
    nodeId: NODE_REF,
    filters: arraySchema(schemaRef('SubscriptionFilter'), 'a message matches when any filter does'),
    version: { type: 'integer', minimum: 1 },
    updatedAt: DATE_TIME,
  }),
  SubscriptionFilter: {
    type: 'object',
    description: 'a message matches when every constrained field does; a field matches when any of its values does',
    properties: {
      locodes: { type: 'array', items: { type: 'string' } },
      countries: { type: 'array', items: { type: 'string' } },
      hsPrefixes: { type: 'array', items: { type: 'string', pattern: '^\\d{2,6}$' } },
      categories: { type: 'array', items: enumSchema(ALERT_CATEGORIES, 'alert category') },
      modes: { type: 'array', items: enumSchema(TRANSPORT_MODES, 'transport mode') },
      minRiskLevel: enumSchema(RISK_LEVELS, 'lowest risk level that matches'),
      kinds: { type: 'array', items: enumSchema(MESSAGE_KINDS, 'message kind') },
    },
  },
  TokenRecord: objectSchema('a bearer token, by digest only', {
    id: stringSchema('the token’s id (what revocation names)'),
    nodeId: NODE_REF,
    createdAt: DATE_TIME,
    revokedAt: { oneOf: [{ type: 'null' }, DATE_TIME], description: 'null while the token is valid' },
  }),
  GroupRecord: objectSchema(
    'a group, or an operation: a group with a window',
    {
      id: stringSchema('group id', { pattern: GROUP_ID_PATTERN.source }),
      name: stringSchema('display name'),
      kind: enumSchema(GROUP_KINDS, 'an OPERATION has startsAt and endsAt'),
      startsAt: DATE_TIME,
      endsAt: DATE_TIME,
      members: arraySchema(NODE_REF, 'node ids, sorted'),
      createdAt: DATE_TIME,
      updatedAt: DATE_TIME,
    },
    ['startsAt', 'endsAt'],
  ),
  NodeKeysRecord: objectSchema('a node’s signing keys, newest first', {
    nodeId: NODE_REF,
    keys: arraySchema(
      objectSchema('one key: the active one, or a retired one that still verifies what was created before', {
        ...PUBLIC_KEY,
        status: enumSchema(['ACTIVE', 'RETIRED'], 'whether it signs new messages'),
        holder: enumSchema(KEY_HOLDERS, 'who holds the private part: the gateway, or the node’s own system'),
        createdAt: DATE_TIME,
        retiredAt: { oneOf: [{ type: 'null' }, DATE_TIME], description: 'null while active' },
      }),
      'the keys',
    ),
  }),
  ServiceKeysRecord: objectSchema('a service’s signing keys, oldest first; every one verifies', {
    service: enumSchema(SERVICES, 'the service'),
    keys: arraySchema(objectSchema('one key', { ...PUBLIC_KEY, registeredAt: DATE_TIME }), 'the keys'),
  }),
};

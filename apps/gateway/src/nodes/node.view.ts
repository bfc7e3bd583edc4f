import { ApiProperty } from '@nestjs/swagger';
import { locationOf } from '@iren/contracts';
import {
  type IssuedNatsCredential,
  KEY_HOLDERS,
  type KeyHolder,
  type NatsCredentialRecord,
  NODE_STATUSES,
  NODE_TYPES,
  NodeContactDto,
  type NodeKeyRecord,
  type NodeRecord,
  type NodeStatus,
  type NodeType,
  type SubscriptionFilter,
  SubscriptionFilterDto,
  type SubscriptionRecord,
} from '@iren/contracts';

// The answers' shapes for the OpenAPI document, kept to the registry's records by `implements`;
// the answers are the records themselves (the classes are never instantiated).

const DATE_TIME = { format: 'date-time', example: '2026-11-20T09:30:00.000Z' } as const;

/** One of a node's Ed25519 signing keys, public part only. */
export class NodeKeyView implements NodeKeyRecord {
  @ApiProperty({ example: 'KZ-PCU-AKTAU#2026-01' })
  keyId: string;

  @ApiProperty({ enum: ['Ed25519'] })
  algorithm: 'Ed25519';

  @ApiProperty({
    description: 'SPKI PEM',
    example: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA...\n-----END PUBLIC KEY-----\n',
  })
  publicKey: string;

  @ApiProperty({ enum: ['ACTIVE', 'RETIRED'], example: 'ACTIVE' })
  status: 'ACTIVE' | 'RETIRED';

  @ApiProperty({ enum: [...KEY_HOLDERS], description: 'who holds the private part: the gateway or the node itself' })
  holder: KeyHolder;

  @ApiProperty(DATE_TIME)
  createdAt: string;

  @ApiProperty({ type: String, ...DATE_TIME, nullable: true, description: 'null for the active key' })
  retiredAt: string | null;
}

/** A member of the network as the registry publishes it. */
export class NodeRecordView implements NodeRecord {
  @ApiProperty({ example: 'KZ-PCU-AKTAU' })
  id: string;

  @ApiProperty({ enum: [...NODE_TYPES], example: 'PCU' })
  type: NodeType;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'KZ' })
  country: string;

  @ApiProperty({ example: 'Aktau seaport PCU' })
  name: string;

  @ApiProperty({ type: [String], description: 'UN/LOCODEs of the ports it covers', example: ['KZAAU'] })
  locodes: string[];

  @ApiProperty({ type: () => NodeContactDto })
  contact: NodeContactDto;

  @ApiProperty({ enum: [...NODE_STATUSES], example: 'ACTIVE' })
  status: NodeStatus;

  @ApiProperty(DATE_TIME)
  createdAt: string;

  @ApiProperty(DATE_TIME)
  updatedAt: string;
}

/** One of the ports or airports a node covers, named. */
export class NodePlaceView {
  @ApiProperty({ example: 'KZAAU' })
  locode: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'null for a code the shipped UN/LOCODE list does not hold',
    example: 'Aktau',
  })
  name: string | null;
}

/** A node with the public parts of its signing keys, newest first, and its ports' names. */
export class NodeView extends NodeRecordView {
  @ApiProperty({ type: () => [NodeKeyView] })
  keys: NodeKeyView[];

  @ApiProperty({ type: () => [NodePlaceView], description: 'its locodes, in the same order, with their names' })
  places: NodePlaceView[];
}

/** A node as the registry answers it, with its ports' names from the shipped UN/LOCODE list. */
export function withPlaces<N extends NodeRecord>(node: N): N & { places: NodePlaceView[] } {
  return { ...node, places: node.locodes.map((locode) => ({ locode, name: locationOf(locode)?.name ?? null })) };
}

/** `POST /nodes`: the node and its first officer token, shown once. */
export class RegisteredNodeView {
  @ApiProperty({ type: () => NodeRecordView })
  node: NodeRecordView;

  @ApiProperty({
    description: 'the first officer token: shown only in this answer',
    example: 'irn_Jx2b9Qe0kVf4T1mZcR8uYw3nL6pA5sD7gH0jK2lM4oE',
  })
  token: string;
}

/** `POST /nodes/{id}/tokens`: a new officer token, shown once. */
export class IssuedTokenView {
  @ApiProperty({ format: 'uuid', description: 'the token id, to revoke it by' })
  id: string;

  @ApiProperty({
    description: 'the officer token: shown only in this answer',
    example: 'irn_Jx2b9Qe0kVf4T1mZcR8uYw3nL6pA5sD7gH0jK2lM4oE',
  })
  token: string;
}

/** A node's subscription filters, as the registry holds them. */
export class SubscriptionView implements SubscriptionRecord {
  @ApiProperty({ example: 'KZ-PCU-AKTAU' })
  nodeId: string;

  @ApiProperty({ type: () => [SubscriptionFilterDto] })
  filters: SubscriptionFilter[];

  @ApiProperty({ minimum: 0, example: 3, description: 'grows by one with each change' })
  version: number;

  @ApiProperty(DATE_TIME)
  updatedAt: string;
}

/** A NATS user issued to a node's own system, never with its secret. */
export class NatsCredentialView implements NatsCredentialRecord {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'KZ-PCU-AKTAU' })
  nodeId: string;

  @ApiProperty({ description: "the user's public NKey, which names it in the account's revocations" })
  user: string;

  @ApiProperty(DATE_TIME)
  issuedAt: string;

  @ApiProperty({ type: String, ...DATE_TIME, nullable: true })
  revokedAt: string | null;
}

/** Where the node's system reads its inbox from. */
export class NatsInboxView {
  @ApiProperty({ description: 'the JetStream stream' })
  stream: string;

  @ApiProperty({ description: 'the durable pull consumer (pull next and ack only)' })
  consumer: string;

  @ApiProperty({ description: "the node's inbox subject" })
  subject: string;

  @ApiProperty({
    example: 'hub',
    description:
      "the JetStream domain that keeps the consumer: `hub`, or a national site's (`kz`) for a node of a country with a site of its own, whose system connects to its site's NATS server",
  })
  domain: string;
}

/** `POST /nodes/{id}/nats-credentials`: the credentials file, shown once, and how to use it. */
export class IssuedNatsCredentialView extends NatsCredentialView implements IssuedNatsCredential {
  @ApiProperty({ description: 'the .creds file (user JWT and seed): a secret, shown only in this answer' })
  creds: string;

  @ApiProperty({ description: "the client's inboxPrefix (nats.js): replies to the node arrive there and nowhere else" })
  inboxPrefix: string;

  @ApiProperty({ description: 'where the node publishes its own signed envelopes: `<publish>.<kind>`' })
  publish: string;

  @ApiProperty({ type: () => NatsInboxView })
  inbox: NatsInboxView;
}

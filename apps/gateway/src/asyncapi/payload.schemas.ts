import { CHECKPOINT_FORMAT } from '@iren/ledger';
import {
  type BusPayload,
  EVENT_TYPES,
  GROUP_ID_PATTERN,
  HANDLING_CODES,
  MESSAGE_KINDS,
  NODE_TYPES,
  TLP_LEVELS,
} from '@iren/contracts';
import {
  arraySchema,
  BASE64,
  DATE_TIME,
  enumSchema,
  type JsonSchema,
  objectSchema,
  schemaRef,
  stringSchema,
} from './json-schema';

/** Node ids as `parseNodeId` reads them: country, one of NODE_TYPES, location (`KZ-PCU-AKTAU`). */
export const NODE_ID_PATTERN = `^[A-Z]{2}-(${NODE_TYPES.join('|')})-[A-Z0-9]{2,16}$`;

const nodeId = (description: string): JsonSchema => stringSchema(description, { pattern: NODE_ID_PATTERN });
const COUNTRY = stringSchema('ISO 3166-1 alpha-2', { pattern: '^[A-Z]{2}$' });
const GROUP_ID = stringSchema('a group or operation id', { pattern: GROUP_ID_PATTERN.source });

/** Schemas the payloads share. */
const SHARED: Record<string, JsonSchema> = {
  NodeId: nodeId('a node id: country, type, location'),
  Addressing: objectSchema('who the message is addressed to, besides the subscribers its TLP lets it reach', {
    nodes: arraySchema(schemaRef('NodeId'), 'named nodes'),
    countries: arraySchema(COUNTRY, 'every active node of these countries'),
    groups: arraySchema(GROUP_ID, 'the members of these groups and running operations'),
  }),
  EnvelopeSignature: objectSchema('Ed25519 over the RFC 8785 canonical JSON of the envelope without `signature`', {
    keyId: stringSchema('the origin node’s registered key that signed (`<node>#<digest>`)'),
    value: { ...BASE64, description: 'the 64-byte signature, base64' },
  }),
};

/** The JSON Schema of every payload that travels on the bus (`BUS_PAYLOADS`), and what they refer to. */
export const PAYLOAD_SCHEMAS: Record<BusPayload, JsonSchema> & Record<string, JsonSchema> = {
  ...SHARED,
  Envelope: objectSchema(
    'A message as its origin published it (DESIGN section 3). Everything but `signature` is covered by the signature.',
    {
      id: stringSchema('the message id, also its `Nats-Msg-Id`', { format: 'uuid' }),
      kind: enumSchema(MESSAGE_KINDS, 'what the body is'),
      origin: nodeId('the node that published it; the subject names the same node'),
      createdAt: { ...DATE_TIME, description: 'when the origin created it' },
      tlp: enumSchema(TLP_LEVELS, 'Traffic Light Protocol 2.0: who may receive it'),
      handling: enumSchema(HANDLING_CODES, 'handling code carried to the recipients'),
      to: schemaRef('Addressing'),
      operation: stringSchema('an operation id: the message stays within its members', {
        pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$',
      }),
      body: {
        type: 'object',
        description:
          'the body of its kind (alert, risk profile, feedback, withdrawal, amendment, hit), as the OpenAPI document at /api/docs-json describes it',
      },
      signature: schemaRef('EnvelopeSignature'),
    },
    ['handling', 'to', 'operation'],
  ),
  Delivery: objectSchema(
    'One recipient’s copy of a message, as the router decided it. The router vouches for the decision with its signature headers.',
    {
      recipient: nodeId('the node whose inbox this is; the subject names the same node'),
      envelope: schemaRef('Envelope'),
      reasons: arraySchema(
        stringSchema('`addressed:node`, `addressed:country:<cc>`, `addressed:group:<id>` or `filter:<index>`'),
        'why this node receives the message',
      ),
    },
  ),
  ExchangeEvent: objectSchema(
    'One exchange event, a ledger entry in the audit service. `data` carries metadata only, never message content.',
    {
      id: stringSchema('the event id', { format: 'uuid' }),
      type: enumSchema(EVENT_TYPES, 'what happened; the subject ends with the same type'),
      at: { ...DATE_TIME, description: 'when it happened' },
      node: nodeId('the node that acted (the origin of a routed message, the recipient of a delivery)'),
      nodes: arraySchema(schemaRef('NodeId'), 'every node the event concerns'),
      messageId: stringSchema('the message it is about', { format: 'uuid' }),
      correlationId: stringSchema('the correlation id of the request or message that caused it'),
      data: { type: 'object', description: 'metadata of the event, by type' },
    },
    ['node', 'nodes', 'messageId', 'correlationId'],
  ),
  DeadLetter: {
    description:
      'The bytes of a message a consumer could not process, unchanged (usually the JSON of another payload, possibly malformed: that may be why it is here). Why and where from are in the headers.',
  },
  Checkpoint: objectSchema(
    `A signed tree head of the audit ledger. The signature covers the four lines \`${CHECKPOINT_FORMAT}\`, size, rootHash and timestamp.`,
    {
      size: { type: 'integer', minimum: 0, description: 'entries in the ledger' },
      rootHash: stringSchema('RFC 6962 Merkle tree hash of the first `size` entries', { pattern: '^[0-9a-f]{64}$' }),
      timestamp: { ...DATE_TIME, description: 'when the audit service signed it (`Date.toISOString`)' },
      keyId: stringSchema('the audit key that signed it'),
      signature: { ...BASE64, description: 'Ed25519, base64' },
    },
  ),
  RegistryEntry: objectSchema(
    'A value of the registry bucket, signed by the registry over its key, record and time, so a value written by anyone else, or moved to another key, does not verify.',
    {
      record: {
        description:
          'the record of the key’s prefix (see the channel’s `x-iren-kv-bucket`); null: a signed tombstone, the key was removed',
        oneOf: [{ type: 'null' }, schemaRef('RegistryRecord')],
      },
      signedAt: { ...DATE_TIME, description: 'when the registry signed it' },
      keyId: stringSchema('the registry’s signing key (`registry#<digest>`)'),
      signature: { ...BASE64, description: 'Ed25519 over the canonical JSON of {key, record, signedAt}, base64' },
    },
  ),
  RpcRequest: objectSchema('A request in the wire format of Nest’s NATS transport.', {
    pattern: stringSchema('the request/reply pattern (the subject decides which handler answers)'),
    data: { description: 'the request, as the corresponding HTTP body or query of the gateway' },
    id: stringSchema('the request id, echoed in the reply'),
  }),
  RpcReply: objectSchema(
    'An answer in the wire format of Nest’s NATS transport: `response` on success, `err` on a refusal.',
    {
      id: stringSchema('the request’s id'),
      response: { description: 'the result' },
      err: objectSchema(
        'the domain error the handler threw',
        { code: stringSchema('error code'), status: { type: 'integer' }, message: stringSchema('why') },
        ['code', 'status', 'message'],
      ),
      isDisposed: { type: 'boolean', description: 'set on the last packet of an answer' },
    },
    ['response', 'err', 'isDisposed'],
  ),
};

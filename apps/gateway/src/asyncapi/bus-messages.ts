import {
  type BusPayload,
  DEAD_LETTER_HEADERS as DLQ,
  HEADERS,
  REQUEST_HEADERS,
  SIGNATURE_HEADERS,
} from '@iren/contracts';
import { type JsonSchema, schemaRef, stringSchema } from './json-schema';

/** The NATS headers the worker sets on a dead letter (`libs/messaging/src/worker.ts`), beside the message's own. */
export const DEAD_LETTER_HEADERS = {
  [DLQ.reason]:
    'why: the permanent error’s reason (`bad_signature`, ...) or `max_deliveries`; also the subject’s last token',
  [DLQ.error]: 'the error message, at most 1000 characters',
  [DLQ.subject]: 'the subject the message had',
  [DLQ.stream]: 'the stream it came from',
  [DLQ.seq]: 'its sequence number in that stream',
  [DLQ.consumer]: 'the durable consumer that gave up on it',
  [DLQ.msgId]: 'the message’s own `Nats-Msg-Id` (its publisher signed it), restored when it is put back from this copy',
  [DLQ.storedAt]: 'when the stream stored the message (ISO 8601)',
  [DLQ.deadLetteredAt]: 'when it was dead-lettered (ISO 8601)',
} as const;

const CORRELATION = {
  [HEADERS.correlationId]: stringSchema('the request or message this one descends from, carried through every hop'),
};
const SIGNED_BY_SERVICE = {
  [SIGNATURE_HEADERS.signer]: stringSchema('the publishing service’s key id, `<service>#<digest>`'),
  [SIGNATURE_HEADERS.signature]: stringSchema(
    'Ed25519 over the canonical JSON of {subject, msgId, sha256 of the payload}, base64: binds the message to its subject. ' +
      `With ${SIGNATURE_HEADERS.batchProof}, over the canonical JSON of {batchRoot, size} of the batch the message was published in`,
    { contentEncoding: 'base64' },
  ),
  [SIGNATURE_HEADERS.batchProof]: stringSchema(
    'present when the service vouched for a batch of messages with one signature: `<index>/<size>:<hash>,…`, the ' +
      'inclusion proof (RFC 9162, hex SHA-256) of this message’s leaf, SHA-256(0x00 || the canonical JSON of ' +
      '{subject, msgId, sha256 of the payload}), in the Merkle tree whose root (hex, `batchRoot`) and size the signature covers',
    { pattern: '^\\d+/\\d+:([0-9a-f]{64}(,[0-9a-f]{64})*)?$' },
  ),
};

/** Every message a service vouches for carries these; the batch proof only one vouched for in a batch. */
const SERVICE_SIGNATURE_REQUIRED = [SIGNATURE_HEADERS.signer, SIGNATURE_HEADERS.signature];

const SIGNED_REQUEST = {
  [SIGNATURE_HEADERS.signer]: stringSchema('the calling service’s key id, `<service>#<digest>`'),
  [SIGNATURE_HEADERS.signature]: stringSchema(
    'Ed25519 over the canonical JSON of {subject, msgId: the request id, sha256 of the canonical JSON of {data, at}}, base64',
    { contentEncoding: 'base64' },
  ),
  [REQUEST_HEADERS.requestId]: stringSchema('a fresh UUID: the server acts on each request once', { format: 'uuid' }),
  [REQUEST_HEADERS.requestAt]: stringSchema('when the caller signed; refused after two minutes', {
    format: 'date-time',
  }),
};

function headers(properties: Record<string, JsonSchema>, required: string[]): JsonSchema {
  return { type: 'object', properties, required };
}

function msgId(description: string): Record<string, JsonSchema> {
  return { [HEADERS.msgId]: stringSchema(`JetStream’s dedupe id: ${description}`) };
}

/** What a message says about itself, by payload: summary and NATS headers. */
const MESSAGES: Record<BusPayload, { summary: string; headers?: JsonSchema }> = {
  Envelope: {
    summary: 'A message as its origin node published and signed it.',
    headers: headers({ ...msgId('the envelope id'), ...CORRELATION }, [HEADERS.msgId]),
  },
  Delivery: {
    summary: 'One recipient’s delivery, vouched for by the router.',
    headers: headers({ ...msgId('`<envelope id>:<node>`'), ...CORRELATION, ...SIGNED_BY_SERVICE }, [
      HEADERS.msgId,
      ...SERVICE_SIGNATURE_REQUIRED,
    ]),
  },
  ExchangeEvent: {
    summary: 'An exchange event, vouched for by the service that announces it.',
    headers: headers(
      {
        ...msgId('unique per event: its id, or for the router’s `<envelope id>:routed` and the like'),
        ...CORRELATION,
        ...SIGNED_BY_SERVICE,
      },
      [HEADERS.msgId, ...SERVICE_SIGNATURE_REQUIRED],
    ),
  },
  DeadLetter: {
    summary:
      'What a consumer could not process, as it was (with every header it had: its signature is the evidence), with why and where from.',
    headers: headers(
      {
        ...msgId('`<stream>:<sequence>:<consumer>` of the original'),
        ...CORRELATION,
        ...Object.fromEntries(Object.entries(DEAD_LETTER_HEADERS).map(([name, text]) => [name, stringSchema(text)])),
      },
      // The original's id is kept only when it had one.
      [HEADERS.msgId, ...Object.keys(DEAD_LETTER_HEADERS).filter((h) => h !== DLQ.msgId)],
    ),
  },
  Checkpoint: { summary: 'A signed head of the audit ledger.' },
  RegistryEntry: { summary: 'A registry record under its key, signed by the registry; null when removed.' },
  RpcRequest: {
    summary:
      'A request to the registry or the audit service, signed by a service allowed to make it (a service’s key registration carries a proof of its key instead).',
    headers: headers({ ...CORRELATION, ...SIGNED_REQUEST }, []),
  },
  RpcReply: { summary: 'The answer, on the requester’s own reply subject.' },
};

/** `components.messages`: one per payload, JSON, with its headers and, where it has one, its correlation id. */
export function busMessages(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    (Object.keys(MESSAGES) as BusPayload[]).map((payload) => {
      const { summary, headers: hdrs } = MESSAGES[payload];
      const correlated = hdrs !== undefined && HEADERS.correlationId in (hdrs.properties as object);
      const message = {
        name: payload,
        title: payload,
        summary,
        contentType: 'application/json',
        payload: schemaRef(payload),
        ...(hdrs && { headers: hdrs }),
        ...(correlated && { correlationId: { location: `$message.header#/${HEADERS.correlationId}` } }),
      };
      return [payload, message];
    }),
  );
}

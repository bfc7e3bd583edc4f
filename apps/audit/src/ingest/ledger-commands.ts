import {
  canonicalJson,
  contentHash,
  MESSAGE_KINDS,
  PUBLISHED_EVENT_TYPE,
  type PublishedRefusal,
  REFUSED_EVENT_TYPE,
} from '@iren/contracts';
import type { LedgerEntryDraft } from '../ledger/ledger-entry';
import type { ExchangeEventInput, PublishedEnvelopeInput } from './audit-inputs';
import { publishedClassification } from './published-classification';

const MAX_CORRELATION_ID = 200;

/**
 * The metadata the ledger keeps of a published message. The body never enters the ledger: the
 * content hash lets whoever holds the message prove it is the one recorded, without revealing it.
 */
export function publishedMessageMetadata(
  envelope: PublishedEnvelopeInput,
  raw: Record<string, unknown>,
): Record<string, unknown> {
  // The signature is not part of what was signed, so the hash matches the sender's own.
  const { signature: _signature, ...unsigned } = raw;
  return {
    kind: envelope.kind,
    tlp: envelope.tlp,
    handling: envelope.handling ?? null,
    origin: envelope.origin,
    addressed: {
      nodes: envelope.to?.nodes?.length ?? 0,
      countries: envelope.to?.countries?.length ?? 0,
      groups: envelope.to?.groups?.length ?? 0,
    },
    contentHash: contentHash(unsigned),
    // Category, risk level and feedback deadline: what the exchange report counts by, never content.
    ...publishedClassification(envelope.kind, raw.body),
  };
}

/** The ledger command for a message read from EXCHANGE: the origin acts, the origin and addressees are concerned. */
export function publishedMessageCommand(
  envelope: PublishedEnvelopeInput,
  raw: Record<string, unknown>,
  correlationHeader: string | undefined,
): LedgerEntryDraft {
  return {
    sourceId: `exchange:${envelope.id}`,
    type: PUBLISHED_EVENT_TYPE,
    at: new Date(envelope.createdAt).toISOString(),
    node: envelope.origin,
    nodes: distinct([envelope.origin, ...(envelope.to?.nodes ?? [])]),
    country: countryOf(envelope.origin),
    messageId: envelope.id,
    kind: envelope.kind,
    correlationId: correlationIdFrom(correlationHeader),
    data: publishedMessageMetadata(envelope, raw),
  };
}

/**
 * The ledger command for what was read from EXCHANGE but is not authentic. Nothing it claims is
 * believed: no node acted and none is concerned (its claimed origin is kept as a claim), so it
 * counts for no one in any report; the stream sequence identifies it.
 */
export function refusedMessageCommand(
  source: { sequence: number; subject: string; receivedAt: Date },
  refusal: PublishedRefusal,
  correlationHeader: string | undefined,
): LedgerEntryDraft {
  return {
    sourceId: `exchange-refused:${source.sequence}`,
    type: REFUSED_EVENT_TYPE,
    at: source.receivedAt.toISOString(),
    node: null,
    nodes: [],
    country: null,
    messageId: refusal.messageId ?? null,
    kind: null,
    correlationId: correlationIdFrom(correlationHeader),
    data: {
      reason: refusal.reason,
      detail: refusal.detail.slice(0, 1000),
      subject: source.subject.slice(0, 300),
      claimedOrigin: refusal.claimedOrigin ?? null,
    },
  };
}

/** The ledger command for an event read from EVENTS; its `data` is metadata by contract. */
export function exchangeEventCommand(
  event: ExchangeEventInput,
  correlationHeader: string | undefined,
): LedgerEntryDraft {
  const node = event.node ?? null;
  return {
    sourceId: `event:${event.id}`,
    type: event.type,
    at: new Date(event.at).toISOString(),
    node,
    // The acting node is always among those concerned, so a node filter needs one array test.
    nodes: distinct([...(node ? [node] : []), ...(event.nodes ?? [])]),
    country: node ? countryOf(node) : null,
    messageId: event.messageId ?? null,
    kind: messageKindIn(event.data),
    // The event's own field is what its producer recorded; the header is only its transport.
    correlationId: correlationIdFrom(event.correlationId ?? correlationHeader),
    // JSON round trip: what is hashed must be exactly what jsonb gives back (no undefined, no class instances).
    data: JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>,
  };
}

/**
 * Why a command could never be stored and hashed, or undefined when it can: a value canonical JSON
 * refuses (a lone surrogate) or a NUL character, which PostgreSQL text and jsonb cannot hold.
 * Found here, the message is dead-lettered at once instead of failing every redelivery.
 */
export function unstorableReason(command: LedgerEntryDraft): string | undefined {
  try {
    canonicalJson(command);
  } catch (error) {
    return (error as Error).message;
  }
  let nul = false;
  JSON.stringify(command, (key: string, value: unknown) => {
    nul ||= key.includes('\0') || (typeof value === 'string' && value.includes('\0'));
    return value;
  });
  return nul ? 'holds a NUL character' : undefined;
}

/** The country of a node id such as `KZ-PCU-AKTAU`. */
export function countryOf(node: string): string {
  return node.slice(0, 2);
}

/** A correlation id worth keeping: a header is free text from the wire, so an oversized one is dropped. */
export function correlationIdFrom(value: string | undefined): string | null {
  return value && value.length <= MAX_CORRELATION_ID ? value : null;
}

function messageKindIn(data: Record<string, unknown>): string | null {
  const kind = data.kind;
  return typeof kind === 'string' && (MESSAGE_KINDS as readonly string[]).includes(kind) ? kind : null;
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}

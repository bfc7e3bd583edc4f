import { EnvelopeDto } from '../dto/envelope.dto';
import { NETWORK_MADE_KINDS } from '../dto/message-bodies';
import { validatePlain } from '../dto/validate-plain';
import type { DeliveryPayload, Envelope } from '../envelope';
import { HEADERS, type ExchangeNames } from '../names';
import type { NodeKeysRecord, ServiceKeysRecord } from '../registry-records';
import { isDeepStrictEqual } from 'node:util';
import { keyValidAt, signatureProblem } from '../signatures';
import { isValidNodeId } from '../validators';
import type { ServiceName } from './identities';
import { serviceOfKeyId, SIGNATURE_HEADERS, voucherVerifies } from './message-signatures';

/**
 * Where the keys come from: the registry's signed bucket, as a consumer's mirror holds it.
 * Whoever vouches for a message is looked up here, never believed from the message itself.
 */
export interface KeyDirectory {
  keysOf(node: string): NodeKeysRecord | undefined;
  serviceKeys(service: ServiceName): ServiceKeysRecord | undefined;
}

/** A message as a consumer received it. */
export interface ReceivedMessage {
  subject: string;
  data: Uint8Array;
  header(name: string): string | undefined;
}

/** Why a message is not believed. */
export interface Refusal {
  reason: string;
  detail: string;
}

/**
 * Which of `services` vouches for the message: its signer header names one of their keys, as the
 * registry published it, and the signature covers this subject, this dedupe id and these bytes
 * (alone, or through its batch proof).
 */
export function voucherOf(
  message: ReceivedMessage,
  services: readonly ServiceName[],
  directory: KeyDirectory,
): { service: ServiceName } | Refusal {
  const keyId = message.header(SIGNATURE_HEADERS.signer);
  const signature = message.header(SIGNATURE_HEADERS.signature);
  const msgId = message.header(HEADERS.msgId);
  if (!keyId || !signature || !msgId) {
    return { reason: 'unsigned', detail: `no service signature on ${message.subject}` };
  }
  const service = serviceOfKeyId(keyId);
  if (!service || !services.includes(service)) {
    return { reason: 'wrong_signer', detail: `${keyId} may not vouch for ${message.subject}` };
  }
  const key = directory.serviceKeys(service)?.keys.find((k) => k.keyId === keyId);
  if (!key) {
    return { reason: 'unknown_signer', detail: `${keyId} is not a key the registry published` };
  }
  const batchProof = message.header(SIGNATURE_HEADERS.batchProof);
  if (!voucherVerifies({ keyId, signature, batchProof }, key.publicKey, message.subject, msgId, message.data)) {
    return { reason: 'bad_service_signature', detail: `the signature of ${keyId} does not verify` };
  }
  return { service };
}

/** A published message that is what it claims: from its origin, signed by it, fresh. */
export interface AuthenticPublished {
  /** As received, which is what the origin signed; its content is not validated here. */
  plain: Record<string, unknown> & { origin: string; createdAt: string };
}

/** What a refusal of a published message can tell about it, for the record. */
export interface PublishedRefusal extends Refusal {
  claimedOrigin?: string;
  messageId?: string;
}

/**
 * Whether a message read from EXCHANGE is authentic: published under its own origin's subject,
 * signed with a key the registry holds for that origin and valid when it was created, and fresh —
 * created within `maxSkewMs` of when the exchange received it (`receivedAt`, the stream's
 * timestamp, so a consumer's backlog does not make messages stale). A message the gateway vouches
 * for was created by the gateway itself when it accepted it, and may have waited in its outbox
 * through an outage: the gateway's signature stands for its freshness. Whether its content is
 * valid is another question, for whoever acts on it: an authentic message with a bad body is its
 * origin's mistake, not a forgery.
 */
export function authenticatePublished(
  message: ReceivedMessage,
  receivedAt: Date,
  names: ExchangeNames,
  directory: KeyDirectory,
  maxSkewMs: number,
): AuthenticPublished | PublishedRefusal {
  const claimedOrigin = names.originOfSubject(message.subject);
  let plain: unknown;
  try {
    plain = JSON.parse(Buffer.from(message.data).toString('utf8'));
  } catch {
    return { reason: 'invalid_json', detail: 'the message is not JSON', claimedOrigin };
  }
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { reason: 'invalid_envelope', detail: 'the message is not a JSON object', claimedOrigin };
  }
  const messageId = idOf(plain);
  const { origin, createdAt } = plain as { origin?: unknown; createdAt?: unknown };
  if (origin !== claimedOrigin) {
    const detail = `published under ${message.subject} but claims origin ${shown(origin)}`;
    return { reason: 'origin_mismatch', detail, claimedOrigin, messageId };
  }
  const created = typeof createdAt === 'string' ? Date.parse(createdAt) : NaN;
  if (Number.isNaN(created)) {
    return { reason: 'invalid_envelope', detail: 'createdAt is not a time', claimedOrigin, messageId };
  }
  const signed = plain as Envelope<unknown>;
  const signature = signatureProblem(signed, directory.keysOf(signed.origin));
  if (signature) return { ...signature, claimedOrigin, messageId };
  if (Math.abs(created - receivedAt.getTime()) > maxSkewMs && 'reason' in voucherOf(message, ['gateway'], directory)) {
    const detail = `created at ${signed.createdAt} but received at ${receivedAt.toISOString()}: more than ${maxSkewMs / 1000} s apart`;
    return { reason: 'stale', detail, claimedOrigin, messageId };
  }
  return { plain: signed as unknown as AuthenticPublished['plain'] };
}

/**
 * Whether a message read from INBOX is a delivery the router made: vouched for by the router for
 * this very inbox subject, addressed to that inbox's node, and carrying an envelope signed by its
 * origin (a HIT, which the network itself makes, is the router's word alone).
 */
export function authenticateDelivery(
  message: ReceivedMessage,
  names: ExchangeNames,
  directory: KeyDirectory,
  envelopes?: EnvelopeChecks,
  madeHere?: EnvelopesMadeHere,
): DeliveryPayload | Refusal {
  const voucher = voucherOf(message, ['router'], directory);
  if ('reason' in voucher) return voucher;
  let plain: { recipient?: unknown; envelope?: unknown; reasons?: unknown };
  try {
    plain = JSON.parse(Buffer.from(message.data).toString('utf8'));
  } catch {
    return { reason: 'invalid_delivery', detail: 'the delivery is not JSON' };
  }
  // `null` is JSON too, and has no members to read.
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { reason: 'invalid_delivery', detail: 'the delivery is not a JSON object' };
  }
  const recipient = typeof plain.recipient === 'string' ? plain.recipient : '';
  if (!isValidNodeId(recipient) || message.subject !== names.inboxSubject(recipient)) {
    return {
      reason: 'invalid_delivery',
      detail: `recipient ${shown(plain.recipient)} is not the node of ${message.subject}`,
    };
  }
  const envelope =
    ownEnvelope(plain.envelope, directory, madeHere) ?? checkedEnvelope(plain.envelope, directory, envelopes);
  if ('reason' in envelope) return envelope;
  const reasons = Array.isArray(plain.reasons) ? plain.reasons.filter((r): r is string => typeof r === 'string') : [];
  return { recipient, envelope, reasons };
}

/**
 * Envelopes this app validated and signed itself (a gateway, for the nodes it publishes for), by
 * id, as JSON would carry them: one delivered back to it unchanged was checked when it was made.
 */
export interface EnvelopesMadeHere {
  get(id: string): Envelope | undefined;
}

/**
 * The delivered envelope when it is, member for member, one this app made, and the key it was
 * signed with is still a key of its origin valid when it was created: validating it and verifying
 * its signature again would find what they found when it was made. Undefined otherwise, for the
 * full check.
 */
function ownEnvelope(plain: unknown, directory: KeyDirectory, madeHere?: EnvelopesMadeHere): Envelope | undefined {
  const id = typeof plain === 'object' && plain !== null ? (plain as { id?: unknown }).id : undefined;
  const made = typeof id === 'string' ? madeHere?.get(id) : undefined;
  if (!made?.signature || !isDeepStrictEqual(plain, made)) return undefined;
  return keyValidAt(directory.keysOf(made.origin), made.signature.keyId, made.createdAt) ? made : undefined;
}

/**
 * Envelopes already checked, by their JSON: a message delivered to several inboxes is validated
 * and its signature verified once. For one batch of deliveries, checked against one state of the
 * key directory: a new map for each.
 */
export type EnvelopeChecks = Map<string, Envelope | Refusal>;

/** The delivered envelope, valid and signed by its origin (a HIT: the router's word alone), or why not. */
function checkedEnvelope(plain: unknown, directory: KeyDirectory, checks?: EnvelopeChecks): Envelope | Refusal {
  // The key is all of the content checked: two deliveries share a verdict only on the same envelope.
  const key = checks && jsonKeyOf(plain);
  const known = key === undefined ? undefined : checks!.get(key);
  if (known) return known;
  const verdict = checkEnvelope(plain, directory);
  if (key !== undefined) checks!.set(key, verdict);
  return verdict;
}

/** The value's JSON, or undefined for one too deep to serialise: it is checked (and refused) unmemoised. */
function jsonKeyOf(plain: unknown): string | undefined {
  try {
    return JSON.stringify(plain);
  } catch {
    return undefined;
  }
}

function checkEnvelope(plain: unknown, directory: KeyDirectory): Envelope | Refusal {
  const { value: envelope, errors } = validatePlain(EnvelopeDto, plain);
  if (!envelope) {
    const detail = errors.map((e) => `${e.field}: ${e.messages.join('; ')}`).join(' | ');
    return { reason: 'invalid_delivery', detail };
  }
  if (!NETWORK_MADE_KINDS.includes(envelope.kind)) {
    const signed = signatureProblem(plain as Envelope<unknown>, directory.keysOf(envelope.origin));
    if (signed) return signed;
  }
  return envelope as unknown as Envelope;
}

/**
 * A claimed value, for a refusal's detail. Never `String()` of a JSON object: its `toString` is
 * whatever the sender made it (`{"toString": 1}`), and turning it into a string would throw.
 */
function shown(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

function idOf(plain: unknown): string | undefined {
  const id = (plain as { id?: unknown } | null)?.id;
  return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined;
}

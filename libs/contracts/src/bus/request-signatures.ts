import { canonicalJson } from '../canonical-json';
import { HEADERS } from '../names';
import type { SigningKey } from '../signatures';
import { type KeyDirectory, type Refusal, voucherOf } from './authenticity';
import type { ServiceName } from './identities';
import { SIGNATURE_HEADERS, vouch } from './message-signatures';

/** The headers of a signed request, beside the signer's and the signature (`SIGNATURE_HEADERS`). */
export const REQUEST_HEADERS = {
  /** A fresh UUID per request: a server acts on each at most once. */
  requestId: 'Iren-Request-Id',
  /** When the caller signed, ISO 8601: a server refuses what is older than `REQUEST_MAX_AGE_MS`. */
  requestAt: 'Iren-Request-At',
} as const;

/** How long a signed request may take to arrive, and how long a server remembers the ids it acted on. */
export const REQUEST_MAX_AGE_MS = 2 * 60 * 1000;

/** The request's data with the time it was signed, as canonical JSON: with the subject and request id, what is signed. */
function requestBytes(data: unknown, at: string): Uint8Array {
  return new TextEncoder().encode(canonicalJson({ data: data ?? null, at }));
}

/**
 * The headers that sign a request/reply request as the key's service: over the subject, a fresh
 * request id, and the request's data with the time it was signed. So a request cannot be made in
 * a service's name, moved to another subject, changed, or replayed once its id is spent.
 */
export function signedRequestHeaders(
  key: SigningKey,
  subject: string,
  data: unknown,
  requestId: string,
  at = new Date().toISOString(),
): Record<string, string> {
  // A JSON round trip: the server signs what it receives, without undefined members.
  const sent = data === undefined ? null : (JSON.parse(JSON.stringify(data)) as unknown);
  const { keyId, signature } = vouch(key, subject, requestId, requestBytes(sent, at));
  return {
    [SIGNATURE_HEADERS.signer]: keyId,
    [SIGNATURE_HEADERS.signature]: signature,
    [REQUEST_HEADERS.requestId]: requestId,
    [REQUEST_HEADERS.requestAt]: at,
  };
}

/**
 * Which of `callers` made a request, if one of them signed it recently, with a key the registry
 * published; otherwise why not. Whether its id was seen already is the server's to remember.
 */
export function requestCaller(
  request: { subject: string; data: unknown; header(name: string): string | undefined },
  callers: readonly ServiceName[],
  directory: Pick<KeyDirectory, 'serviceKeys'>,
  now = new Date(),
): { service: ServiceName; requestId: string } | Refusal {
  const requestId = request.header(REQUEST_HEADERS.requestId);
  const at = request.header(REQUEST_HEADERS.requestAt);
  if (!requestId || !at) return { reason: 'unsigned', detail: `no caller's signature on ${request.subject}` };
  const age = now.getTime() - Date.parse(at);
  if (!(Math.abs(age) <= REQUEST_MAX_AGE_MS)) {
    return { reason: 'stale', detail: `signed at ${at}, not within ${REQUEST_MAX_AGE_MS / 1000} s of now` };
  }
  let bytes: Uint8Array;
  try {
    bytes = requestBytes(request.data, at);
  } catch (error) {
    // Data canonical JSON refuses (1e400 read as Infinity, a lone surrogate, nesting beyond its depth limit): nobody signed it.
    return {
      reason: 'bad_service_signature',
      detail: `the request's data cannot be signed: ${(error as Error).message}`,
    };
  }
  const signed = {
    subject: request.subject,
    data: bytes,
    header: (name: string) => (name === HEADERS.msgId ? requestId : request.header(name)),
  };
  const voucher = voucherOf(signed, callers, { keysOf: () => undefined, ...directory });
  return 'reason' in voucher ? voucher : { service: voucher.service, requestId };
}

import type { IncomingHttpHeaders } from 'node:http';
import { bearerToken, tokenDigest } from './token-digest';

/** What of a request tells who sends it. */
export interface CallerRequest {
  headers: IncomingHttpHeaders;
  ip?: string;
  socket?: { remoteAddress?: string };
}

/** The SHA-256 of the bearer token the request presents; undefined when it presents none. */
export function presentedDigest(request: CallerRequest): Buffer | undefined {
  const token = bearerToken(request.headers.authorization);
  return token === undefined ? undefined : tokenDigest(token);
}

/**
 * The address the request came from. Express answers the socket's peer unless `trust proxy` is
 * set, so a client cannot pick its own address with a forwarding header.
 */
export function clientAddress(request: CallerRequest): string {
  return request.ip ?? request.socket?.remoteAddress ?? 'unknown';
}

import { DomainError } from './errors';

/**
 * PostgreSQL SQLSTATEs that say the database, not the statement, is the problem: connection
 * exceptions (class 08), the server shutting down or starting up (57P01-57P03), too many
 * connections, a statement cancelled by a timeout, and the conflicts a retry resolves
 * (serialization failure, deadlock, lock not available).
 */
const UNAVAILABLE_SQLSTATES = new Set(['53300', '57014', '57P01', '57P02', '57P03', '40001', '40P01', '55P03']);

/** Socket errors of a connection that cannot be made or was lost. */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTCONN',
]);

/** What pg and pg-pool say when a connection is lost or cannot be had in time. */
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|not queryable|terminating connection|connection timeout|Connection ended/i;

/** nats.js errors of a connection or request that did not get through (by name: this library imports no NATS client). */
const NATS_UNAVAILABLE = new Set([
  'TimeoutError',
  'NoResponders',
  'ClosedConnectionError',
  'DrainingConnectionError',
  'ConnectionError',
  'RequestError',
  'JetStreamNotEnabled',
]);

/**
 * True when `error` says a dependency (PostgreSQL, NATS, another service) could not be reached or
 * did not answer in time, rather than that the work itself is wrong: the same work will succeed
 * once the dependency is back. Looks through TypeORM's `driverError` and `cause` chains.
 */
/**
 * SQLSTATE 08P01: the client sent what the server cannot take (more than 65,535 parameters in one
 * statement, say). In the connection class, but the work itself is wrong: retrying cannot help.
 */
const PROTOCOL_VIOLATION = '08P01';

export function isDependencyUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (e instanceof DomainError) return e.code === 'UNAVAILABLE';
    const { code, name, message, status } = e as {
      code?: unknown;
      name?: unknown;
      message?: unknown;
      status?: unknown;
    };
    if (
      typeof code === 'string' &&
      ((code.startsWith('08') && code !== PROTOCOL_VIOLATION) ||
        UNAVAILABLE_SQLSTATES.has(code) ||
        SOCKET_ERRORS.has(code))
    )
      return true;
    if (typeof name === 'string' && NATS_UNAVAILABLE.has(name)) return true;
    // A JetStream API error with status 503: JetStream itself unavailable, or a stream out of space.
    if (name === 'JetStreamApiError' && status === 503) return true;
    if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

import { ConflictError, InvalidInputError, UnavailableError } from './errors';
import { isDependencyUnavailable } from './unavailability';

/** Errors shaped as pg, TypeORM and nats.js raise them. */
function pgError(code: string, message = 'pg error'): Error {
  return Object.assign(new Error(message), { code });
}

function typeormQueryFailed(driverError: Error): Error {
  return Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError });
}

function named(name: string, message = name, extra: object = {}): Error {
  return Object.assign(new Error(message), { name }, extra);
}

describe(isDependencyUnavailable.name, () => {
  it.each([
    ['PostgreSQL refusing connections', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    [
      'the server shutting down',
      typeormQueryFailed(pgError('57P01', 'terminating connection due to administrator command')),
    ],
    ['the server starting up', pgError('57P03', 'the database system is starting up')],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    ['a connection exception class 08', pgError('08006')],
    ['a deadlock', typeormQueryFailed(pgError('40P01', 'deadlock detected'))],
    ['a statement timeout', pgError('57014', 'canceling statement due to statement timeout')],
    ['a NATS request timing out', named('TimeoutError', 'timeout')],
    ['no responders', named('NoResponders', 'no responders: iren.registry.nodes.get')],
    ['a closed NATS connection', named('ClosedConnectionError', 'closed connection')],
    ['JetStream out of space', named('JetStreamApiError', 'maximum bytes exceeded', { status: 503, code: 10077 })],
    ['a service that did not answer', new UnavailableError('registry service did not answer')],
    ['a cause chain', new Error('publish failed', { cause: named('TimeoutError') })],
  ])('recognises %s', (_, error) => {
    expect(isDependencyUnavailable(error)).toBe(true);
  });

  it.each([
    ['a constraint violation', typeormQueryFailed(pgError('23505', 'duplicate key value violates unique constraint'))],
    ['a syntax error', pgError('42601')],
    [
      'a statement the server refuses (too many parameters: 08P01, in the connection class)',
      typeormQueryFailed(pgError('08P01', 'bind message has 35114 parameter formats but 0 parameters')),
    ],
    ['bad input', new InvalidInputError('body.tlp: must be one of ...')],
    ['a conflict', new ConflictError('already a member')],
    ['a JetStream bad request', named('JetStreamApiError', 'invalid JSON', { status: 400, code: 10025 })],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('does not take %s for an outage', (_, error) => {
    expect(isDependencyUnavailable(error)).toBe(false);
  });
});

import type { ArgumentsHost } from '@nestjs/common';
import pino from 'pino';
import { InvalidInputError, UnavailableError } from '@iren/platform';
import { HttpExceptionFilter, UNAVAILABLE_RETRY_AFTER_SECONDS } from './http-exception.filter';

/** Runs the filter on `error` and answers what the client would receive. */
function answer(error: unknown) {
  const sent: { status?: number; body?: Record<string, unknown>; headers: Record<string, string> } = { headers: {} };
  const response = {
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
    },
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
    },
  };
  const host = {
    switchToHttp: () => ({
      getRequest: () => ({ url: '/api/v1/inbox', correlationId: 'c-1' }),
      getResponse: () => response,
    }),
  } as unknown as ArgumentsHost;
  new HttpExceptionFilter(pino({ level: 'silent' })).catch(error, host);
  return sent;
}

describe(HttpExceptionFilter.name, () => {
  it.each([
    [
      'PostgreSQL refusing connections',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    ['a lost database connection', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    [
      'the server shutting down',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    ['a service that did not answer', new UnavailableError('registry service did not answer')],
  ])('answers 503 with Retry-After and a plain body for %s', (_, error) => {
    const sent = answer(error);
    expect(sent.status).toBe(503);
    expect(sent.headers['Retry-After']).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    expect(sent.body).toMatchObject({
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'UNAVAILABLE',
      correlationId: 'c-1',
    });
    expect(JSON.stringify(sent.body)).not.toMatch(/ECONNREFUSED|5432|stack|terminat/i);
  });

  it('keeps a domain error’s status, without Retry-After', () => {
    const sent = answer(new InvalidInputError('tlp must be one of ...'));
    expect(sent.status).toBe(400);
    expect(sent.headers['Retry-After']).toBeUndefined();
  });

  it('answers an unknown error as a plain 500', () => {
    const sent = answer(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(sent.status).toBe(500);
    expect(sent.body).toMatchObject({ message: 'internal error' });
    expect(sent.headers['Retry-After']).toBeUndefined();
  });
});

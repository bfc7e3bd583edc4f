import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import type { Authenticator } from '../auth/authenticator';
import type { DoorRefusals } from '../auth/door-refusals';
import { tokenDigest } from '../auth/token-digest';
import { refuseRefusedCallers } from './early-refusal.middleware';
import { REFUSAL_HOLD, RefusedCallers } from './refused-callers';

/** A response as the middleware writes it: headers, status and body kept. */
class RecordedResponse extends EventEmitter {
  statusCode = 200;
  destroyed = false;
  body?: string;
  readonly headers: Record<string, string> = {};
  setHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }
  end(body: string): void {
    this.body = body;
    this.emit('finish');
    this.emit('close');
  }
}

describe(refuseRefusedCallers.name, () => {
  const TOKEN = 'a'.repeat(48);
  let callers: RefusedCallers;
  let overBudget: jest.Mock;
  let middleware: ReturnType<typeof refuseRefusedCallers>;

  const request = (path = '/api/v1/inbox') =>
    ({
      method: 'GET',
      path,
      url: path,
      headers: { authorization: `Bearer ${TOKEN}` },
      ip: '10.0.0.7',
      correlationId: 'corr-1',
    }) as unknown as Request;
  const send = (path?: string) => {
    const res = new RecordedResponse();
    const next = jest.fn();
    middleware(request(path), res as unknown as Response, next as NextFunction);
    return { res, next };
  };
  beforeEach(() => {
    jest.useFakeTimers();
    callers = new RefusedCallers();
    overBudget = jest.fn();
    middleware = refuseRefusedCallers({
      refusedCallers: callers,
      authenticator: { knows: () => true, callerRef: () => ({ tokenId: 't-1' }) } as unknown as Authenticator,
      refusals: { overBudget } as unknown as DoorRefusals,
      publishing: (method, path) => method === 'POST' && path === '/api/v1/messages',
    });
  });

  afterEach(() => jest.useRealTimers());

  /** The tracker the guard records for the request's token. */
  const tracker = () => `token:${tokenDigest(TOKEN).toString('hex')}`;

  it('lets through a caller that is not refused, and /health always', () => {
    expect(send().next).toHaveBeenCalled();
    callers.refuse('requests', tracker(), 600, 30);
    expect(send('/health').next).toHaveBeenCalled();
  });

  it('holds a refused caller’s 429 for a second, then answers it with the guard’s message and the time left', () => {
    callers.refuse('requests', tracker(), 600, 30);
    const { res, next } = send();
    expect(next).not.toHaveBeenCalled();
    expect(overBudget).toHaveBeenCalledWith('requests', { tokenId: 't-1' }, expect.anything());
    jest.advanceTimersByTime(REFUSAL_HOLD.ms - 1);
    expect(res.body).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('29');
    expect(JSON.parse(res.body!)).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'RATE_LIMITED',
      message: 'too many requests: at most 600 a minute; retry after the time in Retry-After',
      correlationId: 'corr-1',
    });
  });

  it('counts a publication against the publishing budget only', () => {
    callers.refuse('publishing', tracker(), 60, 30);
    expect(send().next).toHaveBeenCalled();
    const res = new RecordedResponse();
    const publication = { ...request('/api/v1/messages'), method: 'POST' } as unknown as Request;
    middleware(publication, res as unknown as Response, jest.fn());
    jest.advanceTimersByTime(REFUSAL_HOLD.ms);
    expect(JSON.parse(res.body!).message).toContain('too many messages published: at most 60 a minute');
  });

  it(`holds at most ${REFUSAL_HOLD.perCaller} of one caller's requests; the next are answered at once`, () => {
    callers.refuse('requests', tracker(), 600, 30);
    const held = Array.from({ length: REFUSAL_HOLD.perCaller }, () => send().res);
    expect(held.every((res) => res.body === undefined)).toBe(true);
    expect(send().res.statusCode).toBe(429);
    // One hangs up: its place is free again, and the next is held.
    held[0].emit('close');
    expect(send().res.body).toBeUndefined();
    jest.advanceTimersByTime(REFUSAL_HOLD.ms);
    expect(held.slice(1).every((res) => res.statusCode === 429)).toBe(true);
    expect(held[0].body).toBeUndefined();
  });

  it('never holds past the Retry-After', () => {
    callers.refuse('requests', tracker(), 600, 0.2);
    const { res } = send();
    jest.advanceTimersByTime(200);
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('1');
  });
});

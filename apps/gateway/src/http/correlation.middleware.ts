import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

export const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Gives every request a correlation id, the caller's own when it sent a sensible one, and echoes
 * it back; the id then travels in NATS headers to the router, the inboxes and the audit ledger.
 */
export function correlationMiddleware(
  req: Request & { correlationId?: string },
  res: Response,
  next: NextFunction,
): void {
  const offered = req.header(CORRELATION_HEADER);
  req.correlationId = offered && ACCEPTABLE.test(offered) ? offered : randomUUID();
  res.setHeader('X-Correlation-Id', req.correlationId);
  next();
}

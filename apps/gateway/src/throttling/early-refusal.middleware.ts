import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Authenticator } from '../auth/authenticator';
import type { Budget, DoorRefusals } from '../auth/door-refusals';
import { clientAddress, presentedDigest } from '../auth/request-credentials';
import { errorAnswer } from '../http/http-exception.filter';
import { budgetTracker } from './door-throttler.guard';
import { overBudgetMessage, setRetryAfter } from './rate-limited.error';
import { REFUSAL_HOLD, type RefusedCallers } from './refused-callers';

/** What the door's first check needs: who is refused, who the caller is, where refusals are counted. */
export interface EarlyRefusalDeps {
  refusedCallers: RefusedCallers;
  authenticator: Authenticator;
  refusals: DoorRefusals;
  /** Whether a request goes to a publishing route, by its method and path. */
  publishing: (method: string, path: string) => boolean;
}

/**
 * Answers 429 to a caller the budgets already refuse, with the guard's message and `Retry-After`,
 * counted and logged as the guard's refusals are. Mounted before request logging and body parsing:
 * a flood's requests past its budget then cost a map lookup each, and another node's requests do
 * not wait behind them. The answer is held back up to a second (`REFUSAL_HOLD`), for a bounded
 * number of each caller's requests, so that a client retrying in a loop slows to the pace of its
 * answers. Everything else, a caller's first request over budget included, goes on to the
 * throttler guard, which decides. `/health` is never budgeted.
 */
export function refuseRefusedCallers(deps: EarlyRefusalDeps): RequestHandler {
  return (req: Request & { correlationId?: string }, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS' || req.path === '/health') return next();
    const budget: Budget = deps.publishing(req.method, req.path) ? 'publishing' : 'requests';
    const caller = budgetTracker(req, deps.authenticator);
    const refusal = deps.refusedCallers.refusal(budget, caller);
    if (refusal === undefined) return next();
    deps.refusals.overBudget(budget, deps.authenticator.callerRef(presentedDigest(req), clientAddress(req)), req);
    // Written directly, as cheaply as it can be: no error object (its stack trace) and no ETag.
    const answer = (heldMs = 0) => {
      setRetryAfter(res, refusal.retryAfterSeconds - heldMs / 1000);
      const body = { message: overBudgetMessage(budget, refusal.limit), code: 'RATE_LIMITED' };
      res.statusCode = 429;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(errorAnswer(429, body, req.correlationId)));
    };
    if (!deps.refusedCallers.hold(caller)) return answer();
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      deps.refusedCallers.release(caller);
    };
    const holdMs = Math.min(REFUSAL_HOLD.ms, refusal.retryAfterSeconds * 1000);
    const timer = setTimeout(() => {
      release();
      if (!res.destroyed) answer(holdMs);
    }, holdMs);
    // A held refusal never keeps a stopping gateway alive.
    timer.unref();
    // A caller that hangs up while held frees its place at once.
    res.on('close', release);
  };
}

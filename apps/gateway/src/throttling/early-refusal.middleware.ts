import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Authenticator } from '../auth/authenticator';
import type { Budget, DoorRefusals } from '../auth/door-refusals';
import { clientAddress, presentedDigest } from '../auth/request-credentials';
import { errorAnswer } from '../http/http-exception.filter';
import { budgetTracker } from './door-throttler.guard';
import { overBudgetMessage, rateLimited } from './rate-limited.error';
import type { RefusedCallers } from './refused-callers';

/** What the door's first check needs: who is refused, who the caller is, where refusals are counted. */
export interface EarlyRefusalDeps {
  refusedCallers: RefusedCallers;
  authenticator: Authenticator;
  refusals: DoorRefusals;
  /** Whether a request goes to a publishing route, by its method and path. */
  publishing: (method: string, path: string) => boolean;
}

/**
 * Answers 429 at once to a caller the budgets already refuse, with the guard's message and
 * `Retry-After`, counted and logged as the guard's refusals are. Mounted before request logging and
 * body parsing: a flood's requests past its budget then cost a map lookup each, and another node's
 * requests do not wait behind them. Everything else, a caller's first request over budget
 * included, goes on to the throttler guard, which decides. `/health` is never budgeted.
 */
export function refuseRefusedCallers(deps: EarlyRefusalDeps): RequestHandler {
  return (req: Request & { correlationId?: string }, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS' || req.path === '/health') return next();
    const budget: Budget = deps.publishing(req.method, req.path) ? 'publishing' : 'requests';
    const refusal = deps.refusedCallers.refusal(budget, budgetTracker(req, deps.authenticator));
    if (refusal === undefined) return next();
    deps.refusals.overBudget(budget, deps.authenticator.callerRef(presentedDigest(req), clientAddress(req)), req);
    const error = rateLimited(res, overBudgetMessage(budget, refusal.limit), refusal.retryAfterSeconds);
    res
      .status(error.status)
      .json(errorAnswer(error.status, { message: error.message, code: error.code }, req.correlationId));
  };
}

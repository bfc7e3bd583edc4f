import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { HealthController } from '@iren/platform';
import { Authenticator } from '../auth/authenticator';
import { type Budget, DoorRefusals, type RefusedRequest } from '../auth/door-refusals';
import { type CallerRequest, clientAddress, presentedDigest } from '../auth/request-credentials';
import { overBudgetMessage, rateLimited } from './rate-limited.error';
import { RefusedCallers } from './refused-callers';

/**
 * Who a request counts against: its token, by the token's digest, when the token is one the
 * registry knows; otherwise its address, so that inventing tokens buys no fresh budget.
 */
export function budgetTracker(request: CallerRequest, authenticator: Authenticator): string {
  const digest = presentedDigest(request);
  if (digest && authenticator.knows(digest)) return `token:${digest.toString('hex')}`;
  return `address:${clientAddress(request)}`;
}

/**
 * The per-caller budgets (`doorThrottlers`), checked before authentication so that a flood costs
 * the gateway a map lookup, not a database query; a caller is its `budgetTracker`. Over budget:
 * 429 in the API's error shape, with `Retry-After`, and the caller is remembered as refused until
 * then (`RefusedCallers`), so that its next requests are refused at the door's first middleware.
 */
@Injectable()
export class DoorThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly refusals: DoorRefusals,
    private readonly refusedCallers: RefusedCallers,
  ) {
    super(options, storage, reflector);
  }

  // Monitors and orchestrators poll /health as often as they need.
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getClass() === HealthController;
  }

  protected override async getTracker(request: CallerRequest): Promise<string> {
    return budgetTracker(request, this.authenticator);
  }

  // One budget per caller across all routes (the default keeps one per route).
  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${tracker}`;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const { req, res } = this.getRequestResponse(context);
    const request = req as CallerRequest & RefusedRequest;
    // The detail does not name its throttler; the key does (generateKey above).
    const budget = detail.key.slice(0, detail.key.indexOf(':')) as Budget;
    this.refusals.overBudget(
      budget,
      this.authenticator.callerRef(presentedDigest(request), clientAddress(request)),
      request,
    );
    this.refusedCallers.refuse(budget, detail.tracker, detail.limit, detail.timeToBlockExpire);
    throw rateLimited(
      res as { setHeader(name: string, value: string): unknown },
      overBudgetMessage(budget, detail.limit),
      detail.timeToBlockExpire,
    );
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { type DomainError, HEALTH_DETAILS, type HealthDetail, ROOT_LOGGER } from '@iren/platform';
import type { CallerRef } from './authenticator';

/** The budgets a caller can exhaust (README, Configuration). */
export type Budget = 'publishing' | 'requests' | 'streams';

/** What of a refused request goes into its log line. */
export interface RefusedRequest {
  method?: string;
  url?: string;
  correlationId?: string;
}

/** A flood is refused thousands of times a minute: its refusals are counted each, logged once a minute. */
const RATE_LOG_EVERY_MS = 60_000;

/**
 * What the HTTP door refused: failed authentications (401) and authorizations (403), and requests
 * over a budget (429). Each is counted in `/health` details and logged naming the caller by its
 * token's id, never by the token or its digest (by its address when no known token was shown).
 */
@Injectable()
export class DoorRefusals {
  private readonly authFailures = { unauthenticated: 0, forbidden: 0 };
  private readonly rateLimited: Record<Budget, number> = { publishing: 0, requests: 0, streams: 0 };
  private readonly lastRateLog = new Map<string, number>();
  private readonly logger: Logger;

  constructor(@Inject(HEALTH_DETAILS) health: HealthDetail[], @Inject(ROOT_LOGGER) logger: Logger) {
    this.logger = logger.child({ context: DoorRefusals.name });
    // Counts only: /health answers anyone, so who was refused stays in the logs.
    health.push(
      { name: 'authFailures', detail: () => ({ ...this.authFailures }) },
      { name: 'rateLimited', detail: () => ({ ...this.rateLimited }) },
    );
  }

  /** A 401 or a 403 (the caller of `error`'s status decides which). */
  authFailed(error: DomainError, caller: CallerRef, request: RefusedRequest): void {
    const unauthenticated = error.status === 401;
    if (unauthenticated) this.authFailures.unauthenticated += 1;
    else this.authFailures.forbidden += 1;
    this.logger.warn(
      { ...caller, ...describe(request), status: error.status, reason: error.message },
      unauthenticated ? 'authentication failed' : 'authorization failed',
    );
  }

  /** A request over `budget`: counted every time, logged at most once a minute per caller and budget. */
  overBudget(budget: Budget, caller: CallerRef, request: RefusedRequest): void {
    this.rateLimited[budget] += 1;
    const key = `${budget}:${JSON.stringify(caller)}`;
    const now = Date.now();
    if (now - (this.lastRateLog.get(key) ?? 0) < RATE_LOG_EVERY_MS) return;
    this.forgetOldLogs(now);
    this.lastRateLog.set(key, now);
    this.logger.warn(
      { ...caller, ...describe(request), budget },
      'rate limited; further refusals of this caller within a minute are only counted',
    );
  }

  private forgetOldLogs(now: number): void {
    for (const [key, at] of this.lastRateLog) if (now - at >= RATE_LOG_EVERY_MS) this.lastRateLog.delete(key);
  }
}

function describe(request: RefusedRequest): RefusedRequest {
  return { method: request.method, url: request.url?.split('?')[0], correlationId: request.correlationId };
}

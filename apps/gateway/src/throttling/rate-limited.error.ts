import { DomainError } from '@iren/platform';
import type { Budget } from '../auth/door-refusals';

/** Over a caller's budget (DESIGN section 8: 429); the client may retry after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('RATE_LIMITED', 429, message);
  }
}

/** What can carry a header: an Express or a plain node response. */
interface HeaderTarget {
  setHeader(name: string, value: string): unknown;
}

/**
 * Sets `Retry-After` on the response, then answers the error to throw: the exception filter
 * writes the API's error shape on the same response, keeping the header.
 */
export function rateLimited(response: HeaderTarget, message: string, retryAfterSeconds: number): RateLimitedError {
  return new RateLimitedError(message, setRetryAfter(response, retryAfterSeconds));
}

/** Sets `Retry-After` to whole seconds, at least one; answers them. */
export function setRetryAfter(response: HeaderTarget, retryAfterSeconds: number): number {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  response.setHeader('Retry-After', String(seconds));
  return seconds;
}

/** What a 429 over `budget` says. */
export function overBudgetMessage(budget: Budget, limit: number): string {
  const per = budget === 'publishing' ? 'messages published' : 'requests';
  return `too many ${per}: at most ${limit} a minute; retry after the time in Retry-After`;
}

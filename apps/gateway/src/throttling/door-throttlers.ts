import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { RateLimits } from '@iren/platform';
import { publishes } from './publishing-routes';

const MINUTE_MS = 60_000;

/**
 * The two per-caller budgets of the HTTP door: publishing, and every other request. Each is a
 * sliding minute (no block beyond it: `blockDuration` 0), so a caller over budget gets a request
 * through again as soon as its oldest one in the minute ages out, and `Retry-After` says when.
 */
export function doorThrottlers(limits: RateLimits): ThrottlerModuleOptions {
  return {
    // The only header is Retry-After, set when refusing.
    setHeaders: false,
    throttlers: [
      {
        name: 'publishing',
        ttl: MINUTE_MS,
        limit: limits.publishPerMinute,
        blockDuration: 0,
        skipIf: (context) => !publishes(context),
      },
      {
        name: 'requests',
        ttl: MINUTE_MS,
        limit: limits.requestsPerMinute,
        blockDuration: 0,
        skipIf: (context) => publishes(context),
      },
    ],
  };
}

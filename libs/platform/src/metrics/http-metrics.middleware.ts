import type { Request, RequestHandler, Response } from 'express';
import { isLiveStream, routeLabel, statusLabel } from './http-labels';
import type { HttpMetrics } from './http-metrics';

/**
 * Express middleware measuring every request from when it reaches the app's routes to when its
 * connection is done with it. Mounted without a path, so it sees every request, `/health`,
 * `/metrics`, refusals and unknown URLs included: the route label is read only at the end, once
 * Express's router has matched (or not) a route.
 */
export function measureRequests(metrics: HttpMetrics): RequestHandler {
  return (request: Request, response: Response, next: () => void) => {
    const started = process.hrtime.bigint();
    response.once('close', () =>
      metrics.record({
        method: request.method,
        route: routeLabel(request),
        status: statusLabel(response),
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        liveStream: isLiveStream(response.getHeader('content-type')),
      }),
    );
    next();
  };
}

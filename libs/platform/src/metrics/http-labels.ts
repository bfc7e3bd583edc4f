/** The `route` label of a request no route of the app matched (a 404, a static file of the API docs). */
export const UNMATCHED_ROUTE = 'unmatched';

/** What a finished request shows of its route: the pattern it matched, set by Express's router. */
export interface RoutedRequest {
  baseUrl?: string;
  route?: { path?: unknown };
}

/** A pattern that is nothing but a wildcard (`*path`, `/{*path}`): Nest's not-found handler under the API prefix. */
const CATCH_ALL = /^\/?\{?\*\w*\}?$/;

/**
 * The route pattern a request matched (`/api/v1/messages/:id`), never its URL: ids and query
 * strings would make a series per request. A request only a catch-all took is `unmatched`.
 */
export function routeLabel(request: RoutedRequest): string {
  const path = request.route?.path;
  if (typeof path !== 'string' || CATCH_ALL.test(path)) return UNMATCHED_ROUTE;
  return `${request.baseUrl ?? ''}${path}`;
}

/** A live stream (server-sent events) lasts as long as its client: timed apart from requests. */
export function isLiveStream(contentType: unknown): boolean {
  return typeof contentType === 'string' && contentType.toLowerCase().startsWith('text/event-stream');
}

/** The answer's status, or `aborted` when the caller went away before any answer was sent. */
export function statusLabel(response: { headersSent: boolean; statusCode: number }): string {
  return response.headersSent ? String(response.statusCode) : 'aborted';
}

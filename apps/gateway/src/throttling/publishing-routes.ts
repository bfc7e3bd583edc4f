import { type ExecutionContext, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';

/**
 * The routes that put a message on the exchange: they spend the publishing budget
 * (`IREN_PUBLISH_PER_MINUTE`) instead of the general one. Named as the controllers declare them.
 */
export const PUBLISHING_ROUTES: ReadonlySet<string> = new Set([
  'POST messages',
  'POST messages/:id/withdraw',
  'POST messages/:id/amend',
  'POST messages/:id/feedback',
]);

/** `POST messages/:id/amend`: a handler's method and path, from its controller's and its own decorators. */
export function routeOf(controller: object, handler: object): string {
  const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
  const path = [Reflect.getMetadata(PATH_METADATA, controller), Reflect.getMetadata(PATH_METADATA, handler)]
    .map((part: unknown) => String(part ?? '').replace(/^\/+|\/+$/g, ''))
    .filter((part) => part !== '')
    .join('/');
  return `${method} ${path}`;
}

const publishing = new WeakMap<object, boolean>();

/** True when the request goes to a publishing route (decided once per handler). */
export function publishes(context: ExecutionContext): boolean {
  const handler = context.getHandler();
  let known = publishing.get(handler);
  if (known === undefined) {
    known = PUBLISHING_ROUTES.has(routeOf(context.getClass(), handler));
    publishing.set(handler, known);
  }
  return known;
}

/** The publishing routes as patterns of a request's method and path under `prefix` (`api/v1`). */
function publishingPaths(prefix: string): RegExp[] {
  return [...PUBLISHING_ROUTES].map((route) => {
    const [method, path] = route.split(' ');
    const pattern = `/${prefix}/${path}`.replace(/\/:[^/]+/g, '/[^/]+');
    return new RegExp(`^${method} ${pattern}/?$`);
  });
}

/**
 * Whether a request, by its method and path alone (before routing), goes to a publishing route:
 * for the door's first middleware, which runs before Nest knows the handler.
 */
export function publishingRequest(prefix: string): (method: string, path: string) => boolean {
  const patterns = publishingPaths(prefix);
  return (method, path) => patterns.some((pattern) => pattern.test(`${method} ${path}`));
}

import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/** Swagger UI's page and its assets; `/api/docs-json` is data and gets the API's policy. */
export const DOCS_PATH = '/api/docs';

/** Beside its CSP, every answer carries helmet's defaults with these choices. */
const COMMON: HelmetOptions = {
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true },
  xFrameOptions: { action: 'deny' },
};

/** JSON and event streams: nothing in them may load, run, submit or be framed. */
const API_CSP = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * Swagger UI runs its own scripts from /api/docs, has inline `<style>` blocks and attributes and
 * `data:` icons, and calls this origin when trying a route. No `upgrade-insecure-requests`: it
 * would break the page on the plain HTTP of `npm start`.
 */
const DOCS_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The web console (apps/console, served at `/`): its own script and stylesheet, calls to this
 * origin only, `data:` images, never framed. No inline script or style: Preact sets styles
 * through the CSSOM, which CSP does not govern.
 */
const CONSOLE_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Helmet's headers on every answer: the API's strict CSP everywhere but the documentation page
 * and the web console, which have their own,
 * and `Cache-Control: no-store` on all but the documentation, so no shared cache keeps alerts.
 * The live inbox sets its own `no-cache, no-transform` over it, which no proxy stores either.
 */
export function securityHeaders(): RequestHandler {
  const api = helmet({ ...COMMON, contentSecurityPolicy: { useDefaults: false, directives: API_CSP } });
  const docs = helmet({ ...COMMON, contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP } });
  const consolePage = helmet({ ...COMMON, contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP } });
  return (request, response, next) => {
    if (isDocsPath(request.path)) return docs(request, response, next);
    response.setHeader('Cache-Control', 'no-store');
    if (isConsolePath(request.path)) return consolePage(request, response, next);
    api(request, response, next);
  };
}

/** The console's page and its files: `/` and names at the root, but not the API, health or metrics. */
export function isConsolePath(path: string): boolean {
  return /^\/[\w.-]*$/.test(path) && path !== '/health' && path !== '/metrics' && path !== '/api';
}

export function isDocsPath(path: string): boolean {
  return path === DOCS_PATH || path.startsWith(`${DOCS_PATH}/`);
}

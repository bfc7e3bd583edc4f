import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@iren/platform';
import { type BodyRefusal, BodyRefusedError, parseJsonBody } from './json-body';

const JSON_TYPE = 'application/json';

/** A request whose body was refused: the refusal waits here for the route's guards to have run. */
export type RequestWithBody = Request & { bodyRefusal?: BodyRefusedError };

/**
 * How the gateway reads request bodies: at most `maxBodyBytes` (413 past it, before the rest is
 * read), whatever their type; an empty one is no body; any other must be JSON in UTF-8, checked for
 * shape and parsed (`parseJsonBody`). A refused body is never parsed, and its BodyRefusedError is
 * kept on the request rather than answered at once: the route's guards answer first (401, 403,
 * 429), so a caller without a token learns nothing of how its body was judged, then
 * BodyRefusalInterceptor answers it.
 */
export function useJsonBodies(app: NestExpressApplication, maxBodyBytes: number): void {
  // The bytes as sent (decompressed when sent compressed, the limit counting what comes out).
  app.useBodyParser('raw', { type: () => true, limit: maxBodyBytes });
  app.use(parseBody);
  app.use(bodyReadError(maxBodyBytes));
}

function parseBody(request: RequestWithBody, _response: Response, next: NextFunction): void {
  const bytes: unknown = request.body;
  if (!Buffer.isBuffer(bytes)) return next();
  request.body = undefined;
  const json = request.is(JSON_TYPE) === JSON_TYPE;
  // A POST without a body comes as `Content-Length: 0`, often with no type: nothing to judge.
  if (bytes.length === 0) {
    if (json) request.body = {};
    return next();
  }
  if (!json) {
    return refuse(request, next, 'UNSUPPORTED_CONTENT_TYPE', 'the request body must be JSON, sent as application/json');
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return refuse(request, next, 'UNSUPPORTED_CONTENT_TYPE', 'the request body must be JSON in UTF-8');
  }
  try {
    request.body = parseJsonBody(bytes);
  } catch (error) {
    if (!(error instanceof BodyRefusedError)) throw error;
    request.bodyRefusal = error;
  }
  next();
}

/** body-parser's own refusals (too large, aborted, a length or encoding that does not hold) in the API's terms. */
function bodyReadError(maxBodyBytes: number) {
  return (error: unknown, request: RequestWithBody, _response: Response, next: NextFunction): void => {
    const e = error as { status?: unknown; message?: unknown } | null;
    if (error instanceof DomainError || typeof e?.status !== 'number' || e.status < 400 || e.status >= 500) {
      return next(error);
    }
    if (e.status === 413) {
      return refuse(request, next, 'PAYLOAD_TOO_LARGE', `the request body is larger than ${maxBodyBytes} bytes`);
    }
    refuse(request, next, 'INVALID_JSON', `the request body could not be read: ${String(e.message)}`);
  };
}

/** Keeps the refusal for BodyRefusalInterceptor and goes on without a body (`next()` also leaves error handling). */
function refuse(request: RequestWithBody, next: NextFunction, code: BodyRefusal, message: string): void {
  request.body = undefined;
  request.bodyRefusal = new BodyRefusedError(code, message);
  next();
}

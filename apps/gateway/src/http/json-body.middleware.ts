import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@iren/platform';
import { BodyRefusedError, parseJsonBody } from './json-body';

const JSON_TYPE = 'application/json';

/**
 * How the gateway reads request bodies: only JSON, in UTF-8; at most `maxBodyBytes` (413 past it,
 * before the rest is read); then checked for shape and parsed (`parseJsonBody`). Each refusal is a
 * BodyRefusedError, answered in the API's error shape by the global filter.
 */
export function useJsonBodies(app: NestExpressApplication, maxBodyBytes: number): void {
  app.use(requireJson);
  // The bytes as sent (decompressed when sent compressed, the limit counting what comes out).
  app.useBodyParser('raw', { type: JSON_TYPE, limit: maxBodyBytes });
  app.use(parseBody);
  app.use(bodyReadError(maxBodyBytes));
}

function requireJson(request: Request, _response: Response, next: NextFunction): void {
  const type = request.is(JSON_TYPE);
  // null: the request has no body at all.
  if (type === null) return next();
  if (type === false) {
    return next(
      new BodyRefusedError(
        'UNSUPPORTED_CONTENT_TYPE',
        'the request body must be JSON, sent with Content-Type: application/json',
      ),
    );
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return next(new BodyRefusedError('UNSUPPORTED_CONTENT_TYPE', 'the request body must be JSON in UTF-8'));
  }
  next();
}

function parseBody(request: Request, _response: Response, next: NextFunction): void {
  if (!Buffer.isBuffer(request.body)) return next();
  try {
    request.body = parseJsonBody(request.body);
  } catch (error) {
    return next(error);
  }
  next();
}

/** body-parser's own refusals (too large, aborted, a length or encoding that does not hold) in the API's terms. */
function bodyReadError(maxBodyBytes: number) {
  return (error: unknown, _request: Request, _response: Response, next: NextFunction): void => {
    const e = error as { status?: unknown; message?: unknown } | null;
    if (error instanceof DomainError || typeof e?.status !== 'number' || e.status < 400 || e.status >= 500) {
      return next(error);
    }
    if (e.status === 413) {
      return next(new BodyRefusedError('PAYLOAD_TOO_LARGE', `the request body is larger than ${maxBodyBytes} bytes`));
    }
    next(new BodyRefusedError('INVALID_JSON', `the request body could not be read: ${String(e.message)}`));
  };
}

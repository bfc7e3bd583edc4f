import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { DomainError, isDependencyUnavailable, UnavailableError } from '@iren/platform';

/** What `Retry-After` says on a 503: a dependency's outage is usually seconds to minutes. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Maps every error to one JSON shape: `{ statusCode, error, message, fields?, correlationId }`.
 * Domain errors keep their status and message. A dependency that cannot be reached (PostgreSQL
 * down, NATS or another service not answering: `isDependencyUnavailable`) is a 503 `UNAVAILABLE`
 * with `Retry-After`, and the next request after it is back goes through. Unknown errors become a
 * plain 500, logged with the correlation id; never a stack trace to the client.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { correlationId?: string }>();
    const response = http.getResponse<Response>();
    const correlationId = request.correlationId;
    let status = 500;
    let body: Record<string, unknown>;
    if (!(exception instanceof DomainError) && isDependencyUnavailable(exception)) {
      this.logger.warn({ err: exception, correlationId, path: request.url }, 'a dependency is unavailable');
      exception = new UnavailableError('a service this request needs is unavailable; retry shortly');
    }
    if (exception instanceof UnavailableError || (exception instanceof DomainError && exception.status === 503)) {
      response.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    }
    if (exception instanceof DomainError) {
      status = exception.status;
      body = {
        message: exception.message,
        code: exception.code,
        ...(exception.fields && { fields: exception.fields }),
      };
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const answer = exception.getResponse();
      body = typeof answer === 'object' ? { ...(answer as object) } : { message: answer };
    } else {
      this.logger.error({ err: exception, correlationId, path: request.url }, 'unhandled error');
      body = { message: 'internal error' };
    }
    response.status(status).json(errorAnswer(status, body, correlationId));
  }
}

/** The API's error shape (DESIGN section 8), for whatever answers an error outside Nest's filters too. */
export function errorAnswer(
  status: number,
  body: Record<string, unknown>,
  correlationId: string | undefined,
): Record<string, unknown> {
  return { statusCode: status, error: STATUS_TEXT[status] ?? 'Error', ...body, correlationId };
}

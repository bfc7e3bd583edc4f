import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { DomainError } from '@iren/platform';

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
 * Domain errors keep their status and message; driver and unknown errors become a plain 500,
 * logged with the correlation id, never a stack trace to the client.
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
    response.status(status).json({ statusCode: status, error: STATUS_TEXT[status] ?? 'Error', ...body, correlationId });
  }
}

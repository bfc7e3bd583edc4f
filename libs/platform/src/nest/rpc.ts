import { type ArgumentsHost, Catch, type RpcExceptionFilter, ValidationPipe } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { type Observable, throwError } from 'rxjs';
import { flattenValidationErrors, HEADERS } from '@iren/contracts';
import { DomainError, InvalidInputError, type ErrorPayload } from '../errors';

/**
 * Sends a DomainError back over NATS request/reply as its payload, so the gateway can answer with
 * the same status and message; anything else becomes an opaque internal error.
 */
@Catch()
export class RpcDomainExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<ErrorPayload> {
    if (exception instanceof DomainError) return throwError(() => exception.toPayload());
    return throwError(() => ({ code: 'INTERNAL', status: 500, message: 'internal error' }));
  }
}

/** The one validation policy, for HTTP bodies and NATS payloads alike (STYLE: Boundaries). */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new InvalidInputError('invalid input', flattenValidationErrors(errors)),
  });
}

/** The correlation id a request/reply caller sent in the NATS headers. */
export function correlationIdOf(ctx: NatsContext): string | undefined {
  return ctx.getHeaders()?.get(HEADERS.correlationId) || undefined;
}

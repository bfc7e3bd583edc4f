import {
  type ArgumentMetadata,
  type ArgumentsHost,
  Catch,
  Controller,
  type RpcExceptionFilter,
  UseFilters,
  UsePipes,
  ValidationPipe,
  applyDecorators,
} from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { type Observable, throwError } from 'rxjs';
import { flattenValidationErrors, HEADERS, nestingProblem } from '@iren/contracts';
import { DomainError, InvalidInputError, type ErrorPayload, UnavailableError } from '../errors';
import { isDependencyUnavailable } from '../unavailability';

/**
 * Sends a DomainError back over NATS request/reply as its payload, so the gateway can answer with
 * the same status and message; a dependency of the server that cannot be reached (its database)
 * becomes `UNAVAILABLE` (503); anything else becomes an opaque internal error.
 */
@Catch()
export class RpcDomainExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<ErrorPayload> {
    if (exception instanceof DomainError) return throwError(() => exception.toPayload());
    if (isDependencyUnavailable(exception)) {
      return throwError(() =>
        new UnavailableError('a dependency of this service is unavailable; retry shortly').toPayload(),
      );
    }
    return throwError(() => ({ code: 'INTERNAL', status: 500, message: 'internal error' }));
  }
}

/**
 * Nest's ValidationPipe, refusing as invalid input what class-transformer cannot build a DTO from.
 * It recurses once per level, and a NATS payload is not bounded like an HTTP body (32 levels): a
 * payload nested a few thousand levels deep is refused before it starts. It converts before anything
 * is validated, and throws on what it cannot convert (`@Type(() => Number)` on a JSON object whose
 * `valueOf` and `toString` are no functions): the payload's fault, answered 400 rather than 500.
 */
class PlainInputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const problem = nestingProblem(value);
    if (problem) throw new InvalidInputError('invalid input', [problem]);
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      throw new InvalidInputError('invalid input', [{ field: '', messages: [`cannot be read: ${error.message}`] }]);
    }
  }
}

/** The one validation policy, for HTTP bodies and NATS payloads alike (STYLE: Boundaries). */
export function createValidationPipe(): ValidationPipe {
  return new PlainInputValidationPipe({
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

/**
 * A controller of NATS request/reply handlers, with the validation pipe and the DomainError
 * filter bound to it (global enhancers registered on a hybrid app's microservice do not reach
 * its handlers in Nest 12).
 */
export function RpcController(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(new RpcDomainExceptionFilter()), UsePipes(createValidationPipe()));
}

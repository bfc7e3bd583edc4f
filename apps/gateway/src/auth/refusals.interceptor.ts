import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { DomainError } from '@iren/platform';
import { Authenticator } from './authenticator';
import { DoorRefusals, type RefusedRequest } from './door-refusals';
import { type CallerRequest, clientAddress, presentedDigest } from './request-credentials';

/**
 * Counts and logs the 401s and 403s that handlers answer themselves — a node's officer acting
 * for another node, a registry refusal — beside those of the AuthGuard, which runs before this.
 */
@Injectable()
export class RefusalsInterceptor implements NestInterceptor {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly refusals: DoorRefusals,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof DomainError && (error.status === 401 || error.status === 403)) {
          const request = context.switchToHttp().getRequest<CallerRequest & RefusedRequest>();
          const caller = this.authenticator.callerRef(presentedDigest(request), clientAddress(request));
          this.refusals.authFailed(error, caller, request);
        }
        return throwError(() => error);
      }),
    );
  }
}

import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { RequestWithBody } from './json-body.middleware';

/**
 * Answers a request whose body `useJsonBodies` refused, once the route's guards let it through:
 * what it says about the body (400 naming the limit, 413) is for callers allowed to call the route.
 */
@Injectable()
export class BodyRefusalInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const refusal = context.switchToHttp().getRequest<RequestWithBody>().bodyRefusal;
    if (refusal) throw refusal;
    return next.handle();
  }
}

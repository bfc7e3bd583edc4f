import type { ArgumentsHost } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { ConflictError } from '../errors';
import { RpcDomainExceptionFilter } from './rpc';

/** What the caller of a request/reply handler receives when it throws `error`. */
function replyTo(error: unknown): Promise<unknown> {
  return firstValueFrom(new RpcDomainExceptionFilter().catch(error, {} as ArgumentsHost)).catch((e: unknown) => e);
}

describe(RpcDomainExceptionFilter.name, () => {
  it('sends a domain error as its payload', async () => {
    expect(await replyTo(new ConflictError('already a member'))).toEqual({
      code: 'CONFLICT',
      status: 409,
      message: 'already a member',
    });
  });

  it('sends a database the server cannot reach as UNAVAILABLE, naming nothing of it', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const reply = await replyTo(down);
    expect(reply).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
    expect(JSON.stringify(reply)).not.toContain('5432');
  });

  it('sends anything else as an opaque internal error', async () => {
    expect(await replyTo(new TypeError('x is undefined'))).toEqual({
      code: 'INTERNAL',
      status: 500,
      message: 'internal error',
    });
  });
});

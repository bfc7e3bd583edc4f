import type { ArgumentsHost } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString } from 'class-validator';
import { firstValueFrom } from 'rxjs';
import { ConflictError, InvalidInputError } from '../errors';
import { createValidationPipe, RpcDomainExceptionFilter } from './rpc';

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

class NodeIdRequest {
  @IsString()
  nodeId: string;
}

class PageRequest {
  @Type(() => Number)
  @IsInt()
  limit: number;
}

const metadata = { type: 'body' as const, metatype: NodeIdRequest };

describe(createValidationPipe.name, () => {
  it('takes a valid payload, and refuses an invalid one with InvalidInputError', async () => {
    await expect(createValidationPipe().transform({ nodeId: 'KZ-PCU-AKTAU' }, metadata)).resolves.toBeInstanceOf(
      NodeIdRequest,
    );
    await expect(createValidationPipe().transform({ nodeId: 1 }, metadata)).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('refuses a payload nested thousands of levels deep with InvalidInputError, not a RangeError (a 500)', async () => {
    const deep = JSON.parse(`{"nodeId":"x","extra":${'{"a":'.repeat(5_000)}0${'}'.repeat(5_000)}}`);
    const refusal = createValidationPipe().transform(deep, metadata);
    await expect(refusal).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refusal).rejects.toMatchObject({ fields: [{ field: expect.stringMatching(/^extra(\.a)+$/) }] });
  });

  it('refuses a value class-transformer cannot convert with InvalidInputError, not a TypeError (a 500)', async () => {
    // Number() of an object whose valueOf and toString are no functions throws: JSON can send one.
    const unconvertible = JSON.parse('{"limit":{"valueOf":1,"toString":"x"}}');
    await expect(
      createValidationPipe().transform(unconvertible, { type: 'body', metatype: PageRequest }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });
});

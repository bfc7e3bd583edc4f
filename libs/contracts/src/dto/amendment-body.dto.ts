import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import type { AmendmentBody } from '../envelope';
import { AmendMessageDto } from './amend-message.dto';

/**
 * The body of an AMENDMENT envelope. The inner `body` is checked here only as an object: its rules
 * are those of the original's kind, which the envelope does not carry; whoever knows the original
 * (gateway, router, inbox) checks it with `amendedBodyProblems`.
 */
export class AmendmentBodyDto extends AmendMessageDto implements AmendmentBody<object> {
  @ApiProperty({ format: 'uuid', description: 'the message amended' })
  @IsUUID()
  refersTo: string;

  @ApiProperty({ minimum: 2, example: 2, description: 'the version this amendment makes; the original is 1' })
  @IsInt()
  @Min(2)
  @Max(1_000_000)
  version: number;
}

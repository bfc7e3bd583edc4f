import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { WithdrawalBody } from '../envelope';
import { WithdrawMessageDto } from './withdraw-message.dto';

/** The body of a WITHDRAWAL envelope: the request's reason and the id of the message withdrawn. */
export class WithdrawalBodyDto extends WithdrawMessageDto implements WithdrawalBody {
  @ApiProperty({ format: 'uuid', description: 'the message withdrawn' })
  @IsUUID()
  refersTo: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ACK_STATUSES, type AckStatus } from '../vocabulary';

/** `POST /inbox/{messageId}/ack`: acknowledge receipt or action. */
export class AckDto {
  @ApiProperty({ enum: [...ACK_STATUSES], example: 'RECEIVED' })
  @IsIn(ACK_STATUSES)
  status: AckStatus;
}

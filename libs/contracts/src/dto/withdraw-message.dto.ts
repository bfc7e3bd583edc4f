import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** `POST /messages/{id}/withdraw`: why the origin takes its message back. */
export class WithdrawMessageDto {
  @ApiProperty({ minLength: 1, maxLength: 1000, example: 'Container released after examination: false alarm' })
  @IsString()
  @Length(1, 1000, { message: 'reason: should be 1 to 1000 characters' })
  reason: string;
}

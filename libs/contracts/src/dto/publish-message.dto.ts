import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import type { Envelope } from '../envelope';
import {
  HANDLING_CODES,
  MESSAGE_KINDS,
  TLP_LEVELS,
  type HandlingCode,
  type MessageKind,
  type Tlp,
} from '../vocabulary';
import { AddressingDto } from './addressing.dto';
import { AlertBodyDto } from './alert-body.dto';
import { IsSupportedKind, SUPPORTED_KINDS } from './supported-kind';

/** The part of an envelope the publisher supplies (`POST /messages`); the gateway adds the rest. */
export type UnsignedMessage = Pick<Envelope, 'kind' | 'tlp' | 'handling' | 'to' | 'operation' | 'body'>;

/**
 * `POST /messages`: what an officer publishes. The gateway adds `id`, `origin` (the officer's
 * node), `createdAt` and the signature.
 */
export class PublishMessageDto implements UnsignedMessage {
  @ApiProperty({
    enum: [...MESSAGE_KINDS],
    example: 'ALERT',
    description: `supported now: ${SUPPORTED_KINDS.join(', ')}`,
  })
  @IsIn(MESSAGE_KINDS)
  @IsSupportedKind()
  kind: MessageKind;

  @ApiProperty({ enum: [...TLP_LEVELS], example: 'AMBER' })
  @IsIn(TLP_LEVELS)
  tlp: Tlp;

  @ApiPropertyOptional({ enum: [...HANDLING_CODES], example: 'H2' })
  @IsOptional()
  @IsIn(HANDLING_CODES)
  handling?: HandlingCode;

  @ApiPropertyOptional({ type: () => AddressingDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressingDto)
  to?: AddressingDto;

  @ApiPropertyOptional({ description: 'operation id: the message stays within its members', example: 'OP-SILK-2026' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, {
    message: 'operation: should be 1 to 64 letters, digits, _, . or -, starting with a letter or digit',
  })
  operation?: string;

  @ApiProperty({ type: () => AlertBodyDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => AlertBodyDto)
  body: AlertBodyDto;
}

import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBase64,
  IsDefined,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from 'class-validator';
import type { Envelope, EnvelopeSignature } from '../envelope';
import { MESSAGE_KINDS, type MessageKind } from '../vocabulary';
import { IsNodeId } from '../validators/node-id';
import { AlertBodyDto } from './alert-body.dto';
import { bodyDtoFor, bodyTypeOf, SUPPORTED_KINDS } from './message-bodies';
import { MessageFieldsDto } from './message-fields.dto';
import { IsKindAmong } from './supported-kind';

/** An Ed25519 signature and the id of the registered key that made it. */
export class EnvelopeSignatureDto implements EnvelopeSignature {
  @ApiProperty({ example: 'KZ-PCU-AKTAU#2026-01' })
  @IsString()
  @Length(1, 128)
  keyId: string;

  @ApiProperty({ description: 'base64 of the 64-byte signature' })
  @IsBase64()
  @Length(1, 200)
  value: string;
}

/** The full envelope as it travels over NATS (`EXCHANGE`, inboxes): the published part and what the gateway adds. */
export class EnvelopeDto extends MessageFieldsDto implements Envelope<object> {
  @ApiProperty({ enum: [...MESSAGE_KINDS], example: 'ALERT' })
  @IsIn(MESSAGE_KINDS)
  @IsKindAmong(SUPPORTED_KINDS, 'is not supported yet')
  kind: MessageKind;

  @ApiProperty({
    description: `the body of the message's kind (${SUPPORTED_KINDS.join(', ')}): see the per-kind envelopes`,
    oneOf: SUPPORTED_KINDS.map((kind) => ({ $ref: getSchemaPath(bodyDtoFor(kind) ?? AlertBodyDto) })),
  })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(bodyTypeOf)
  body: object;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;

  @ApiProperty({ description: 'node id of the publisher', example: 'KZ-PCU-AKTAU' })
  @IsNodeId()
  origin: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-20T09:30:00.000Z' })
  @IsISO8601({ strict: true })
  createdAt: string;

  @ApiPropertyOptional({ type: () => EnvelopeSignatureDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EnvelopeSignatureDto)
  signature?: EnvelopeSignatureDto;
}

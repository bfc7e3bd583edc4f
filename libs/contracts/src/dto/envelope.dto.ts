import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBase64, IsISO8601, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import type { Envelope, EnvelopeSignature } from '../envelope';
import { IsNodeId } from '../validators/node-id';
import { PublishMessageDto } from './publish-message.dto';

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
export class EnvelopeDto extends PublishMessageDto implements Envelope {
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

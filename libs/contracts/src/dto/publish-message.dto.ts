import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, ValidateNested } from 'class-validator';
import type { Envelope } from '../envelope';
import { MESSAGE_KINDS, type MessageKind } from '../vocabulary';
import { AlertBodyDto } from './alert-body.dto';
import { RiskProfileBodyDto } from './risk-profile-body.dto';
import { bodyTypeOf, PUBLISHABLE_KINDS } from './message-bodies';
import { MessageFieldsDto } from './message-fields.dto';
import { IsKindAmong } from './supported-kind';

/** The part of an envelope the publisher supplies (`POST /messages`); the gateway adds the rest. */
export type UnsignedMessage = Pick<Envelope<object>, 'kind' | 'tlp' | 'handling' | 'to' | 'operation' | 'body'>;

/**
 * `POST /messages`: what an officer publishes. The gateway adds `id`, `origin` (the officer's
 * node), `createdAt` and the signature. The body is validated by the rules of its `kind`.
 */
@ApiExtraModels(AlertBodyDto, RiskProfileBodyDto)
export class PublishMessageDto extends MessageFieldsDto implements UnsignedMessage {
  @ApiProperty({
    enum: [...MESSAGE_KINDS],
    example: 'ALERT',
    description: `published here: ${PUBLISHABLE_KINDS.join(', ')}`,
  })
  @IsIn(MESSAGE_KINDS)
  @IsKindAmong(PUBLISHABLE_KINDS, 'is not published with POST /messages')
  kind: MessageKind;

  @ApiProperty({
    description:
      "the body of the message's kind: an AlertBodyDto for an ALERT, a RiskProfileBodyDto for a RISK_PROFILE",
    oneOf: [{ $ref: getSchemaPath(AlertBodyDto) }, { $ref: getSchemaPath(RiskProfileBodyDto) }],
  })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(bodyTypeOf)
  body: object;
}

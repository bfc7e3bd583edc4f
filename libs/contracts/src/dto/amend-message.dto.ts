import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsDefined, IsObject, IsOptional, IsString, Length } from 'class-validator';
import { AlertBodyDto } from './alert-body.dto';
import { RiskProfileBodyDto } from './risk-profile-body.dto';

/**
 * `POST /messages/{id}/amend`: the full new body of the message. Its shape depends on the
 * original's kind, which only the stored original tells: the gateway validates it against that
 * kind's body DTO (`amendedBodyProblems`), naming the fields as `body.<field>`.
 */
@ApiExtraModels(AlertBodyDto, RiskProfileBodyDto)
export class AmendMessageDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 1000, example: 'Corrected the container number' })
  @IsOptional()
  @IsString()
  @Length(1, 1000, { message: 'reason: should be 1 to 1000 characters' })
  reason?: string;

  @ApiProperty({
    description:
      "the full new body, of the original message's kind: an AlertBodyDto for an ALERT, a RiskProfileBodyDto for a RISK_PROFILE",
    oneOf: [{ $ref: getSchemaPath(AlertBodyDto) }, { $ref: getSchemaPath(RiskProfileBodyDto) }],
  })
  @IsDefined()
  @IsObject()
  body: object;
}

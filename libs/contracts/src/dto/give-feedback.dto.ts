import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { FEEDBACK_OUTCOMES, type FeedbackOutcome } from '../vocabulary';
import { SeizureQuantityDto } from './seizure-quantity.dto';

/** class-validator: the field may be given only when the outcome is SEIZURE. */
function OnlyForSeizure(): PropertyDecorator {
  return ValidateBy({
    name: 'onlyForSeizure',
    validator: {
      validate: (_value, args) => (args?.object as { outcome?: unknown }).outcome === 'SEIZURE',
      defaultMessage: (args) => `${args?.property}: only given with the outcome SEIZURE`,
    },
  });
}

const seizureOrGiven = (field: 'seizedAt' | 'quantities') => (f: GiveFeedbackDto) =>
  f.outcome === 'SEIZURE' || f[field] !== undefined;

/** `POST /messages/{id}/feedback` (DESIGN section 8): what the recipient found. */
export class GiveFeedbackDto {
  @ApiProperty({ enum: [...FEEDBACK_OUTCOMES], example: 'SEIZURE' })
  @IsIn(FEEDBACK_OUTCOMES)
  outcome: FeedbackOutcome;

  @ApiPropertyOptional({ format: 'date', example: '2022-06-14', description: 'required for SEIZURE' })
  @ValidateIf(seizureOrGiven('seizedAt'))
  @OnlyForSeizure()
  @IsISO8601({ strict: true }, { message: 'seizedAt: should be an ISO 8601 date, like 2022-06-14' })
  seizedAt?: string;

  @ApiPropertyOptional({
    type: () => [SeizureQuantityDto],
    minItems: 1,
    maxItems: 50,
    description: 'required for SEIZURE: what was seized, by category',
  })
  @ValidateIf(seizureOrGiven('quantities'))
  @OnlyForSeizure()
  @IsArray({ message: 'quantities: a SEIZURE needs the quantities seized, by category' })
  @ArrayMinSize(1, { message: 'quantities: a SEIZURE needs at least one quantity' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SeizureQuantityDto)
  quantities?: SeizureQuantityDto[];

  @ApiPropertyOptional({ maxLength: 2000, example: 'Counterfeit perfume found behind the declared goods' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  remarks?: string;
}

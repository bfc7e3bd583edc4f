import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import type { SeizureQuantity } from '../envelope';
import { ALERT_CATEGORIES, type AlertCategory } from '../vocabulary';

/** Kilograms as an exact decimal: a whole number of at most 12 digits and at most 3 decimals, no exponent. */
export const KILOGRAMS_PATTERN = /^(0|[1-9]\d{0,11})(\.\d{1,3})?$/;

/** One category of a seizure: pieces, kilograms or both. */
export class SeizureQuantityDto implements SeizureQuantity {
  @ApiProperty({ enum: [...ALERT_CATEGORIES], example: 'IPR' })
  @IsIn(ALERT_CATEGORIES)
  category: AlertCategory;

  @ApiPropertyOptional({ minimum: 0, example: 1200, description: 'required when kilograms is left out' })
  // Without kilograms the pieces are the quantity, so they are required then.
  @ValidateIf((q: SeizureQuantityDto) => q.pieces !== undefined || q.kilograms === undefined)
  @IsInt({ message: 'pieces: should be a whole number (give pieces, kilograms or both)' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  pieces?: number;

  @ApiPropertyOptional({
    example: '3.250',
    description: 'an exact decimal as a string, up to 3 decimals (reports add it exactly)',
  })
  @IsOptional()
  @IsString({ message: 'kilograms: should be a string holding an exact decimal, like "3.250"' })
  @Matches(KILOGRAMS_PATTERN, {
    message: 'kilograms: should be an exact decimal with at most 3 decimals and no exponent, like "266.283"',
  })
  kilograms?: string;
}

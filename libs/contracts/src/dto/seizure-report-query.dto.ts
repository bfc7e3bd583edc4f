import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCountryCode } from '../validators/country-code';
import { ALERT_CATEGORIES, type AlertCategory } from '../vocabulary';

/** `GET /reports/seizures`: seizure totals for a year, a country and a category, each optional. */
export class SeizureReportQueryDto {
  @ApiPropertyOptional({
    example: 2022,
    description: 'the year of the seizure (its seizedAt); all years when left out',
  })
  @IsOptional()
  @Type(() => Number) // query strings arrive as text
  @IsInt({ message: 'year: should be a whole year, like 2022' })
  @Min(1900)
  @Max(9999)
  year?: number;

  @ApiPropertyOptional({ example: 'KZ', description: 'the country of the node that reported the seizure' })
  @IsOptional()
  @IsCountryCode()
  country?: string;

  @ApiPropertyOptional({ enum: [...ALERT_CATEGORIES], description: 'the category of the quantity seized' })
  @IsOptional()
  @IsIn(ALERT_CATEGORIES)
  category?: AlertCategory;
}

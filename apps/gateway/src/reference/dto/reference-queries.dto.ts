import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';

/** Letters of any script, digits, spaces and the marks place names and descriptions use. */
const SEARCH_TEXT = /^[\p{L}\p{N} .,'()/-]+$/u;
const SEARCH_TEXT_MESSAGE = "q: should be letters, digits, spaces and . , ' ( ) / - only";

/** Spaces around a query are dropped before it is checked: `q=%20%20` is too short, not a match for every place. */
const trimmed = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** `GET /reference/locations`. */
export class LocationSearchQueryDto {
  @ApiProperty({
    description: 'part of a place name, or the start of a UN/LOCODE',
    minLength: 2,
    maxLength: 64,
    example: 'Aktau',
  })
  @trimmed()
  @IsString()
  @Length(2, 64)
  @Matches(SEARCH_TEXT, { message: SEARCH_TEXT_MESSAGE })
  q: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @Type(() => Number) // query strings arrive as text
  @IsInt()
  @Min(1)
  @Max(50)
  limit: number = 20;
}

/** `GET /reference/hs`. */
export class HsSearchQueryDto {
  @ApiProperty({
    description: 'the start of an HS code (digits), or words of a description',
    minLength: 2,
    maxLength: 64,
    example: 'medicaments',
  })
  @trimmed()
  @IsString()
  @Length(2, 64)
  @Matches(SEARCH_TEXT, { message: SEARCH_TEXT_MESSAGE })
  q: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit: number = 20;
}

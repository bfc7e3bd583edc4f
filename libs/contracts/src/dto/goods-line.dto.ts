import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, Length, MaxLength, Min } from 'class-validator';
import type { GoodsLine } from '../envelope';
import { IsHsCode } from '../validators/hs-code';
import { GOODS_UNITS, type GoodsUnit } from '../vocabulary';

/** One line of the goods concerned. */
export class GoodsLineDto implements GoodsLine {
  @ApiProperty({ description: 'HS code, 2 to 10 digits', example: '300420' })
  @IsHsCode()
  hsCode: string;

  @ApiProperty({ example: 'Antibiotics, retail packs', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  description: string;

  @ApiPropertyOptional({ minimum: 0, example: 12000 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  quantity?: number;

  @ApiPropertyOptional({ enum: [...GOODS_UNITS], example: 'PCS' })
  @IsOptional()
  @IsIn(GOODS_UNITS)
  unit?: GoodsUnit;

  @ApiPropertyOptional({ description: 'brand or rightsholder', example: 'Sanofi', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  brand?: string;
}

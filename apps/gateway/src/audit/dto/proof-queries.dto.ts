import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** `GET /audit/proofs/inclusion?index=&size=`: the audit service checks both against its tree. */
export class InclusionProofQueryDto {
  @ApiProperty({ minimum: 0, description: 'the leaf (ledger entry) index' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  index: number;

  @ApiProperty({ minimum: 1, description: 'the tree size, usually that of a checkpoint' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  size: number;
}

/** `GET /audit/proofs/consistency?from=&to=`: that the tree of `to` entries extends the one of `from`. */
export class ConsistencyProofQueryDto {
  @ApiProperty({ minimum: 1, description: 'the older tree size' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  from: number;

  @ApiProperty({ minimum: 1, description: 'the newer tree size' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  to: number;
}

import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

// Tree sizes and indexes stay far below 2^53; the bound keeps them exact in JSON.
const MAX = Number.MAX_SAFE_INTEGER;

/** Payload of `audit.proofs.inclusion`. */
export class InclusionProofRequest {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX)
  index: number;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX)
  size: number;
}

/** Payload of `audit.proofs.consistency`; the service names `from` when it is 0 or beyond `to`. */
export class ConsistencyProofRequest {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX)
  from: number;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX)
  to: number;
}

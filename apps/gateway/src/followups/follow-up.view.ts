import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FollowUpAccepted } from './message-changes.service';

/** A withdrawal, amendment or feedback accepted for routing (the answer's shape, for the OpenAPI document). */
export class FollowUpAcceptedView implements FollowUpAccepted {
  @ApiProperty({ format: 'uuid', description: 'the follow-up message' })
  id: string;

  @ApiProperty({ enum: ['ACCEPTED'] })
  status: 'ACCEPTED';

  @ApiPropertyOptional({ minimum: 2, description: 'an amendment: the version it makes', example: 2 })
  version?: number;
}

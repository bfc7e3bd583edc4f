import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GROUP_KINDS, type GroupKind, type GroupRecord } from '@iren/contracts';

/** A group or operation as the registry publishes it (the shape of the answer, for the OpenAPI document). */
export class GroupView implements GroupRecord {
  @ApiProperty({ example: 'OP-CASPIAN-2026' })
  id: string;

  @ApiProperty({ example: 'Operation Caspian' })
  name: string;

  @ApiProperty({ enum: [...GROUP_KINDS], example: 'OPERATION' })
  kind: GroupKind;

  @ApiPropertyOptional({ format: 'date-time', description: 'an OPERATION only', example: '2026-12-01T00:00:00Z' })
  startsAt?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'an OPERATION only', example: '2026-12-31T00:00:00Z' })
  endsAt?: string;

  @ApiProperty({ type: [String], description: 'node ids, sorted', example: ['AZ-PCU-BAKU', 'KZ-PCU-AKTAU'] })
  members: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

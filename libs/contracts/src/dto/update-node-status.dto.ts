import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { NODE_STATUSES, type NodeStatus } from '../vocabulary';

/** `PATCH /nodes/{id}`: suspend or reinstate a node. */
export class UpdateNodeStatusDto {
  @ApiProperty({ enum: [...NODE_STATUSES], example: 'SUSPENDED' })
  @IsIn(NODE_STATUSES)
  status: NodeStatus;
}

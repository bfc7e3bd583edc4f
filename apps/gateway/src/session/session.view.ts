import { ApiProperty } from '@nestjs/swagger';
import { NODE_TYPES, type NodeType } from '@iren/contracts';
import type { Role } from '../auth/principal';

/** Who the presented token belongs to: what the web console shows and which pages it opens. */
export class SessionView {
  @ApiProperty({ enum: ['admin', 'officer', 'coordinator'], example: 'officer' })
  role: Role;

  @ApiProperty({ type: String, nullable: true, example: 'KZ-PCU-AKTAU', description: 'null for the admin' })
  nodeId: string | null;

  @ApiProperty({ enum: NODE_TYPES, nullable: true, example: 'PCU' })
  nodeType: NodeType | null;

  @ApiProperty({ type: String, nullable: true, example: 'Aktau seaport PCU' })
  nodeName: string | null;
}

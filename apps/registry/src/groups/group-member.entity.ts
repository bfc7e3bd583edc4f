import { Entity, PrimaryColumn } from 'typeorm';

/** One node's membership of one group or operation. */
@Entity({ schema: 'registry', name: 'group_members' })
export class GroupMemberEntity {
  @PrimaryColumn({ name: 'group_id', type: 'text' })
  groupId: string;

  @PrimaryColumn({ name: 'node_id', type: 'text' })
  nodeId: string;
}

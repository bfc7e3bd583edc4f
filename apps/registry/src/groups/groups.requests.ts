import { IsOptional, Matches } from 'class-validator';
import { CreateGroupDto, GROUP_ID_PATTERN, IsNodeId, PutGroupMembersDto } from '@iren/contracts';

const GROUP_ID_MESSAGE = 'id: should be 1 to 64 of A-Z, 0-9, _, . and -, starting with a letter or digit';

/** Payloads of the registry's group handlers, validated like HTTP bodies. */
export class CreateGroupRequest extends CreateGroupDto {}

export class GroupIdRequest {
  @Matches(GROUP_ID_PATTERN, { message: GROUP_ID_MESSAGE })
  id: string;
}

export class PutGroupMembersRequest extends PutGroupMembersDto {
  @Matches(GROUP_ID_PATTERN, { message: GROUP_ID_MESSAGE })
  id: string;
}

/** With `member`, only the groups and operations that node belongs to. */
export class ListGroupsRequest {
  @IsOptional()
  @IsNodeId()
  member?: string;
}

import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { RPC, type GroupRecord } from '@iren/contracts';
import { SignedRpcController } from '@iren/messaging';
import { correlationIdOf } from '@iren/platform';
import { CreateGroupRequest, GroupIdRequest, ListGroupsRequest, PutGroupMembersRequest } from './groups.requests';
import { GroupsService } from './groups.service';

/** Request/reply handlers of groups and operations, served to the gateway over NATS. */
@SignedRpcController()
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @MessagePattern(RPC.createGroup)
  create(@Payload() input: CreateGroupRequest, @Ctx() ctx: NatsContext): Promise<GroupRecord> {
    return this.groups.create(input, correlationIdOf(ctx));
  }

  @MessagePattern(RPC.putGroupMembers)
  putMembers(@Payload() input: PutGroupMembersRequest, @Ctx() ctx: NatsContext): Promise<GroupRecord> {
    return this.groups.putMembers(input.id, input.members, correlationIdOf(ctx));
  }

  @MessagePattern(RPC.listGroups)
  list(@Payload() input: ListGroupsRequest): Promise<GroupRecord[]> {
    return this.groups.list(input.member);
  }

  @MessagePattern(RPC.getGroup)
  get(@Payload() input: GroupIdRequest): Promise<GroupRecord> {
    return this.groups.get(input.id);
  }
}

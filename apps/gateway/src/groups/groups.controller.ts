import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateGroupDto, type GroupRecord, PutGroupMembersDto } from '@iren/contracts';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { GroupIdPipe } from './group-id.pipe';
import { GroupsService } from './groups.service';

/** Named recipient groups and time-boxed operations: the admin manages them, members may look. */
@ApiTags('groups')
@ApiBearerAuth()
@Controller('groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Post()
  @Roles('admin')
  create(@Body() input: CreateGroupDto, @CorrelationId() cid: string): Promise<GroupRecord> {
    return this.groups.create(input, cid);
  }

  @Put(':id/members')
  @Roles('admin')
  putMembers(
    @Param('id', GroupIdPipe) id: string,
    @Body() input: PutGroupMembersDto,
    @CorrelationId() cid: string,
  ): Promise<GroupRecord> {
    return this.groups.putMembers(id, input.members, cid);
  }

  @Get()
  @Roles('admin', 'coordinator', 'officer')
  list(@CurrentPrincipal() principal: Principal, @CorrelationId() cid: string): Promise<GroupRecord[]> {
    return this.groups.list(principal, cid);
  }

  @Get(':id')
  @Roles('admin', 'coordinator', 'officer')
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', GroupIdPipe) id: string,
    @CorrelationId() cid: string,
  ): Promise<GroupRecord> {
    return this.groups.get(principal, id, cid);
  }
}

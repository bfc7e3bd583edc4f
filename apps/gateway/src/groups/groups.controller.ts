import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CreateGroupDto, type GroupRecord, PutGroupMembersDto } from '@iren/contracts';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiOperationDoc } from '../http/api-answers';
import { ApiExampleBody } from '../http/request-examples';
import { GroupIdPipe } from './group-id.pipe';
import { GroupView } from './group.view';
import { GroupsService } from './groups.service';

/** Named recipient groups and time-boxed operations: the admin manages them, members may look. */
@ApiTags('groups')
@Controller('groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Post()
  @Roles('admin')
  @ApiOperationDoc({
    id: 'createGroup',
    summary: 'Create a recipient group or a time-boxed operation (admin)',
    description: '409 when the id is taken; 400 naming members that are not registered nodes.',
    errors: [400, 409, 413],
  })
  @ApiExampleBody(CreateGroupDto, 'createGroup')
  @ApiCreatedResponse({ type: GroupView })
  create(@Body() input: CreateGroupDto, @CorrelationId() cid: string): Promise<GroupRecord> {
    return this.groups.create(input, cid);
  }

  @Put(':id/members')
  @Roles('admin')
  @ApiOperationDoc({ id: 'replaceGroupMembers', summary: 'Replace a group’s members (admin)', errors: [400, 404, 413] })
  @ApiOkResponse({ type: GroupView })
  putMembers(
    @Param('id', GroupIdPipe) id: string,
    @Body() input: PutGroupMembersDto,
    @CorrelationId() cid: string,
  ): Promise<GroupRecord> {
    return this.groups.putMembers(id, input.members, cid);
  }

  @Get()
  @Roles('admin', 'coordinator', 'officer')
  @ApiOperationDoc({
    id: 'listGroups',
    summary: 'Groups and operations: all for the admin and coordinators; for an officer, those its node is in',
  })
  @ApiOkResponse({ type: [GroupView] })
  list(@CurrentPrincipal() principal: Principal, @CorrelationId() cid: string): Promise<GroupRecord[]> {
    return this.groups.list(principal, cid);
  }

  @Get(':id')
  @Roles('admin', 'coordinator', 'officer')
  @ApiOperationDoc({ id: 'getGroup', summary: 'One group or operation', errors: [400, 404] })
  @ApiOkResponse({ type: GroupView })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', GroupIdPipe) id: string,
    @CorrelationId() cid: string,
  ): Promise<GroupRecord> {
    return this.groups.get(principal, id, cid);
  }
}

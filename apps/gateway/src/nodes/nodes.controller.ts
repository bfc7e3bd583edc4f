import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type NodeKeyRecord, type NodeRecord, RegisterNodeDto, UpdateNodeStatusDto } from '@iren/contracts';
import { CorrelationId, Roles } from '../auth/auth.decorators';
import { NodeIdPipe } from './node-id.pipe';
import { NodesService } from './nodes.service';

/** The members' register; every change is made by the registry service, over NATS. */
@ApiTags('nodes')
@ApiBearerAuth()
@Controller('nodes')
export class NodesController {
  constructor(private readonly nodes: NodesService) {}

  @Post()
  @Roles('admin')
  register(@Body() input: RegisterNodeDto, @CorrelationId() cid: string): Promise<{ node: NodeRecord; token: string }> {
    return this.nodes.register(input, cid);
  }

  @Get()
  list(@CorrelationId() cid: string): Promise<(NodeRecord & { keys: NodeKeyRecord[] })[]> {
    return this.nodes.list(cid);
  }

  @Get(':id')
  get(
    @Param('id', NodeIdPipe) id: string,
    @CorrelationId() cid: string,
  ): Promise<NodeRecord & { keys: NodeKeyRecord[] }> {
    return this.nodes.get(id, cid);
  }

  @Patch(':id')
  @Roles('admin')
  setStatus(
    @Param('id', NodeIdPipe) id: string,
    @Body() input: UpdateNodeStatusDto,
    @CorrelationId() cid: string,
  ): Promise<NodeRecord> {
    return this.nodes.setStatus(id, input.status, cid);
  }

  @Post(':id/tokens')
  @Roles('admin')
  issueToken(
    @Param('id', NodeIdPipe) nodeId: string,
    @CorrelationId() cid: string,
  ): Promise<{ id: string; token: string }> {
    return this.nodes.issueToken(nodeId, cid);
  }

  @Delete(':id/tokens/:tokenId')
  @Roles('admin')
  @HttpCode(204)
  async revokeToken(
    @Param('id', NodeIdPipe) nodeId: string,
    @Param('tokenId', ParseUUIDPipe) tokenId: string,
    @CorrelationId() cid: string,
  ): Promise<void> {
    await this.nodes.revokeToken(nodeId, tokenId, cid);
  }
}

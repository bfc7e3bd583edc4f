import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type NodeRecord, RegisterNodeDto, UpdateNodeStatusDto } from '@iren/contracts';
import { CorrelationId, Roles } from '../auth/auth.decorators';
import { ApiOperationDoc } from '../http/api-answers';
import { ApiExampleBody } from '../http/request-examples';
import { NodeIdPipe } from './node-id.pipe';
import { IssuedTokenView, NodeRecordView, NodeView, RegisteredNodeView } from './node.view';
import { NodesService } from './nodes.service';

/** The members' register; every change is made by the registry service, over NATS. */
@ApiTags('nodes')
@Controller('nodes')
export class NodesController {
  constructor(private readonly nodes: NodesService) {}

  @Post()
  @Roles('admin')
  @ApiOperationDoc({
    id: 'registerNode',
    summary: 'Register a node (admin)',
    description: 'Answers the node and a first officer token, shown once. 409 when the id is already registered.',
    errors: [400, 409, 413],
  })
  @ApiExampleBody(RegisterNodeDto, 'registerNode')
  @ApiCreatedResponse({ type: RegisteredNodeView })
  register(@Body() input: RegisterNodeDto, @CorrelationId() cid: string): Promise<{ node: NodeRecord; token: string }> {
    return this.nodes.register(input, cid);
  }

  @Get()
  @ApiOperationDoc({ id: 'listNodes', summary: 'The registry: every node, its contacts and its keys’ public parts' })
  @ApiOkResponse({ type: [NodeView] })
  list(@CorrelationId() cid: string): Promise<NodeView[]> {
    return this.nodes.list(cid);
  }

  @Get(':id')
  @ApiOperationDoc({ id: 'getNode', summary: 'One node, its contacts and its keys’ public parts', errors: [400, 404] })
  @ApiOkResponse({ type: NodeView })
  get(@Param('id', NodeIdPipe) id: string, @CorrelationId() cid: string): Promise<NodeView> {
    return this.nodes.get(id, cid);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperationDoc({
    id: 'setNodeStatus',
    summary: 'Suspend or reinstate a node (admin)',
    description: 'A suspended node’s tokens are refused (403) and nothing is delivered to it.',
    errors: [400, 404, 413],
  })
  @ApiOkResponse({ type: NodeRecordView })
  setStatus(
    @Param('id', NodeIdPipe) id: string,
    @Body() input: UpdateNodeStatusDto,
    @CorrelationId() cid: string,
  ): Promise<NodeRecord> {
    return this.nodes.setStatus(id, input.status, cid);
  }

  @Post(':id/tokens')
  @Roles('admin')
  @ApiOperationDoc({
    id: 'issueNodeToken',
    summary: 'Issue an officer token for a node (admin; shown once)',
    errors: [400, 404],
  })
  @ApiCreatedResponse({ type: IssuedTokenView })
  issueToken(
    @Param('id', NodeIdPipe) nodeId: string,
    @CorrelationId() cid: string,
  ): Promise<{ id: string; token: string }> {
    return this.nodes.issueToken(nodeId, cid);
  }

  @Delete(':id/tokens/:tokenId')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperationDoc({ id: 'revokeNodeToken', summary: 'Revoke an officer token (admin)', errors: [400, 404] })
  @ApiNoContentResponse({ description: 'revoked' })
  async revokeToken(
    @Param('id', NodeIdPipe) nodeId: string,
    @Param('tokenId', ParseUUIDPipe) tokenId: string,
    @CorrelationId() cid: string,
  ): Promise<void> {
    await this.nodes.revokeToken(nodeId, tokenId, cid);
  }
}

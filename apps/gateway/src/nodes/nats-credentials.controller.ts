import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { IssuedNatsCredential, NatsCredentialRecord } from '@iren/contracts';
import { CorrelationId, Roles } from '../auth/auth.decorators';
import { NatsCredentialsService } from './nats-credentials.service';
import { ApiOperationDoc } from '../http/api-answers';
import { NodeIdPipe } from './node-id.pipe';
import { IssuedNatsCredentialView, NatsCredentialView } from './node.view';

/** NATS users for nodes whose own systems publish and read on the bus (machine to machine). */
@ApiTags('nodes')
@Roles('admin')
@Controller('nodes/:id/nats-credentials')
export class NatsCredentialsController {
  constructor(private readonly credentials: NatsCredentialsService) {}

  @Post()
  @ApiOperationDoc({
    id: 'issueNatsCredentials',
    summary: 'Issue a NATS credentials file for the node’s own system (admin; shown once)',
    errors: [400, 404, 409],
    description:
      'The user may publish only under iren.pub.<country>.<node>.> (envelopes the node signs with its own registered key) and read only its inbox, through the durable consumer named in the answer. 409 on a bus without authentication or for a suspended node.',
  })
  @ApiCreatedResponse({ type: IssuedNatsCredentialView })
  issue(@Param('id', NodeIdPipe) nodeId: string, @CorrelationId() cid: string): Promise<IssuedNatsCredential> {
    return this.credentials.issue(nodeId, cid);
  }

  @Get()
  @ApiOperationDoc({
    id: 'listNatsCredentials',
    summary: 'The node’s NATS users, without their secrets (admin)',
    errors: [400, 404],
  })
  @ApiOkResponse({ type: [NatsCredentialView] })
  list(@Param('id', NodeIdPipe) nodeId: string, @CorrelationId() cid: string): Promise<NatsCredentialRecord[]> {
    return this.credentials.list(nodeId, cid);
  }

  @Delete(':credentialId')
  @HttpCode(204)
  @ApiOperationDoc({
    id: 'revokeNatsCredentials',
    summary: 'Revoke a NATS user: its open connection is closed and new ones refused (admin)',
    errors: [400, 404],
  })
  @ApiNoContentResponse({ description: 'revoked' })
  async revoke(
    @Param('id', NodeIdPipe) nodeId: string,
    @Param('credentialId', ParseUUIDPipe) credentialId: string,
    @CorrelationId() cid: string,
  ): Promise<void> {
    await this.credentials.revoke(nodeId, credentialId, cid);
  }
}

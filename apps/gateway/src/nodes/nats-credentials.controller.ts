import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IssuedNatsCredential, NatsCredentialRecord } from '@iren/contracts';
import { CorrelationId, Roles } from '../auth/auth.decorators';
import { NatsCredentialsService } from './nats-credentials.service';
import { NodeIdPipe } from './node-id.pipe';

/** NATS users for nodes whose own systems publish and read on the bus (machine to machine). */
@ApiTags('nodes')
@ApiBearerAuth()
@Roles('admin')
@Controller('nodes/:id/nats-credentials')
export class NatsCredentialsController {
  constructor(private readonly credentials: NatsCredentialsService) {}

  @Post()
  @ApiOperation({
    summary: 'Issue a NATS credentials file for the node’s own system (shown once)',
    description:
      'The user may publish only under iren.pub.<country>.<node>.> (envelopes the node signs with its own registered key) and read only its inbox, through the durable consumer named in the answer. 409 on a bus without authentication or for a suspended node.',
  })
  issue(@Param('id', NodeIdPipe) nodeId: string, @CorrelationId() cid: string): Promise<IssuedNatsCredential> {
    return this.credentials.issue(nodeId, cid);
  }

  @Get()
  @ApiOperation({ summary: 'The node’s NATS users, without their secrets' })
  list(@Param('id', NodeIdPipe) nodeId: string, @CorrelationId() cid: string): Promise<NatsCredentialRecord[]> {
    return this.credentials.list(nodeId, cid);
  }

  @Delete(':credentialId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a NATS user: its open connection is closed and new ones refused' })
  async revoke(
    @Param('id', NodeIdPipe) nodeId: string,
    @Param('credentialId', ParseUUIDPipe) credentialId: string,
    @CorrelationId() cid: string,
  ): Promise<void> {
    await this.credentials.revoke(nodeId, credentialId, cid);
  }
}

import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type NodeKeyRecord, RegisterNodeKeyDto } from '@iren/contracts';
import { NotFoundError } from '@iren/platform';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { actsFor, type Principal } from '../auth/principal';
import { NodeIdPipe } from '../nodes/node-id.pipe';
import { NodeSigningService } from './node-signing.service';

/** A node's signing keys, changed by the admin or that node's own officer. */
@ApiTags('nodes')
@ApiBearerAuth()
@Roles('officer', 'admin')
@Controller('nodes/:id/keys')
export class NodeKeysController {
  constructor(private readonly signing: NodeSigningService) {}

  /**
   * Rotates the gateway's key for the node, or registers the node's own key (`publicKey`); answers
   * the new active key's public part. Another node answers 404 like a missing one.
   */
  @Post()
  register(
    @CurrentPrincipal() principal: Principal,
    @Param('id', NodeIdPipe) nodeId: string,
    @Body() input: RegisterNodeKeyDto,
    @CorrelationId() cid: string,
  ): Promise<NodeKeyRecord> {
    if (!actsFor(principal, nodeId)) throw new NotFoundError(`node ${nodeId}`);
    if (input.publicKey !== undefined) return this.signing.registerNodeHeld(nodeId, input.publicKey, cid);
    return this.signing.rotate(nodeId, cid);
  }
}

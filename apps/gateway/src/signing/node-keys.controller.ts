import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { type NodeKeyRecord, RegisterNodeKeyDto } from '@iren/contracts';
import { NotFoundError } from '@iren/platform';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { actsFor, type Principal } from '../auth/principal';
import { ApiOperationDoc } from '../http/api-answers';
import { NodeIdPipe } from '../nodes/node-id.pipe';
import { NodeKeyView } from '../nodes/node.view';
import { NodeSigningService } from './node-signing.service';

/** A node's signing keys, changed by the admin or that node's own officer. */
@ApiTags('nodes')
@Roles('officer', 'admin')
@Controller('nodes/:id/keys')
export class NodeKeysController {
  constructor(private readonly signing: NodeSigningService) {}

  /**
   * Rotates the gateway's key for the node, or registers the node's own key (`publicKey`); answers
   * the new active key's public part. Another node answers 404 like a missing one.
   */
  @Post()
  @ApiOperationDoc({
    id: 'rotateNodeKey',
    summary: 'Rotate the node’s signing key, or register the node’s own (admin, that node’s officer)',
    description:
      'Without `publicKey`, the gateway makes a new key for the node and retires its previous one; with `publicKey` (SPKI PEM), the node’s own system holds the private part. Another node answers 404.',
    errors: [400, 404, 413],
  })
  @ApiCreatedResponse({ type: NodeKeyView, description: 'the new active key, public part' })
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

import { Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { NodeKeyRecord } from '@iren/contracts';
import { NotFoundError } from '@iren/platform';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { actsFor, type Principal } from '../auth/principal';
import { NodeIdPipe } from '../nodes/node-id.pipe';
import { NodeSigningService } from './node-signing.service';

/** Rotation of a node's signing key, by the admin or that node's own officer. */
@ApiTags('nodes')
@ApiBearerAuth()
@Roles('officer', 'admin')
@Controller('nodes/:id/keys')
export class NodeKeysController {
  constructor(private readonly signing: NodeSigningService) {}

  /** Answers the new active key's public part; another node answers 404 like a missing one. */
  @Post()
  rotate(
    @CurrentPrincipal() principal: Principal,
    @Param('id', NodeIdPipe) nodeId: string,
    @CorrelationId() cid: string,
  ): Promise<NodeKeyRecord> {
    if (!actsFor(principal, nodeId)) throw new NotFoundError(`node ${nodeId}`);
    return this.signing.rotate(nodeId, cid);
  }
}

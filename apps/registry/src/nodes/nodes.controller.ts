import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { RPC, type NodeKeyRecord, type NodeRecord } from '@iren/contracts';
import { SignedRpcController } from '@iren/messaging';
import { correlationIdOf } from '@iren/platform';
import { newToken } from '../tokens/token-secret';
import { NodeIdRequest, RegisterNodeRequest, SetNodeStatusRequest } from './nodes.requests';
import { NodesService } from './nodes.service';

/** Request/reply handlers of the members' register, served to the gateway over NATS. */
@SignedRpcController()
export class NodesController {
  constructor(private readonly nodes: NodesService) {}

  @MessagePattern(RPC.registerNode)
  register(
    @Payload() input: RegisterNodeRequest,
    @Ctx() ctx: NatsContext,
  ): Promise<{ node: NodeRecord; token: string }> {
    return this.nodes.register(input, newToken(), correlationIdOf(ctx));
  }

  @MessagePattern(RPC.listNodes)
  list(): Promise<(NodeRecord & { keys: NodeKeyRecord[] })[]> {
    return this.nodes.list();
  }

  @MessagePattern(RPC.getNode)
  get(@Payload() input: NodeIdRequest): Promise<NodeRecord & { keys: NodeKeyRecord[] }> {
    return this.nodes.get(input.id);
  }

  @MessagePattern(RPC.setNodeStatus)
  setStatus(@Payload() input: SetNodeStatusRequest, @Ctx() ctx: NatsContext): Promise<NodeRecord> {
    return this.nodes.setStatus(input.id, input.status, correlationIdOf(ctx));
  }
}

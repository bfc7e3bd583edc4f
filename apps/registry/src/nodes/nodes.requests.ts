import { IsNodeId, RegisterNodeDto, UpdateNodeStatusDto } from '@iren/contracts';

/** Payloads of the registry's NATS handlers, validated like HTTP bodies. */
export class RegisterNodeRequest extends RegisterNodeDto {}

export class NodeIdRequest {
  @IsNodeId()
  id: string;
}

export class SetNodeStatusRequest extends UpdateNodeStatusDto {
  @IsNodeId()
  id: string;
}

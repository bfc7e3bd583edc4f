import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC } from '@iren/contracts';
import type { Checkpoint } from '@iren/ledger';
import { SignedRpcController } from '@iren/messaging';
import { ConsistencyProofRequest, InclusionProofRequest } from './ledger-proofs.requests';
import {
  LedgerProofsService,
  type ConsistencyProofView,
  type InclusionProofView,
  type PublicKeyView,
} from './ledger-proofs.service';

/** Checkpoints, the public key and proofs, served to the gateway and the watchers over NATS. */
@SignedRpcController()
export class LedgerProofsController {
  constructor(private readonly proofs: LedgerProofsService) {}

  @MessagePattern(RPC.latestCheckpoint)
  latest(): Promise<Checkpoint> {
    return this.proofs.latestCheckpoint();
  }

  @MessagePattern(RPC.auditPublicKey)
  publicKey(): PublicKeyView {
    return this.proofs.publicKey();
  }

  @MessagePattern(RPC.inclusionProof)
  inclusion(@Payload() input: InclusionProofRequest): Promise<InclusionProofView> {
    return this.proofs.inclusion(input.index, input.size);
  }

  @MessagePattern(RPC.consistencyProof)
  consistency(@Payload() input: ConsistencyProofRequest): Promise<ConsistencyProofView> {
    return this.proofs.consistency(input.from, input.to);
  }
}

import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC } from '@iren/contracts';
import {
  DeadLetterReplay,
  type ReplayedDeadLetter,
  ReplayDeadLetterRequest,
  SignedRpcController,
} from '@iren/messaging';

/** `audit.dead_letters.replay`: the admin, through the gateway, puts a dead letter back through an audit consumer. */
@SignedRpcController()
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetterReplay) {}

  @MessagePattern(RPC.replayAuditDeadLetter)
  replay(@Payload() input: ReplayDeadLetterRequest): Promise<ReplayedDeadLetter> {
    return this.deadLetters.replay(input.id);
  }
}

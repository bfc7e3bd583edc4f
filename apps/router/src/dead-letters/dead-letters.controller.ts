import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC } from '@iren/contracts';
import {
  DeadLetterReplay,
  type ReplayedDeadLetter,
  ReplayDeadLetterRequest,
  SignedRpcController,
} from '@iren/messaging';

/** `router.dead_letters.replay`: the admin, through the gateway, puts a dead letter back through the router's consumer. */
@SignedRpcController()
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetterReplay) {}

  @MessagePattern(RPC.replayRouterDeadLetter)
  replay(@Payload() input: ReplayDeadLetterRequest): Promise<ReplayedDeadLetter> {
    return this.deadLetters.replay(input.id);
  }
}

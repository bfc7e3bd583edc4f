import type { Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { ReplayedDeadLetter } from './dead-letter-outcomes';
import { DeadLetterReplay } from './dead-letter-replay';
import { ReplayDeadLetterRequest } from './dead-letter-replay.request';
import { SignedRpcController } from './trust/signed-rpc-caller.guard';

/**
 * The request/reply handler on `pattern` (`router.dead_letters.replay`, `audit.dead_letters.replay`)
 * through which the admin, by way of the gateway, puts a dead letter back through one of this app's
 * consumers.
 */
export function DeadLetterReplayController(pattern: string): Type<unknown> {
  @SignedRpcController()
  class DeadLetterReplayHandler {
    constructor(readonly deadLetters: DeadLetterReplay) {}

    @MessagePattern(pattern)
    replay(@Payload() input: ReplayDeadLetterRequest): Promise<ReplayedDeadLetter> {
      return this.deadLetters.replay(input.id);
    }
  }
  return DeadLetterReplayHandler;
}

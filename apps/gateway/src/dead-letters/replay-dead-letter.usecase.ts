import { Injectable } from '@nestjs/common';
import { RPC, type ServiceName } from '@iren/contracts';
import {
  type DeadLetter,
  DeadLetterQueue,
  DeadLetterReplay,
  NotReplayableError,
  type ReplayedDeadLetter,
  replayOutcomeOf,
} from '@iren/messaging';
import { RpcClient } from '../registry/registry-client';
import { ReplayAttempts } from './replay-attempts';

/** The services whose consumers the gateway may ask to put a letter back, and the pattern to ask on. */
const REPLAYED_OVER_RPC: Partial<Record<ServiceName, string>> = {
  router: RPC.replayRouterDeadLetter,
  audit: RPC.replayAuditDeadLetter,
};

/**
 * `POST /dlq/{id}/replay`: puts a dead letter back through the consumer that refused it — the
 * gateway's own inbox consumer here, the router's and the audit's by a signed request to them —
 * and records how it ended. The errors are the answer: 409 still refused or not replayable, 503
 * try later, 404 no such letter.
 */
@Injectable()
export class ReplayDeadLetter {
  constructor(
    private readonly queue: DeadLetterQueue,
    private readonly replay: DeadLetterReplay,
    private readonly rpc: RpcClient,
    private readonly attempts: ReplayAttempts,
  ) {}

  async execute(id: string, correlationId: string): Promise<ReplayedDeadLetter> {
    const { letter } = await this.queue.read(id);
    let replayed: ReplayedDeadLetter;
    try {
      replayed = await this.replayed(letter, correlationId);
    } catch (error) {
      await this.attempts.failed(letter, replayOutcomeOf(error), (error as Error)?.message ?? String(error));
      throw error;
    }
    await this.attempts.processed(letter, replayed.consumer, correlationId);
    return replayed;
  }

  private replayed(letter: DeadLetter, correlationId: string): Promise<ReplayedDeadLetter> {
    const { consumer, service } = this.replay.ownerOf(letter);
    if (service === 'gateway') return this.replay.replay(letter.id);
    const pattern = REPLAYED_OVER_RPC[service];
    if (!pattern) throw new NotReplayableError(`dead letter ${letter.id}: ${consumer} is not replayable here`);
    return this.rpc.call<ReplayedDeadLetter>(pattern, { id: letter.id }, correlationId);
  }
}

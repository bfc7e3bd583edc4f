import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { type DeadLetter, EventOutbox, OutboxRelayHost, type ReplayOutcome } from '@iren/messaging';
import { ROOT_LOGGER, Transactor } from '@iren/platform';
import { DeadLetterReplaysRepository } from './dead-letter-replays.repository';

/**
 * Records each attempt on a dead letter, and announces the first that went through as a
 * `dead_letter.replayed` event (in the same transaction), so the ledger holds who put what back.
 */
@Injectable()
export class ReplayAttempts {
  private readonly logger: Logger;

  constructor(
    private readonly transactor: Transactor,
    private readonly replays: DeadLetterReplaysRepository,
    private readonly events: EventOutbox,
    private readonly relay: OutboxRelayHost,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: ReplayAttempts.name });
  }

  /** The letter went through its consumer's handler. */
  async processed(letter: DeadLetter, consumer: string, correlationId: string): Promise<void> {
    const announced = await this.transactor.run(async (m) => {
      if (!(await this.replays.record(m, letter.id, 'processed'))) return false;
      const { id: dlqId, stream, seq, reason } = letter;
      await this.events.record(m, {
        type: 'dead_letter.replayed',
        correlationId,
        data: { dlqId, consumer, stream, seq, reason },
      });
      return true;
    });
    if (announced) this.relay.notify();
  }

  /** It did not; recorded as far as the database lets, for the failure itself is the answer. */
  async failed(letter: DeadLetter, outcome: Exclude<ReplayOutcome, 'processed'>, detail: string): Promise<void> {
    try {
      await this.transactor.run((m) => this.replays.record(m, letter.id, outcome, detail));
    } catch (error) {
      this.logger.warn({ err: error, dlqId: letter.id, outcome }, 'replay attempt not recorded');
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { durableConsumerOwner, ExchangeNames, type ServiceName } from '@iren/contracts';
import { ROOT_LOGGER } from '@iren/platform';
import { NotReplayableError, replayFailure, type ReplayedDeadLetter } from './dead-letter-outcomes';
import { DeadLetterQueue } from './dead-letter-queue';
import {
  copiedMessage,
  type DeadLetter,
  isTheMessageOf,
  storedMessage,
  type StoredRecord,
} from './dead-letter-records';
import { DurableConsumers } from './durable-consumers';
import type { ConsumedMessage } from './worker';

/** The service whose durable consumer refused a letter, and that consumer. */
export interface DeadLetterOwner {
  consumer: string;
  service: ServiceName;
}

/**
 * Puts a dead letter back through the handler of the consumer that refused it, once its cause is
 * fixed (a node reinstated, a key registered): the message is rebuilt as the consumer first saw it
 * — from its own stream while that still holds it, else from the copy the dead letter carries —
 * and handled as a delivery would be. The handlers are idempotent, so a second replay changes
 * nothing. It neither acks nor deletes anything: the letter stays in the DLQ, as evidence.
 */
@Injectable()
export class DeadLetterReplay {
  private readonly logger: Logger;

  constructor(
    private readonly queue: DeadLetterQueue,
    private readonly names: ExchangeNames,
    private readonly consumers: DurableConsumers,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: DeadLetterReplay.name });
  }

  /**
   * Which service may put the letter back: the one whose durable consumer gave up on it, reading
   * the stream it came from. A node's own consumer is its system's to read, not the exchange's.
   */
  ownerOf(letter: DeadLetter): DeadLetterOwner {
    const { consumer, stream, seq } = letter;
    const what = `dead letter ${letter.id}`;
    if (!consumer) throw new NotReplayableError(`${what} names no consumer: not replayable`);
    const owner = durableConsumerOwner(this.names, consumer);
    if (!owner) throw new NotReplayableError(`${what}: ${consumer} is not a consumer of this network's services`);
    if (owner.party === 'node') {
      throw new NotReplayableError(
        `${what}: ${consumer} is a node's own consumer, read by the node's system: not replayable here`,
      );
    }
    if (stream !== owner.stream || seq === null) {
      throw new NotReplayableError(
        `${what}: it does not name a message of ${owner.stream}, the stream ${consumer} reads`,
      );
    }
    return { consumer, service: owner.party };
  }

  /** Runs the letter `id` through this service's consumer that refused it; the errors say why not. */
  async replay(id: string): Promise<ReplayedDeadLetter> {
    const { record, letter } = await this.queue.read(id);
    const { consumer } = this.ownerOf(letter);
    const worker = this.consumers.find(consumer);
    if (!worker) throw new NotReplayableError(`dead letter ${id}: consumer ${consumer} does not run in this service`);
    const msg = await this.rebuilt(record, letter);
    const log = { id, consumer, stream: letter.stream, seq: letter.seq, reason: letter.reason };
    try {
      await worker.replay(msg);
    } catch (error) {
      const failure = replayFailure(error, consumer);
      this.logger.warn({ ...log, err: error }, 'dead letter replayed: not processed');
      throw failure;
    }
    this.logger.info(log, 'dead letter replayed: processed');
    return { id, consumer, outcome: 'processed' };
  }

  /** The message as the consumer first saw it: from its stream if it still holds it, else the letter's copy. */
  private async rebuilt(record: StoredRecord, letter: DeadLetter): Promise<ConsumedMessage> {
    const stored = await this.queue.stored(letter.stream!, letter.seq!);
    if (stored && isTheMessageOf(letter, stored)) return storedMessage(stored);
    const copy = copiedMessage(record, letter);
    if (copy) return copy;
    throw new NotReplayableError(
      `dead letter ${letter.id}: ${letter.stream} no longer holds message ${letter.seq}, and the ${letter.kind} carries no copy of it`,
    );
  }
}

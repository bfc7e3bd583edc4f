import type { JetStreamManager, JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { type ExchangeNames, HEADERS } from '@iren/contracts';

import { type ConsumerSpec, rewindConsumer } from './consumer-definition';
import { headerOf } from './trust/received-message';

/** How many of its latest acked messages a worker remembers, to notice the stream lost them. */
const POSITION_MEMORY = 256;

/**
 * Keeps a durable consumer's position true when its broker loses the stream's tail.
 *
 * A single NATS server acknowledges a message before its next sync to disk: a power cut in between
 * loses the tail, and the messages published after the restart take the lost sequences. Two things
 * then go wrong, and this class guards against both:
 * - an ack names a stream sequence, not a message: acking a message pulled before the connection
 *   dropped could ack another one, stored at that sequence since, that this worker never saw. So a
 *   message pulled on an earlier connection may be handled but not answered (`mayAnswer`);
 * - the consumer, remembering it delivered those sequences, skips the new messages stored there.
 *   So the latest acked messages are remembered, by sequence with their `Nats-Msg-Id`, and the
 *   stream must still hold each where it was (`check`); when it does not, the consumer is made again
 *   from the first one lost (handlers are idempotent: what is delivered twice changes nothing).
 */
export class StreamPosition {
  /** The last messages acked, by stream sequence, with their `Nats-Msg-Id`: what the stream must still hold. */
  private readonly acked = new Map<number, string>();
  /** How many times the connection has dropped; each message pulled is tagged with it as its pull began. */
  private connection = 0;
  private readonly pulledOn = new WeakMap<JsMsg, number>();
  readonly counts = { rewound: 0, leftForRedelivery: 0 };

  constructor(
    private readonly jsm: JetStreamManager,
    private readonly names: ExchangeNames,
    private readonly spec: ConsumerSpec,
    private readonly logger: Logger,
  ) {}

  /** What a pull starting now is on: pass it to `pulled` for each message the pull brings. */
  pullStarts(): number {
    return this.connection;
  }

  pulled(msg: JsMsg, pullStartedOn: number): void {
    this.pulledOn.set(msg, pullStartedOn);
  }

  /** The connection to NATS dropped: what was pulled before it may no longer be answered. */
  connectionLost(): void {
    this.connection += 1;
  }

  /**
   * False (and counted as left for redelivery) when `msg` was pulled before the connection last
   * dropped: it is then neither acked nor terminated, and the server delivers whatever is at its
   * sequence again after the ack wait.
   */
  mayAnswer(msg: JsMsg): boolean {
    const connection = this.pulledOn.get(msg);
    if (connection === undefined || connection === this.connection) return true;
    this.counts.leftForRedelivery += 1;
    this.logger.debug(
      { consumer: this.spec.purpose, seq: msg.seq },
      'pulled before the connection dropped; left for redelivery',
    );
    return false;
  }

  /** Remembers an acked message, to check later that the stream still holds it. */
  remember(msg: JsMsg): void {
    const msgId = headerOf(msg, HEADERS.msgId);
    if (!msgId) return;
    this.acked.set(msg.seq, msgId);
    if (this.acked.size > POSITION_MEMORY) this.acked.delete(this.acked.keys().next().value!);
  }

  /**
   * Checks that the latest acked message is still in the stream where it was; when it is not,
   * makes the consumer again from the first remembered one the stream no longer holds and answers
   * true (the worker then gets its consumer afresh). A check that cannot reach NATS answers false
   * and waits for the next.
   */
  async check(): Promise<boolean> {
    if (this.acked.size === 0) return false;
    const stream = this.names.stream(this.spec.stream);
    const holds = async (seq: number) =>
      (await this.jsm.streams.getMessage(stream, { seq }))?.header?.get(HEADERS.msgId) === this.acked.get(seq);
    try {
      const seqs = [...this.acked.keys()].sort((a, b) => a - b);
      if (await holds(seqs[seqs.length - 1])) return false;
      let firstLost = seqs[seqs.length - 1];
      for (const seq of seqs.slice(0, -1).reverse()) {
        if (await holds(seq)) break;
        firstLost = seq;
      }
      this.logger.error(
        { consumer: this.spec.purpose, stream, fromSeq: firstLost },
        'the stream lost messages this consumer had acked (its tail was not on disk); consuming again from there',
      );
      await rewindConsumer(this.jsm, this.names, this.spec, firstLost);
      this.acked.clear();
      this.counts.rewound += 1;
      return true;
    } catch (error) {
      this.logger.debug({ err: error, consumer: this.spec.purpose }, 'position check failed; trying again later');
      return false;
    }
  }
}
